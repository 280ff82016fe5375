import 'server-only';
import type { AccountSetupStep } from '@/lib/staff/account-state';

/** The page where each set-up step is done (app/account/…); the console layout sends people there. */
export const ACCOUNT_SETUP_PATHS: Readonly<Record<AccountSetupStep, string>> = {
  change_password: '/account/password',
  enrol_two_factor: '/account/two-factor',
};
