'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { actionClient } from '@/lib/actions/safe-action';
import { mapTerminal } from '@/lib/stores/map-terminal';
import { MapTerminalInput } from '@/lib/stores/schemas';

export const mapTerminalAction = actionClient
  .metadata({ name: 'mapTerminalAction', capability: 'stores.manage' })
  .inputSchema(MapTerminalInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await mapTerminal({ ctx, input: parsedInput });
    revalidatePath('/staff/stores');
    revalidatePath('/orders');
    return result;
  });
