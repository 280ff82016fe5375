import 'server-only';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
import { staffRole } from './enums';
import { stores } from './stores';

const tz = { withTimezone: true } as const;

export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-cased; unique. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    role: staffRole('role').notNull(),
    active: boolean('active').notNull().default(true),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', tz),
    lastLoginAt: timestamp('last_login_at', tz),
    /** The staff member must choose a new password at next sign-in (admin-issued initial/reset). */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /** TOTP secret, encrypted at rest (AES-256-GCM keyed from AUTH_SECRET); null until enrolled. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', tz),
    /** The console language they chose (`en`, `zh-HK`); null: follow the browser's. */
    locale: text('locale').$type<Locale>(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('staff_users_email_key').on(t.email),
    check('staff_users_locale_known', sql`${t.locale} in (${sql.raw(LOCALES.map((l) => `'${l}'`).join(', '))})`),
  ],
);

export const staffStores = pgTable(
  'staff_stores',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.storeId] }), index('staff_stores_store_idx').on(t.storeId)],
);

/**
 * One row per signed-in browser. The next-auth JWT only carries this id; the row is read on every
 * request so that idle expiry, sign-out and deactivation take effect at once (ADR 0001).
 */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', tz).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', tz),
    /** The last proof of presence in this session (sign-in, a TOTP code or the password): step-up, docs/adr/0014. */
    steppedUpAt: timestamp('stepped_up_at', tz),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

export const staffRecoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    /** argon2id hash of the code; the code itself is shown once. */
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', tz),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [index('staff_recovery_codes_staff_idx').on(t.staffId)],
);

/** Sign-in attempts, for the per-IP rate limit (works across app instances). */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ip: text('ip').notNull(),
    email: text('email'),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', tz).notNull().defaultNow(),
  },
  (t) => [index('sign_in_attempts_ip_at_idx').on(t.ip, t.at), index('sign_in_attempts_at_idx').on(t.at)],
);

/** Small key/value settings an admin can change at run time (e.g. `require_totp`). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', tz).notNull().default(sql`now()`),
});
