import { z } from 'zod';
import { msg } from '@/lib/shared/messages';
import { hasControlCharacters } from '@/lib/shared/text';

/** The most orders one close request may name — one page of the unpaid list. */
export const CLOSE_BATCH_MAX = 100;
export const CLOSE_REASON_MAX = 200;

const UUID = z.string().uuid();

// The element check is on the array itself, so its message lands on the `orderIds` field.
const orderIds = z
  .array(z.string(), { message: msg('errors.close.select_one') })
  .min(1, msg('errors.close.select_one'))
  .max(CLOSE_BATCH_MAX, msg('errors.close.too_many', { max: CLOSE_BATCH_MAX }))
  .refine((ids) => ids.every((id) => UUID.safeParse(id).success), msg('errors.close.unknown_in_selection'));

/**
 * Why the orders are being closed: kept on each order's timeline, never sent to eftPay
 * (docs/eftpay-gateway.md §4.3 has no field for it).
 */
const CloseReason = z
  .string({ message: msg('errors.close.reason_required') })
  .trim()
  .min(1, msg('errors.close.reason_required'))
  .max(CLOSE_REASON_MAX, msg('errors.close.reason_too_long', { max: CLOSE_REASON_MAX }))
  // Postgres refuses a NUL in text and jsonb: refused here, on the field, not at the database.
  .refine((reason) => !hasControlCharacters(reason), msg('errors.filters.control_characters'));

/** The close form's schema, used as is by the browser form and the server action. */
export const CloseOrdersInput = z.object({ orderIds, reason: CloseReason });
export type CloseOrdersInput = z.input<typeof CloseOrdersInput>;

export const PreviewCloseInput = z.object({ orderIds });
export type PreviewCloseInput = z.input<typeof PreviewCloseInput>;

export const CloseOrderInput = z.object({
  orderId: z.string().uuid(msg('errors.close.order_unknown')),
  reason: CloseReason,
});
export type CloseOrderInput = z.input<typeof CloseOrderInput>;
