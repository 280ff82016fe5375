import 'server-only';
import type { Locale } from '@/lib/i18n/locales';
import type { Role } from './permissions';
import type { StoreScope } from './scope';

export interface StaffActor {
  kind: 'staff';
  staffId: string;
  sessionId: string | null;
  name: string;
  email: string;
  role: Role;
  storeIds: readonly string[];
  scope: StoreScope;
  /**
   * The session's last proof of presence (sign-in, or a step-up: lib/auth/step-up.ts); protected
   * actions ask for a new one when it is older than the refund policy allows. Null: none.
   */
  steppedUpAt?: Date | null;
  /** Their chosen console language; null or absent: the browser's (lib/i18n/negotiate.ts). */
  locale?: Locale | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface SystemActor {
  kind: 'eftpay' | 'system';
  ip?: string | null;
  userAgent?: string | null;
}

export const SYSTEM: SystemActor = { kind: 'system' };
export const EFTPAY: SystemActor = { kind: 'eftpay' };
