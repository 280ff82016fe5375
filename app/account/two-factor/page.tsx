import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { TotpEnrolment } from '@/components/account/totp-enrolment';
import { Card, Notice } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { accountStateOf, requireSignedIn } from '@/lib/auth/guard';
import { unusedRecoveryCodes } from '@/lib/staff/account-state';
import { pendingTotpEnrolment } from '@/lib/staff/pending-totp';
import { formatDateTime } from '@/lib/time/format';

export default async function TwoFactorPage() {
  const actor = await requireSignedIn();
  const state = await accountStateOf(actor.staffId);
  // A one-time password is replaced first: enrolment belongs to the person, not to whoever read it.
  if (state.mustChangePassword) redirect('/account/password');
  const [t, locale] = await Promise.all([getTranslations('staff.account.twoFactor'), getLocale()]);
  const db = await getDb();

  if (state.totpEnabled) {
    const [enabledAt, codesLeft] = await Promise.all([
      pendingTotpEnrolment(db, actor).then((p) => p.enabledAt),
      unusedRecoveryCodes(db, actor.staffId),
    ]);
    return (
      <div className="max-w-xl space-y-4">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <Notice tone="success" data-testid="two-factor-on">
          {t('on')} {enabledAt ? t('enabledSince', { time: formatDateTime(enabledAt, locale) }) : null}
        </Notice>
        <p className="text-sm text-slate-600">{t('codesLeft', { count: codesLeft })}</p>
      </div>
    );
  }

  const pending = await pendingTotpEnrolment(db, actor);
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      {state.requireTotp ? (
        <Notice tone="warning" data-testid="two-factor-required">
          {t('required')}
        </Notice>
      ) : null}
      <Card className="space-y-4">
        <p className="text-sm text-slate-700">{t('intro')}</p>
        <TotpEnrolment pending={pending.setup} />
      </Card>
    </div>
  );
}
