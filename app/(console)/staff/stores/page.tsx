import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { UnassignedTerminals } from '@/components/staff/unassigned-terminals';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { listStores, listUnassignedTerminals } from '@/lib/stores/list';

export default async function StoresPage() {
  await requireCapability('stores.manage');
  const t = await getTranslations('staff');
  const db = await getDb();
  const [stores, unassigned] = await Promise.all([listStores(db), listUnassignedTerminals(db)]);
  const options = stores.map(({ id, code, name }) => ({ id, code, name }));
  return (
    <div className="space-y-6">
      <Link href="/staff" className="text-sm text-brand-700 hover:underline">
        ← {t('back')}
      </Link>
      <div>
        <h1 className="text-xl font-semibold">{t('stores.title')}</h1>
        <p className="text-sm text-slate-600">{t('stores.subtitle')}</p>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm" data-testid="stores-table">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">{t('stores.code')}</th>
              <th className="px-4 py-2">{t('stores.name')}</th>
              <th className="px-4 py-2">{t('stores.terminals')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {stores.map((store) => (
              <tr key={store.id}>
                <td className="px-4 py-2 font-mono">{store.code}</td>
                <td className="px-4 py-2">{store.name}</td>
                <td className="px-4 py-2 font-mono text-slate-700">{store.tids.join(', ') || t('stores.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Card>
        <h2 className="font-semibold">{t('stores.unassigned')}</h2>
        <p className="mb-4 text-sm text-slate-600">{t('stores.unassignedHint')}</p>
        <UnassignedTerminals terminals={unassigned} stores={options} />
      </Card>
    </div>
  );
}
