'use client';

import { useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RefundDay } from '@/lib/finance/refund-daily';
import { formatAmount, formatMoney } from '@/lib/format';

const SERIES = [
  { key: 'succeeded', color: '#059669' },
  { key: 'inFlight', color: '#d97706' },
  { key: 'failed', color: '#dc2626' },
] as const;

/**
 * The chart's bars (recharts), loaded after the page is shown: the library is most of the refund
 * history's JavaScript, and the totals and the table above and below it need none of it.
 */
export default function RefundDailyBars({ days }: { days: RefundDay[] }) {
  const t = useTranslations('finance.chart');
  const locale = useLocale();
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} fontSize={11} minTickGap={12} />
        <YAxis tickFormatter={(cents: number) => formatAmount(Math.round(cents))} fontSize={11} width={80} />
        <Tooltip
          formatter={(value, name) => [formatMoney(Math.round(Number(value)), undefined, locale), name]}
          labelFormatter={(day) => `${day} (HKT)`}
        />
        {/* Recharts colours legend text like its bar; amber and green text on white fall short of
            4.5:1, so the swatch carries the colour and the name stays dark. */}
        <Legend wrapperStyle={{ fontSize: 12 }} formatter={(name) => <span className="text-slate-700">{name}</span>} />
        {SERIES.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={t(s.key)} stackId="day" fill={s.color} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
