import { getTranslations } from 'next-intl/server';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { Notice } from '@/components/ui/card';
import { accountStateOf, requireSignedIn } from '@/lib/auth/guard';

export default async function ChangePasswordPage() {
  const actor = await requireSignedIn();
  const state = await accountStateOf(actor.staffId);
  const t = await getTranslations('staff.account.password');
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      {state.mustChangePassword ? (
        <Notice tone="warning" data-testid="must-change-password">
          {t('mustChange')}
        </Notice>
      ) : null}
      <ChangePasswordForm />
    </div>
  );
}
