import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { CreateStaffForm } from '@/components/staff/create-staff-form';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { listStores } from '@/lib/stores/list';

export default async function NewStaffPage() {
  await requireCapability('staff.manage');
  const t = await getTranslations('staff');
  const stores = await listStores(await getDb());
  return (
    <div className="space-y-4">
      <Link href="/staff" className="text-sm text-brand-700 hover:underline">
        ← {t('back')}
      </Link>
      <h1 className="text-xl font-semibold">{t('create.title')}</h1>
      <CreateStaffForm stores={stores.map(({ id, code, name }) => ({ id, code, name }))} />
    </div>
  );
}
