import { addDays, format } from 'date-fns';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Db } from '@/db/connect';
import { type AuditFilter, AuditFilterInput, auditFilterParams } from '@/lib/audit/audit-filter';
import { auditFilterOptionsQueries, getAuditFilterOptions } from '@/lib/audit/filter-options';
import { listAudit, listAuditQuery } from '@/lib/audit/list-audit';
import { type StoreScope, scopeFor } from '@/lib/auth/scope';
import { hkPreset } from '@/lib/time/hk';
import { BENCH_STAFF } from './audit-seed';

/**
 * The audit log's shapes as the bench measures them: every filter the page offers alone (who:
 * any staff, eftPay, the system, one busy and one idle staff member; which event: common, rare,
 * absent; Hong Kong days: today, the last 7 days, this month, one day and one month in the past,
 * open-ended ranges), realistic combinations — and the ones that match nothing, which cost the
 * most when an index does not bound them — plus deep keyset pages both ways. Each shape runs the
 * data layer exactly as app/(console)/audit/page.tsx does (filter choices, then the page) and
 * gives the statements it sends (`statements()`: drizzle `.toSQL()`), so that a caller can send
 * them raw through `pg` and EXPLAIN them. Adds one staff member whom no row names
 * (`bench-audit-idle@bench.local`), as the filter lists every staff member.
 */
export interface AuditShape {
  name: string;
  /** The filter as the page parses it from the URL. */
  filter: AuditFilter;
  /** The page's URL parameters (filter, and the cursor of a deep page). */
  query: Record<string, string>;
  scope: StoreScope;
  after?: string;
  before?: string;
  /** What the page must show: `rows` — at least one; `none` — nothing. */
  expect?: 'rows' | 'none';
  /** The data layer, as the page calls it. */
  run(): Promise<{ rows: number; actions: number }>;
  /** The statements `run` sends, in order, with their parameters. */
  statements(): Array<{ name: string; query: { sql: string; params: unknown[] } }>;
}

export interface AuditShapeContext {
  db: Db;
  pool: pg.Pool;
  /** The caller's scope; the roles that hold `audit.view` see all stores. */
  scope?: StoreScope;
  /** Rows from the top for the deep pages (~page 500 of 50). */
  deepOffset?: number;
}

const dialect = new PgDialect();
const hkDay = (date: Date) => date.toLocaleString('sv-SE', { timeZone: 'Asia/Hong_Kong' }).slice(0, 10);

/** The shapes for the database as seeded (tests/bench/lib/audit-seed.ts), with ids read from it. */
export async function auditShapes(ctx: AuditShapeContext): Promise<AuditShape[]> {
  const { db, pool } = ctx;
  const scope = ctx.scope ?? scopeFor('admin', []);
  // One of the four busiest staff members (audit-seed: n 20–23) and an ordinary one.
  const staffId = async (email: string) => {
    const { rows } = await pool.query('select id from staff_users where email = $1', [email]);
    if (!rows[0]) throw new Error(`no staff member ${email}: run seedAudit first`);
    return rows[0].id as string;
  };
  const busy = await staffId('bench-audit-21@bench.local');
  const ordinary = await staffId(`bench-audit-${String(Math.min(BENCH_STAFF, 57)).padStart(2, '0')}@bench.local`);
  // Someone the log never names as actor (the filter lists every staff member).
  const idle = (
    await pool.query(`insert into staff_users (email, name, password_hash, role)
                      values ('bench-audit-idle@bench.local', 'Bench Idle', 'x', 'finance')
                      on conflict (email) do update set name = excluded.name returning id`)
  ).rows[0].id as string;

  const now = new Date();
  const today = hkPreset('today', now);
  const last7 = hkPreset('last7', now);
  const thisMonth = hkPreset('thisMonth', now);
  const dayAgo = (days: number) => hkDay(addDays(now, -days));
  const pastDay = { from: dayAgo(90), to: dayAgo(90) };
  const pastMonthStart = format(addDays(now, -200), 'yyyy-MM-01');
  const pastMonth = { from: pastMonthStart, to: hkDay(addDays(new Date(`${pastMonthStart}T12:00:00+08:00`), 30)) };

  const deep = ctx.deepOffset ?? 25_000;
  // The row `deep` rows down the unfiltered list, and down the list of staff rows: as far as a
  // person following "Older" 500 times gets (the cursor is the last row of the page before).
  const cursorAt = async (where: string, offset: number) => {
    const { rows } = await pool.query(
      `select id::text from audit_log where ${where} order by at desc, id desc offset $1 limit 1`,
      [offset],
    );
    return rows[0]?.id as string | undefined;
  };
  const deepAll = await cursorAt('true', deep);
  const deepStaff = await cursorAt('actor_staff_id is not null', deep);
  const deepAction = await cursorAt(`action = 'order.payment_notified'`, deep);
  const deepBusy = await cursorAt(`actor_staff_id = '${busy}'`, Math.min(deep, 5_000));

  type Spec = Omit<AuditShape, 'run' | 'statements' | 'query' | 'scope' | 'filter'> & {
    params: Record<string, string>;
  };
  const specs: Spec[] = [
    { name: 'no filter', params: {}, expect: 'rows' },
    // Who, alone.
    { name: 'who: any staff', params: { actor: 'staff' }, expect: 'rows' },
    { name: 'who: eftPay', params: { actor: 'eftpay' }, expect: 'rows' },
    { name: 'who: system', params: { actor: 'system' }, expect: 'rows' },
    { name: 'who: a busy staff member', params: { actor: busy }, expect: 'rows' },
    { name: 'who: an ordinary staff member', params: { actor: ordinary }, expect: 'rows' },
    { name: 'who: a staff member never named', params: { actor: idle }, expect: 'none' },
    // Which event, alone.
    { name: 'event: payment notified (common)', params: { action: 'order.payment_notified' }, expect: 'rows' },
    { name: 'event: refund requested', params: { action: 'refund.requested' }, expect: 'rows' },
    { name: 'event: role changed (rare)', params: { action: 'staff.role_changed' }, expect: 'rows' },
    { name: 'event: one the log does not hold', params: { action: 'bench.never_recorded' }, expect: 'none' },
    // When, alone.
    { name: 'days: today', params: today },
    { name: 'days: last 7', params: last7, expect: 'rows' },
    { name: 'days: this month', params: thisMonth },
    { name: 'days: one day 3 months ago', params: pastDay, expect: 'rows' },
    { name: 'days: a month 7 months ago', params: pastMonth, expect: 'rows' },
    { name: 'days: from 2 months ago on', params: { from: dayAgo(60) }, expect: 'rows' },
    { name: 'days: up to 6 months ago', params: { to: dayAgo(180) }, expect: 'rows' },
    { name: 'days: before the log began', params: { to: dayAgo(800) }, expect: 'none' },
    // Combinations a person makes.
    {
      name: 'eftPay + payment notified',
      params: { actor: 'eftpay', action: 'order.payment_notified' },
      expect: 'rows',
    },
    { name: 'system + sign-in failed', params: { actor: 'system', action: 'auth.sign_in_failed' }, expect: 'rows' },
    { name: 'any staff + refund requested', params: { actor: 'staff', action: 'refund.requested' }, expect: 'rows' },
    { name: 'busy staff + refund requested', params: { actor: busy, action: 'refund.requested' }, expect: 'rows' },
    { name: 'ordinary staff + last 7 days', params: { actor: ordinary, ...last7 }, expect: 'rows' },
    { name: 'busy staff + one day 3 months ago', params: { actor: busy, ...pastDay }, expect: 'rows' },
    { name: 'refund requested + one day', params: { action: 'refund.requested', ...pastDay }, expect: 'rows' },
    { name: 'role changed + a month', params: { action: 'staff.role_changed', ...pastMonth } },
    { name: 'system + one day', params: { actor: 'system', ...pastDay }, expect: 'rows' },
    {
      name: 'ordinary staff + refund requested + a month',
      params: { actor: ordinary, action: 'refund.requested', ...pastMonth },
      expect: 'rows',
    },
    {
      name: 'eftPay + payment notified + last 7 days',
      params: { actor: 'eftpay', action: 'order.payment_notified', ...last7 },
      expect: 'rows',
    },
    // Combinations that match nothing: the database must prove it, fast.
    {
      name: 'eftPay + refund requested (none)',
      params: { actor: 'eftpay', action: 'refund.requested' },
      expect: 'none',
    },
    {
      name: 'any staff + payment notified (none)',
      params: { actor: 'staff', action: 'order.payment_notified' },
      expect: 'none',
    },
    {
      name: 'system + signed in (none)',
      params: { actor: 'system', action: 'auth.signed_in' },
      expect: 'none',
    },
    {
      name: 'busy staff + payment notified (none)',
      params: { actor: busy, action: 'order.payment_notified' },
      expect: 'none',
    },
    {
      name: 'ordinary staff + sign-in failed + a year (none)',
      params: { actor: ordinary, action: 'auth.sign_in_failed', from: dayAgo(364), to: today.to },
      expect: 'none',
    },
    {
      name: 'eftPay + refund requested + a month (none)',
      params: { actor: 'eftpay', action: 'refund.requested', ...pastMonth },
      expect: 'none',
    },
    // Deep keyset pages (~page 500), older and back newer.
    ...(deepAll
      ? [
          { name: 'deep page, no filter', params: {}, after: deepAll, expect: 'rows' as const },
          { name: 'deep page back (newer), no filter', params: {}, before: deepAll, expect: 'rows' as const },
        ]
      : []),
    ...(deepStaff
      ? [{ name: 'deep page, any staff', params: { actor: 'staff' }, after: deepStaff, expect: 'rows' as const }]
      : []),
    ...(deepBusy
      ? [{ name: 'deep page, a busy staff member', params: { actor: busy }, after: deepBusy, expect: 'rows' as const }]
      : []),
    ...(deepAction
      ? [
          {
            name: 'deep page, payment notified',
            params: { action: 'order.payment_notified' },
            after: deepAction,
            expect: 'rows' as const,
          },
        ]
      : []),
  ];

  return specs.map(({ params, ...spec }) => {
    const parsed = AuditFilterInput.safeParse(params);
    if (!parsed.success) throw new Error(`${spec.name}: ${parsed.error.message}`);
    const filter = parsed.data;
    const cursor = { after: spec.after, before: spec.before };
    return {
      ...spec,
      filter,
      scope,
      query: {
        ...auditFilterParams(filter),
        ...(spec.after ? { after: spec.after } : {}),
        ...(spec.before ? { before: spec.before } : {}),
      },
      // As the page: the filter's choices, then the page of rows.
      async run() {
        const options = await getAuditFilterOptions(db, scope);
        const page = await listAudit(db, scope, filter, cursor);
        return { rows: page.rows.length, actions: options.actions.length };
      },
      statements() {
        const options = auditFilterOptionsQueries(db, scope);
        return [
          { name: 'filter choices: staff', query: options.staff.toSQL() },
          { name: 'filter choices: actions', query: dialect.sqlToQuery(options.actions) },
          { name: 'list page', query: listAuditQuery(db, scope, filter, cursor).toSQL() },
        ];
      },
    };
  });
}
