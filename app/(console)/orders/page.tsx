import { getTranslations } from 'next-intl/server';
import { requireCapability } from '@/lib/auth/guard';

export default async function OrdersPage() {
  await requireCapability('orders.view');
  const t = await getTranslations('nav');
  return <h1 className="text-xl font-semibold">{t('orders')}</h1>;
}
