import { z } from 'zod';

export const MapTerminalInput = z.object({
  tid: z
    .string()
    .trim()
    .min(1, 'Enter the terminal id.')
    .max(64, 'A terminal id has at most 64 characters.')
    .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - and _ only.'),
  storeId: z.string().uuid('Choose a store.'),
});
export type MapTerminalInput = z.infer<typeof MapTerminalInput>;
