import { vi } from 'vitest';

/**
 * Setup file of the integration projects. Outside a Next request `revalidatePath` and
 * `revalidateTag` throw; the actions under test call them after their work is done, so they are
 * stand-ins that record their calls (a test may assert on them by importing from 'next/cache').
 */
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
