import { z } from 'zod';
import { msg } from '@/lib/shared/messages';

export const MapTerminalInput = z.object({
  tid: z
    .string()
    .trim()
    .min(1, msg('errors.stores.tid_required'))
    .max(64, msg('errors.stores.tid_too_long', { max: 64 }))
    .regex(/^[A-Za-z0-9_-]+$/, msg('errors.intake.charset')),
  storeId: z.string().uuid(msg('errors.stores.store_required')),
});
export type MapTerminalInput = z.infer<typeof MapTerminalInput>;
