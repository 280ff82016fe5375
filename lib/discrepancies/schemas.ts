import { z } from 'zod';
import { msg } from '@/lib/shared/messages';

/** Marking a discrepancy resolved: which one, and what was done about it (required). */
export const ResolveDiscrepancyInput = z.object({
  discrepancyId: z.string().uuid(msg('errors.discrepancies.unknown')),
  note: z
    .string()
    .trim()
    .min(1, msg('errors.discrepancies.note_required'))
    .max(1000, msg('errors.discrepancies.note_too_long')),
});
export type ResolveDiscrepancyInput = z.input<typeof ResolveDiscrepancyInput>;
