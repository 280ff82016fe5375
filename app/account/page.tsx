import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { requireSignedIn } from '@/lib/auth/guard';

export default async function AccountPage() {
  const actor = await requireSignedIn();
  const t = await getTranslations('staff.account');
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600">{t('signedInAs', { email: actor.email })}</p>
      </div>
      <Card className="max-w-xl">
        <ul className="space-y-1 text-sm">
          <li>
            <Link
              href="/account/password"
              className="inline-flex min-h-10 items-center text-brand-700 hover:underline"
              data-primary-action=""
            >
              {t('password.title')}
            </Link>
          </li>
          <li>
            <Link
              href="/account/two-factor"
              className="inline-flex min-h-10 items-center text-brand-700 hover:underline"
            >
              {t('twoFactor.link')}
            </Link>
          </li>
        </ul>
      </Card>
    </div>
  );
}
