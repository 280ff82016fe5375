import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import type { FinancePreset } from '@/lib/shared/date-presets';

/**
 * In place of the totals and the chart when an amount range has no date range of at most `days`
 * days (lib/finance/refund-days.ts, `aggregatesAnswer`): what to do, and the quick ranges that
 * keep the rest of the filter. The list below still shows the matching refunds, and the export
 * still streams all of them.
 */
export function TotalsNeedDates({
  days,
  ranges,
}: {
  days: number;
  ranges: Array<{ preset: FinancePreset; href: string }>;
}) {
  const t = useTranslations('finance');
  return (
    <Card className="space-y-3" role="region" aria-labelledby="refund-totals-heading" data-testid="totals-need-dates">
      <h2 id="refund-totals-heading" className="font-semibold">
        {t('totals.heading')}
      </h2>
      <p className="text-sm text-slate-700">{t('totals.needDates', { days })}</p>
      <ul className="flex flex-wrap gap-2">
        {ranges.map(({ preset, href }) => (
          <li key={preset}>
            <Button asChild variant="secondary" className="min-h-11">
              <Link href={href}>{t(`presets.${preset}`)}</Link>
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
