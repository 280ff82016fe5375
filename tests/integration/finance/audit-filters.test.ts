import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { AuditFilterInput } from '@/lib/audit/audit-filter';
import { getAuditFilterOptions } from '@/lib/audit/filter-options';
import { listAudit, listAuditRows } from '@/lib/audit/list-audit';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';

const database = testDatabaseForFile();

const ALL = { kind: 'all' } as const;
const filter = (params: Record<string, string>) => AuditFilterInput.parse(params);
/** An action name no other test uses, so each test reads only its own rows. */
const freshAction = () => `test.${randomBytes(4).toString('hex')}`;
const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id);

async function insertAudit(values: {
  action: string;
  at: string;
  actorKind?: 'staff' | 'eftpay' | 'system';
  actorStaffId?: string | null;
  storeId?: string | null;
}) {
  const [row] = await database.db
    .insert(auditLog)
    .values({
      action: values.action,
      at: new Date(values.at),
      actorKind: values.actorKind ?? (values.actorStaffId ? 'staff' : 'system'),
      actorStaffId: values.actorStaffId ?? null,
      entityType: 'test',
      storeId: values.storeId ?? null,
    })
    .returning();
  return row!;
}

/** Every page of the list, following "Older" from the first, `limit` rows at a time. */
async function allPages(params: Record<string, string>, limit: number) {
  const pages = [await listAudit(database.db, ALL, filter(params), { limit })];
  while (pages.at(-1)!.olderCursor) {
    pages.push(await listAudit(database.db, ALL, filter(params), { limit, after: pages.at(-1)!.olderCursor! }));
  }
  return pages;
}

describe('audit log filters, combined', () => {
  it('combines who, event and Hong Kong days, and each filter narrows the others', async () => {
    const action = freshAction();
    const other = freshAction();
    const mandy = await makeStaff(database.db, 'manager');
    const tony = await makeStaff(database.db, 'manager');
    const mandyOn2nd = await insertAudit({ action, actorStaffId: mandy.staffId, at: '2026-03-02T02:00:00Z' });
    await insertAudit({ action, actorStaffId: mandy.staffId, at: '2026-03-05T02:00:00Z' });
    await insertAudit({ action: other, actorStaffId: mandy.staffId, at: '2026-03-02T03:00:00Z' });
    const tonyOn2nd = await insertAudit({ action, actorStaffId: tony.staffId, at: '2026-03-02T04:00:00Z' });
    const eftpayOn2nd = await insertAudit({ action, actorKind: 'eftpay', at: '2026-03-02T05:00:00Z' });
    await insertAudit({ action: other, actorKind: 'eftpay', at: '2026-03-02T06:00:00Z' });
    const on2nd = { from: '2026-03-02', to: '2026-03-02' };
    const list = async (params: Record<string, string>) =>
      ids((await listAudit(database.db, ALL, filter({ ...on2nd, ...params }))).rows);

    expect(await list({ action, actor: mandy.staffId })).toEqual([mandyOn2nd.id]);
    expect(await list({ action, actor: 'staff' })).toEqual([tonyOn2nd.id, mandyOn2nd.id]);
    expect(await list({ action, actor: 'eftpay' })).toEqual([eftpayOn2nd.id]);
    expect(await list({ action })).toEqual([eftpayOn2nd.id, tonyOn2nd.id, mandyOn2nd.id]);
  });

  it('finds nothing for a combination no row has, however many rows each filter matches alone', async () => {
    const action = freshAction();
    const mandy = await makeStaff(database.db, 'manager');
    for (let i = 0; i < 3; i++) await insertAudit({ action, actorKind: 'eftpay', at: `2026-03-0${i + 1}T01:00:00Z` });
    await insertAudit({ action: freshAction(), actorStaffId: mandy.staffId, at: '2026-03-01T01:00:00Z' });

    const empty = async (params: Record<string, string>) => (await listAudit(database.db, ALL, filter(params))).rows;

    expect(await empty({ action, actor: 'staff' })).toEqual([]);
    expect(await empty({ action, actor: 'system' })).toEqual([]);
    expect(await empty({ action, actor: mandy.staffId })).toEqual([]);
    expect(await empty({ action, actor: 'eftpay', from: '2026-03-04' })).toEqual([]);
  });

  it('counts as any staff member every row the Who column shows as a person, even one whose account is not named', async () => {
    const action = freshAction();
    const mandy = await makeStaff(database.db, 'manager');
    const named = await insertAudit({ action, actorStaffId: mandy.staffId, at: '2026-03-01T01:00:00Z' });
    const unnamed = await insertAudit({ action, actorKind: 'staff', at: '2026-03-01T02:00:00Z' });
    await insertAudit({ action, actorKind: 'system', at: '2026-03-01T03:00:00Z' });
    await insertAudit({ action, actorKind: 'eftpay', at: '2026-03-01T04:00:00Z' });

    const page = await listAudit(database.db, ALL, filter({ action, actor: 'staff' }));

    expect(ids(page.rows)).toEqual([unnamed.id, named.id]);
    expect(page.rows.map((r) => r.actorKind)).toEqual(['staff', 'staff']);
  });
});

describe('audit log keyset paging with filters', () => {
  it('pages a staff member’s rows of one event, all at one instant among others’, without skipping or repeating', async () => {
    const action = freshAction();
    const mandy = await makeStaff(database.db, 'manager');
    const tony = await makeStaff(database.db, 'manager');
    const at = '2026-03-01T01:00:00.123456Z';
    const mandys = [];
    for (let i = 0; i < 7; i++) {
      mandys.push(await insertAudit({ action, actorStaffId: mandy.staffId, at }));
      await insertAudit({ action, actorStaffId: tony.staffId, at });
      await insertAudit({ action, actorKind: 'eftpay', at });
    }
    await insertAudit({ action, actorStaffId: mandy.staffId, at: '2026-03-01T00:59:59Z' }).then((r) =>
      mandys.unshift(r),
    );
    const params = { action, actor: mandy.staffId, from: '2026-03-01', to: '2026-03-01' };

    const pages = await allPages(params, 3);
    const back = await listAudit(database.db, ALL, filter(params), { limit: 3, before: pages[2]!.newerCursor! });
    const backToFirst = await listAudit(database.db, ALL, filter(params), { limit: 3, before: back.newerCursor! });

    expect(pages.map((p) => p.rows.length)).toEqual([3, 3, 2]);
    expect(pages.flatMap((p) => ids(p.rows))).toEqual(ids(mandys).reverse());
    expect(ids(back.rows)).toEqual(ids(pages[1]!.rows));
    expect(ids(backToFirst.rows)).toEqual(ids(pages[0]!.rows));
    expect(backToFirst.newerCursor).toBeNull();
  });

  it('pages any staff member’s rows across equal times in the same order as the export’s batches', async () => {
    const action = freshAction();
    const mandy = await makeStaff(database.db, 'manager');
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(await insertAudit({ action, actorStaffId: mandy.staffId, at: '2026-03-01T01:00:00Z' }));
      await insertAudit({ action, actorKind: 'system', at: '2026-03-01T01:00:00Z' });
      made.push(await insertAudit({ action, actorKind: 'staff', at: '2026-03-01T01:00:00Z' }));
    }
    const params = { action, actor: 'staff' };
    const batches = [];
    let after: string | undefined;
    for (;;) {
      const batch = await listAuditRows(database.db, ALL, filter(params), { after, limit: 4 });
      batches.push(...batch);
      if (batch.length < 4) break;
      after = String(batch.at(-1)!.id);
    }

    const pages = await allPages(params, 4);

    expect(pages.flatMap((p) => ids(p.rows))).toEqual(ids(made).reverse());
    expect(ids(batches)).toEqual(ids(made).reverse());
  });
});

describe('audit filter choices', () => {
  it('lists each action the log holds once, in order, and none it does not', async () => {
    const [a, b] = [freshAction(), freshAction()].sort();
    for (let i = 0; i < 3; i++) await insertAudit({ action: b!, at: '2026-03-01T01:00:00Z' });
    await insertAudit({ action: a!, at: '2026-03-01T01:00:00Z' });

    const { actions } = await getAuditFilterOptions(database.db, ALL);

    expect(actions.filter((x) => x === a || x === b)).toEqual([a, b]);
    expect(actions).toEqual([...new Set(actions)].sort());
    expect(actions).not.toContain(`${b}.never`);
  });

  it('offers a store-scoped caller only the actions of rows about their stores', async () => {
    const mine = await makeStore(database.db);
    const theirs = await makeStore(database.db);
    const [inMine, inTheirs, unassigned] = [freshAction(), freshAction(), freshAction()];
    await insertAudit({ action: inMine, storeId: mine.id, at: '2026-03-01T01:00:00Z' });
    await insertAudit({ action: inTheirs, storeId: theirs.id, at: '2026-03-01T01:00:00Z' });
    await insertAudit({ action: unassigned, at: '2026-03-01T01:00:00Z' });

    const scoped = await getAuditFilterOptions(database.db, { kind: 'stores', storeIds: [mine.id] });
    const all = await getAuditFilterOptions(database.db, ALL);

    expect(scoped.actions).toContain(inMine);
    expect(scoped.actions).not.toContain(inTheirs);
    expect(scoped.actions).not.toContain(unassigned);
    expect(all.actions).toEqual(expect.arrayContaining([inMine, inTheirs, unassigned]));
  });
});
