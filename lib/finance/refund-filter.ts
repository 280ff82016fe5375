import { z } from 'zod';
import { centsToAmount, parseAmountToCents } from '@/lib/money';
import { msg } from '@/lib/shared/messages';
import { REFUND_REASONS, type RefundReason } from '@/lib/shared/refund-reasons';
import { REFUND_STATUSES, type RefundStatus } from '@/lib/shared/statuses';
import { UNASSIGNED } from '@/lib/shared/stores';
import { hasControlCharacters } from '@/lib/shared/text';
import { WALLET_CODES } from '@/lib/shared/wallets';
import { HkDay, optionalParam } from './url-params';

/**
 * The refund history's filter, as it travels in the URL. One schema serves the page, the CSV
 * export route and the audit row of an export, so "the filtered set" means the same everywhere.
 * Blank fields are absent; every bad value is reported on its own field.
 */
export { REFUND_REASONS, REFUND_STATUSES, type RefundReason, type RefundStatus };

/** Which instant the date range applies to. */
const DATE_BASES = ['requested', 'completed'] as const;

/** `store=unassigned`: refunds of orders whose terminal no store owns (admin and finance only). */
export { UNASSIGNED };

/** Our and eftPay's numbers are ≤ 28 characters; anything much longer is not a number. */
const MAX_NUMBER_LENGTH = 64;

const Amount = z.string().transform((text, ctx) => {
  const cents = parseAmountToCents(text.replace(/,/g, ''));
  if (cents === null) {
    ctx.addIssue({ code: 'custom', message: msg('errors.filters.amount_format') });
    return z.NEVER;
  }
  return cents;
});

export const RefundFilterInput = z
  .object({
    from: optionalParam(HkDay),
    to: optionalParam(HkDay),
    basis: optionalParam(z.enum(DATE_BASES, { error: msg('errors.filters.unknown_basis') })).default('requested'),
    store: optionalParam(z.union([z.literal(UNASSIGNED), z.uuid()], { error: msg('errors.filters.unknown_store') })),
    staff: optionalParam(z.uuid({ error: msg('errors.filters.unknown_staff') })),
    status: optionalParam(z.enum(REFUND_STATUSES, { error: msg('errors.filters.unknown_status') })),
    wallet: optionalParam(z.enum(WALLET_CODES, { error: msg('errors.filters.unknown_wallet') })),
    reason: optionalParam(z.enum(REFUND_REASONS, { error: msg('errors.filters.unknown_reason') })),
    /** Inclusive bounds, in integer cents once parsed. */
    min: optionalParam(Amount),
    max: optionalParam(Amount),
    /** Our order number, eftPay's order number or our refund number — exactly. */
    q: optionalParam(
      z
        .string()
        .max(MAX_NUMBER_LENGTH, msg('errors.filters.too_long', { max: MAX_NUMBER_LENGTH }))
        .refine((q) => !hasControlCharacters(q), msg('errors.filters.control_characters')),
    ),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: msg('errors.filters.end_before_start') });
    }
    if (value.min !== undefined && value.max !== undefined && value.min > value.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: msg('errors.filters.max_below_min') });
    }
  });

/** The parsed filter: days as `YYYY-MM-DD` (Hong Kong), amounts in cents. */
export type RefundFilter = z.output<typeof RefundFilterInput>;

/** The filter back as canonical URL parameters — for links (export, paging) and audit rows. */
export function refundFilterParams(filter: RefundFilter): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === 'basis' && value === 'requested') continue;
    params[key] = key === 'min' || key === 'max' ? centsToAmount(value as number) : String(value);
  }
  return params;
}
