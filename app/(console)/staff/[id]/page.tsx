import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { AccessPanel } from '@/components/staff/access-panel';
import { RoleForm } from '@/components/staff/role-form';
import { StoresForm } from '@/components/staff/stores-form';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { notFoundOnNotFound } from '@/lib/pages/not-found';
import { getStaffOrThrow } from '@/lib/staff/list';
import { listStores } from '@/lib/stores/list';
import { formatDateTime } from '@/lib/time/format';

export default async function StaffMemberPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireCapability('staff.manage');
  const { id } = await params;
  const t = await getTranslations('staff');
  const locale = await getLocale();
  const db = await getDb();
  const [member, stores] = await Promise.all([notFoundOnNotFound(actor, getStaffOrThrow(db, id)), listStores(db)]);
  return (
    <div className="space-y-4">
      <Link href="/staff" className="text-sm text-brand-700 hover:underline">
        ← {t('back')}
      </Link>
      <div>
        <h1 className="text-xl font-semibold" data-testid="staff-name">
          {member.name}
        </h1>
        <p className="text-sm text-slate-600">
          {member.email} · {t('detail.lastSignIn')}:{' '}
          {member.lastLoginAt ? formatDateTime(member.lastLoginAt, locale) : t('never')}
        </p>
        {member.locked ? (
          <p className="text-sm text-red-700">
            {t('detail.lockedUntil', { time: formatDateTime(member.lockedUntil, locale) })}
          </p>
        ) : null}
        {!member.active ? <p className="text-sm font-medium text-slate-700">{t('status.inactive')}</p> : null}
      </div>
      <Card>
        <RoleForm staffId={member.id} role={member.role} />
      </Card>
      <Card>
        <StoresForm
          staffId={member.id}
          stores={stores.map(({ id: storeId, code, name }) => ({ id: storeId, code, name }))}
          assigned={member.stores.map((s) => s.id)}
          hint={t('create.storesHint')}
        />
      </Card>
      <Card>
        <h2 className="mb-3 font-semibold">{t('detail.access')}</h2>
        <AccessPanel
          staffId={member.id}
          name={member.name}
          active={member.active}
          locked={member.locked}
          totpEnabled={member.totpEnabled}
        />
      </Card>
    </div>
  );
}
