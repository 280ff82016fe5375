import { getTranslations } from 'next-intl/server';
import { OrdersTableSkeleton } from '@/components/orders/orders-table';

export default async function OrdersLoading() {
  const t = await getTranslations('orders');
  return (
    <div className="space-y-5">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <OrdersTableSkeleton label={t('table.loading')} />
    </div>
  );
}
