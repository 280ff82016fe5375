import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import AuditPage from '@/app/(console)/audit/page';
import { GET as exportAudit } from '@/app/api/exports/audit/route';
import { auditLog } from '@/db/schema';
import { AuditFilterInput } from '@/lib/audit/audit-filter';
import { listAudit } from '@/lib/audit/list-audit';
import type { StaffActor } from '@/lib/auth/actor';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { BOM, readExport } from './csv';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile();

const ALL = { kind: 'all' } as const;
const filter = (params: Record<string, string>) => AuditFilterInput.parse(params);
/** An action name no other test uses, so each test reads only its own rows. */
const freshAction = () => `test.${randomBytes(4).toString('hex')}`;

async function insertAudit(values: {
  action: string;
  at: string;
  actorKind?: 'staff' | 'eftpay' | 'system';
  actorStaffId?: string | null;
  storeId?: string | null;
  data?: Record<string, unknown>;
}) {
  const [row] = await database.db
    .insert(auditLog)
    .values({
      action: values.action,
      at: new Date(values.at),
      actorKind: values.actorKind ?? (values.actorStaffId ? 'staff' : 'system'),
      actorStaffId: values.actorStaffId ?? null,
      entityType: 'test',
      entityId: values.action,
      storeId: values.storeId ?? null,
      data: values.data ?? null,
    })
    .returning();
  return row!;
}

const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id);

/**
 * The export's English header; `actor_kind_code` and the hash chain's columns after the JSON ones
 * are named the same in every language.
 */
const AUDIT_HEADER = [
  'Entry no.',
  'Time (Hong Kong time)',
  'Who',
  'actor_kind_code',
  'Name',
  'Email',
  'Action',
  'Record type',
  'Record id',
  'Order no.',
  'Store code',
  'IP address',
  'Browser',
  'Before (JSON)',
  'After (JSON)',
  'Context (JSON)',
  'at_utc',
  'actor_staff_id',
  'order_id',
  'store_id',
  'seq',
  'prev_hash',
  'hash',
];

async function download(actor: StaffActor | null, params: Record<string, string>) {
  const url = `http://console.test/api/exports/audit?${new URLSearchParams(params)}`;
  return runAsActor(actor, () => exportAudit(new Request(url)));
}

describe('audit log view', () => {
  it('filters by staff member, by eftPay or the system, and by any staff member', async () => {
    const action = freshAction();
    const mandy = await makeStaff(database.db, 'manager');
    const tony = await makeStaff(database.db, 'manager');
    const byMandy = await insertAudit({ action, actorStaffId: mandy.staffId, at: '2026-03-01T01:00:00Z' });
    const byTony = await insertAudit({ action, actorStaffId: tony.staffId, at: '2026-03-01T02:00:00Z' });
    const byEftpay = await insertAudit({ action, actorKind: 'eftpay', at: '2026-03-01T03:00:00Z' });
    const bySystem = await insertAudit({ action, actorKind: 'system', at: '2026-03-01T04:00:00Z' });

    const list = async (actor: string) => ids((await listAudit(database.db, ALL, filter({ action, actor }))).rows);

    expect(await list(mandy.staffId)).toEqual([byMandy.id]);
    expect(await list('eftpay')).toEqual([byEftpay.id]);
    expect(await list('system')).toEqual([bySystem.id]);
    expect(await list('staff')).toEqual([byTony.id, byMandy.id]);
  });

  it('filters by action, newest first', async () => {
    const action = freshAction();
    const other = freshAction();
    const first = await insertAudit({ action, at: '2026-03-01T01:00:00Z' });
    await insertAudit({ action: other, at: '2026-03-01T01:30:00Z' });
    const second = await insertAudit({ action, at: '2026-03-01T02:00:00Z' });

    const page = await listAudit(database.db, ALL, filter({ action }));

    expect(ids(page.rows)).toEqual([second.id, first.id]);
  });

  it('filters by Hong Kong days: 00:30 HKT on the 2nd belongs to the 2nd', async () => {
    const action = freshAction();
    const lateFirst = await insertAudit({ action, at: '2026-03-01T15:59:59Z' });
    const earlySecond = await insertAudit({ action, at: '2026-03-01T16:30:00Z' });

    const second = await listAudit(database.db, ALL, filter({ action, from: '2026-03-02', to: '2026-03-02' }));
    const first = await listAudit(database.db, ALL, filter({ action, from: '2026-03-01', to: '2026-03-01' }));

    expect(ids(second.rows)).toEqual([earlySecond.id]);
    expect(ids(first.rows)).toEqual([lateFirst.id]);
  });

  it('pages by keyset both ways without skipping or repeating entries with the same time', async () => {
    const action = freshAction();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await insertAudit({ action, at: '2026-03-01T01:00:00Z' }));
    const newestFirst = ids(made).reverse();
    const f = filter({ action });

    const first = await listAudit(database.db, ALL, f, { limit: 2 });
    const second = await listAudit(database.db, ALL, f, { limit: 2, after: first.olderCursor! });
    const third = await listAudit(database.db, ALL, f, { limit: 2, after: second.olderCursor! });
    const back = await listAudit(database.db, ALL, f, { limit: 2, before: third.newerCursor! });

    expect([first, second, third].flatMap((p) => ids(p.rows))).toEqual(newestFirst);
    expect(third.olderCursor).toBeNull();
    expect(ids(back.rows)).toEqual(ids(second.rows));
  });

  it('shows a store-scoped caller only the entries about their stores', async () => {
    const action = freshAction();
    const mine = await makeStore(database.db);
    const theirs = await makeStore(database.db);
    const inMine = await insertAudit({ action, storeId: mine.id, at: '2026-03-01T01:00:00Z' });
    await insertAudit({ action, storeId: theirs.id, at: '2026-03-01T01:00:00Z' });
    await insertAudit({ action, storeId: null, at: '2026-03-01T01:00:00Z' });

    const page = await listAudit(database.db, { kind: 'stores', storeIds: [mine.id] }, filter({ action }));

    expect(ids(page.rows)).toEqual([inMine.id]);
  });

  it('reports bad filters on their fields', () => {
    const result = AuditFilterInput.safeParse({
      actor: 'mandy',
      action: 'DROP TABLE',
      from: '2026-03-09',
      to: '2026-03-01',
    });
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(['action', 'actor', 'to']);
    const range = AuditFilterInput.safeParse({ from: '2026-03-09', to: '2026-03-01' });
    expect(range.error?.issues.map((i) => i.path[0])).toEqual(['to']);
  });
});

describe('audit log export', () => {
  it('is exactly the filtered list, with a BOM, a header naming the zone, and JSON context', async () => {
    const action = freshAction();
    const finance = await makeStaff(database.db, 'finance');
    await insertAudit({
      action,
      actorStaffId: finance.staffId,
      at: '2026-03-01T16:30:00Z',
      data: { note: '退款 "x", y' },
    });
    await insertAudit({ action, actorKind: 'eftpay', at: '2026-03-02T01:00:00Z' });

    const response = await download(finance, { action });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    const { header, rows } = readExport(text);
    const list = await listAudit(database.db, finance.scope, filter({ action }));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=audit-log-\d{8}-\d{4}\.csv$/);
    expect(text.startsWith(`${BOM}Entry no.,Time (Hong Kong time),`)).toBe(true);
    expect(header).toEqual(AUDIT_HEADER);
    expect(rows.map((r) => Number(r['Entry no.']))).toEqual(ids(list.rows));
    expect(rows[1]).toMatchObject({
      'Time (Hong Kong time)': '2026-03-02 00:30:00',
      Who: 'Staff member',
      actor_kind_code: 'staff',
      Name: finance.name,
      Action: action,
      // The stored jsonb's own text, as the row's hash covers it.
      'Context (JSON)': '{"note": "退款 \\"x\\", y"}',
      at_utc: '2026-03-01T16:30:00.000000Z',
      actor_staff_id: finance.staffId,
    });
    expect(rows[0]).toMatchObject({ Who: 'eftPay', actor_kind_code: 'eftpay', Name: '' });
  });

  it('is audited with its filter and the number of rows sent', async () => {
    const action = freshAction();
    const admin = await makeStaff(database.db, 'admin');
    for (let i = 0; i < 3; i++) await insertAudit({ action, at: '2026-03-01T01:00:00Z' });

    const { rows } = readExport(await (await download(admin, { action, from: '2026-03-01' })).text());
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorStaffId, admin.staffId), eq(auditLog.action, 'audit.exported')));

    expect(rows).toHaveLength(3);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.data).toEqual({ filter: { action, from: '2026-03-01' }, rows: 3, completed: true });
  });

  it('refuses a signed-out request with 401', async () => {
    expect((await download(null, {})).status).toBe(401);
  });

  it('refuses a manager or a supervisor with 403 and records the refusal', async () => {
    for (const role of ['manager', 'supervisor'] as const) {
      const caller = await makeStaff(database.db, role, [(await makeStore(database.db)).id]);
      const response = await download(caller, {});
      const denied = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorStaffId, caller.staffId), eq(auditLog.action, 'access.denied')));

      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ code: 'FORBIDDEN', message: msg('errors.forbidden') });
      expect(denied).toHaveLength(1);
      expect(denied[0]!.data).toEqual({ capability: 'audit.export', role });
    }
  });

  it('keeps the audit log page from a manager: it answers 404', async () => {
    const manager = await makeStaff(database.db, 'manager', [(await makeStore(database.db)).id]);
    const rendering = runAsActor(manager, () => AuditPage({ searchParams: Promise.resolve({}) }));
    await expect(rendering).rejects.toMatchObject({ digest: expect.stringMatching(/NEXT_HTTP_ERROR_FALLBACK;404/) });
  });
});
