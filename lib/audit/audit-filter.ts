import 'server-only';
import { z } from 'zod';
import { HkDay, optionalParam } from '@/lib/finance/url-params';
import { ACTOR_KINDS } from '@/lib/shared/actors';
import { msg } from '@/lib/shared/messages';

/** `actor=eftpay` / `actor=system`: rows not made by a person; `actor=staff`: any staff member. */

/**
 * The audit log view's filter, as it travels in the URL — used by the page and the CSV export
 * route alike. Dates are Hong Kong days, inclusive.
 */
export const AuditFilterInput = z
  .object({
    from: optionalParam(HkDay),
    to: optionalParam(HkDay),
    /** A staff member's id, or one of ACTOR_KINDS. */
    actor: optionalParam(z.union([z.enum(ACTOR_KINDS), z.uuid()], { error: msg('errors.filters.unknown_actor') })),
    action: optionalParam(
      z
        .string()
        .max(100, msg('errors.filters.too_long', { max: 100 }))
        .regex(/^[a-z0-9_.]+$/, msg('errors.filters.action_format')),
    ),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: msg('errors.filters.end_before_start') });
    }
  });

export type AuditFilter = z.output<typeof AuditFilterInput>;

/** The filter back as canonical URL parameters — for links and the audit row of an export. */
export function auditFilterParams(filter: AuditFilter): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) params[key] = String(value);
  return params;
}

/** An audit row id from the URL (a keyset cursor). */
export const AuditCursor = z.string().regex(/^\d{1,18}$/);
