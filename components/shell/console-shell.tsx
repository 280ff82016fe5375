import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import type { StaffActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { StepUpProvider } from '@/components/auth/step-up';
import { LanguageSwitch } from './language-switch';
import { NavMenu } from './nav-menu';
import { NAV_ITEMS, type NavBadge } from './nav-items';
import { SignOutButton } from './sign-out-button';

/**
 * The stores this person works in, so that a manager always sees whose orders they are looking at:
 * `'all'` for a role that sees every store, else the names (read by the layout).
 */
export type ShellStores = 'all' | readonly string[];

/** The counts beside navigation entries, read by the layout for the roles that see them. */
export type ShellBadges = Partial<Record<NavBadge, number>>;

export async function ConsoleShell({
  actor,
  stores,
  badges = {},
  children,
}: {
  actor: StaffActor;
  stores: ShellStores;
  badges?: ShellBadges;
  children: ReactNode;
}) {
  const t = await getTranslations();
  const items = NAV_ITEMS.filter((item) => can(actor.role, item.capability));
  const storesText = stores === 'all' ? t('staff.allStores') : stores.join(', ') || t('staff.noStores');
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/orders" className="font-semibold text-brand-700">
            {t('common.appName')}
          </Link>
          <NavMenu menuLabel={t('nav.menu')} closeLabel={t('nav.closeMenu')}>
            <nav aria-label="Main" className="flex flex-col gap-1 lg:flex-auto lg:flex-row lg:flex-wrap">
              {items.map((item) => {
                const count = item.badge ? (badges[item.badge] ?? 0) : 0;
                return (
                  <Link
                    key={item.href}
                    href={item.href}
                    // The badge is a bare number on screen; its name says what it counts.
                    aria-label={count > 0 ? t(`nav.${item.key}Waiting`, { count }) : undefined}
                    className="inline-flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap text-slate-700 hover:bg-slate-100"
                  >
                    {t(`nav.${item.key}`)}
                    {/* The space keeps the visible words ("Approvals 3") inside the name, as read. */}
                    {count > 0 ? ' ' : null}
                    {count > 0 ? (
                      <span
                        aria-hidden="true"
                        data-testid={`nav-badge-${item.badge}`}
                        className="min-w-5 rounded-full bg-amber-700 px-1.5 text-center text-xs leading-5 font-semibold text-white tabular-nums"
                      >
                        {count}
                      </span>
                    ) : null}
                  </Link>
                );
              })}
            </nav>
            <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3 text-sm lg:ml-auto lg:border-0 lg:pt-0">
              <Link
                href="/account"
                data-testid="signed-in-as"
                className="text-slate-600 hover:underline max-lg:inline-flex max-lg:min-h-10 max-lg:items-center"
              >
                {actor.name} · {t(`nav.roles.${actor.role}`)} · <span data-testid="signed-in-stores">{storesText}</span>
              </Link>
              <LanguageSwitch account />
              <SignOutButton label={t('auth.signOut')} />
            </div>
          </NavMenu>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-4 sm:px-6 sm:py-6">
        <StepUpProvider>{children}</StepUpProvider>
      </main>
    </div>
  );
}
