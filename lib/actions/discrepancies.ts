'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { actionClient } from '@/lib/actions/safe-action';
import { resolveDiscrepancy } from '@/lib/discrepancies/resolve';
import { ResolveDiscrepancyInput } from '@/lib/discrepancies/schemas';

/** Admins and finance (`discrepancies.resolve`): the verb checks again and audits. */
export const resolveDiscrepancyAction = actionClient
  .metadata({ name: 'resolveDiscrepancyAction', capability: 'discrepancies.resolve' })
  .inputSchema(ResolveDiscrepancyInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await resolveDiscrepancy({ ctx, input: parsedInput });
    revalidatePath('/discrepancies');
    return result;
  });
