import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { stackCell } from '@/components/ui/data-table';
import { LangText } from '@/components/ui/lang-text';
import { ALL_STORE_ROLES } from '@/lib/auth/permissions';
import type { StaffListItem } from '@/lib/staff/list';
import { formatDateTime } from '@/lib/time/format';

/** The staff list: one row per account, linking to its page. Server-rendered, no secrets. */
export async function StaffTable({ staff }: { staff: StaffListItem[] }) {
  const t = await getTranslations('staff');
  const tr = await getTranslations('nav.roles');
  const locale = await getLocale();
  const cell = (key: string, slot?: 'title' | 'status' | 'time') => stackCell(t(`columns.${key}`), slot);
  return (
    <div className="stack-frame overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="stack-table min-w-full text-left text-sm" data-testid="staff-table">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">{t('columns.name')}</th>
            <th className="px-4 py-2">{t('columns.email')}</th>
            <th className="px-4 py-2">{t('columns.role')}</th>
            <th className="px-4 py-2">{t('columns.stores')}</th>
            <th className="px-4 py-2">{t('columns.status')}</th>
            <th className="px-4 py-2">{t('columns.twoFactor')}</th>
            <th className="px-4 py-2">{t('columns.lastSignIn')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {staff.map((member) => (
            <tr key={member.id} data-testid="staff-row" data-email={member.email}>
              <td {...cell('name', 'title')} className="px-4 py-2 font-medium">
                <Link href={`/staff/${member.id}`} className="text-brand-700 hover:underline">
                  <LangText>{member.name}</LangText>
                </Link>
              </td>
              <td {...cell('email')} className="px-4 py-2 text-slate-600">
                {member.email}
              </td>
              <td {...cell('role')} className="px-4 py-2">
                {tr(member.role)}
              </td>
              <td {...cell('stores')} className="px-4 py-2">
                {ALL_STORE_ROLES.includes(member.role)
                  ? t('allStores')
                  : member.stores.map((s) => s.name).join(', ') || t('noStores')}
              </td>
              <td {...cell('status', 'status')} className="px-4 py-2">
                <StatusBadges member={member} labels={t} />
              </td>
              <td {...cell('twoFactor')} className="px-4 py-2">
                {member.totpEnabled ? t('twoFactor.on') : t('twoFactor.off')}
              </td>
              <td {...cell('lastSignIn', 'time')} className="px-4 py-2 text-slate-600">
                {member.lastLoginAt ? formatDateTime(member.lastLoginAt, locale) : t('never')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatusBadges({
  member,
  labels: t,
}: {
  member: StaffListItem;
  labels: Awaited<ReturnType<typeof getTranslations<'staff'>>>;
}) {
  const badges: Array<{ key: string; text: string; tone: string }> = [
    member.active
      ? { key: 'active', text: t('status.active'), tone: 'bg-emerald-50 text-emerald-800' }
      : { key: 'inactive', text: t('status.inactive'), tone: 'bg-slate-100 text-slate-700' },
  ];
  if (member.locked) badges.push({ key: 'locked', text: t('status.locked'), tone: 'bg-red-50 text-red-800' });
  if (member.mustChangePassword) {
    badges.push({ key: 'must-change', text: t('status.mustChange'), tone: 'bg-amber-50 text-amber-800' });
  }
  return (
    <span className="flex flex-wrap gap-1">
      {badges.map((b) => (
        <span key={b.key} className={`rounded px-2 py-0.5 text-xs font-medium ${b.tone}`}>
          {b.text}
        </span>
      ))}
    </span>
  );
}
