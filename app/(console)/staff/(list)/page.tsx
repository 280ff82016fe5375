import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { RequireTotpForm } from '@/components/staff/require-totp-form';
import { StaffTable } from '@/components/staff/staff-table';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { can } from '@/lib/auth/permissions';
import { listStaff } from '@/lib/staff/list';
import { getRequireTotp } from '@/lib/staff/settings';

export default async function StaffPage() {
  const actor = await requireCapability('staff.manage');
  const t = await getTranslations('staff');
  const db = await getDb();
  const [staff, requireTotp] = await Promise.all([listStaff(db), getRequireTotp(db)]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-slate-600">{t('subtitle')}</p>
        </div>
        <div className="flex gap-2">
          {can(actor.role, 'stores.manage') ? (
            <Button asChild variant="secondary">
              <Link href="/staff/stores">{t('storesLink')}</Link>
            </Button>
          ) : null}
          <Button asChild>
            <Link href="/staff/new" data-primary-action="">{t('add')}</Link>
          </Button>
        </div>
      </div>
      <StaffTable staff={staff} />
      <Card>
        <h2 className="mb-3 font-semibold">{t('requireTotp.title')}</h2>
        <RequireTotpForm required={requireTotp} />
      </Card>
    </div>
  );
}
