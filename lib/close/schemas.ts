import { z } from 'zod';

/** The most orders one close request may name — one page of the unpaid list. */
export const CLOSE_BATCH_MAX = 100;
export const CLOSE_REASON_MAX = 200;

const UUID = z.string().uuid();

// The element check is on the array itself, so its message lands on the `orderIds` field.
const orderIds = z
  .array(z.string(), { message: 'Select at least one order.' })
  .min(1, 'Select at least one order.')
  .max(CLOSE_BATCH_MAX, `Select at most ${CLOSE_BATCH_MAX} orders at a time.`)
  .refine((ids) => ids.every((id) => UUID.safeParse(id).success), 'Unknown order in the selection. Reload the page.');

/**
 * Why the orders are being closed: kept on each order's timeline, never sent to eftPay
 * (docs/eftpay-gateway.md §4.3 has no field for it).
 */
const CloseReason = z
  .string({ message: 'Say why these orders are being closed.' })
  .trim()
  .min(1, 'Say why these orders are being closed.')
  .max(CLOSE_REASON_MAX, `Keep the reason to ${CLOSE_REASON_MAX} characters.`);

/** The close form's schema, used as is by the browser form and the server action. */
export const CloseOrdersInput = z.object({ orderIds, reason: CloseReason });
export type CloseOrdersInput = z.input<typeof CloseOrdersInput>;

export const PreviewCloseInput = z.object({ orderIds });
export type PreviewCloseInput = z.input<typeof PreviewCloseInput>;

export const CloseOrderInput = z.object({ orderId: z.string().uuid('Unknown order.'), reason: CloseReason });
export type CloseOrderInput = z.input<typeof CloseOrderInput>;
