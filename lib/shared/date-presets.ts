import type { DatePreset } from '@/lib/time/hk';

/** The date filter's quick choices (Hong Kong days; lib/time/hk.ts `hkPreset`). Client-safe. */
export const DATE_PRESETS = ['today', 'yesterday', 'last7', 'thisMonth'] as const satisfies readonly DatePreset[];
