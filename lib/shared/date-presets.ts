import type { DatePreset } from '@/lib/time/hk';

/** The finance filters' quick ranges (refund history, audit log), computed by lib/finance/presets.ts. Client-safe. */
export const FINANCE_PRESETS = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth'] as const;
export type FinancePreset = (typeof FINANCE_PRESETS)[number];

/** The date filter's quick choices (Hong Kong days; lib/time/hk.ts `hkPreset`). Client-safe. */
export const DATE_PRESETS = ['today', 'yesterday', 'last7', 'thisMonth'] as const satisfies readonly DatePreset[];
