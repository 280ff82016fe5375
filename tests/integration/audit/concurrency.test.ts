import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { TEST_DB_KIND } from '../../support/db';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { waitUntil } from '../../support/wait';
import { chainRows } from './helpers';

/**
 * Many writers at once: the chain stays one line (each row links to the one committed before it),
 * with no gap where a transaction rolled back. Real concurrency needs real connections: on
 * Postgres these run on a pool of 30; PGlite has one connection and runs them one after another.
 */
const database = testDatabaseForFile();

const pause = (ms: number) => sql`select pg_sleep(${ms / 1000})`;

describe(`the audit hash chain under concurrent writers (${TEST_DB_KIND})`, () => {
  it('stays linear and valid with twenty transactions writing at once, some rolling back', async () => {
    const actor = await makeStaff(database.db, 'admin');
    const before = (await chainRows(database.db)).length;
    const WRITERS = 20;

    const outcomes = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, i) =>
        database.db.transaction(async (tx) => {
          await tx.execute(pause((i * 7) % 20));
          await recordAudit(tx, actor, { action: 'test.concurrent', entityType: 'test', entityId: `w${i}-a` });
          // Holding the chain while doing other work: the next writer waits for this commit.
          await tx.execute(pause(5));
          await recordAudit(tx, actor, { action: 'test.concurrent', entityType: 'test', entityId: `w${i}-b` });
          if (i % 5 === 4) throw new Error(`writer ${i} rolls back`);
        }),
      ),
    );

    const committed = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(committed).toBe(16);
    const rows = await chainRows(database.db);
    expect(rows).toHaveLength(before + committed * 2);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    const report = await verifyAuditChain(database.db);
    expect(report).toMatchObject({ rows: rows.length, problemCount: 0 });
    // Both rows of one transaction sit next to each other: it held the chain from its first row on.
    const entities = (
      (await database.db.execute(
        sql`select entity_id from audit_log where action = 'test.concurrent' order by seq`,
      )) as unknown as { rows: Array<{ entity_id: string }> }
    ).rows.map((r) => r.entity_id);
    for (let i = 0; i < entities.length; i += 2) {
      expect(entities[i + 1]).toBe(entities[i]!.replace(/-a$/, '-b'));
    }
  });

  it.runIf(TEST_DB_KIND === 'postgres')(
    'does not deadlock a writer that holds an order against one whose audit row points at it',
    async () => {
      // Without the trigger's foreign-key locks taken before the chain, B would hold the chain and
      // wait for the order's key, A would hold the order and wait for the chain: a deadlock.
      const store = await makeStore(database.db);
      const actor: StaffActor = await makeStaff(database.db, 'admin');
      const [order] = await database.db
        .insert(orders)
        .values({
          outTradeNo: uniqueNo('AUD'),
          wallet: 'ALIPAYHK',
          amountCents: 100,
          tid: store.tids[0]!,
          storeId: store.id,
          status: 'paid',
        })
        .returning();
      let bWrote = false;
      let releaseA!: () => void;
      const aMayFinish = new Promise<void>((resolve) => {
        releaseA = resolve;
      });
      const a = database.db.transaction(async (tx) => {
        await tx.select().from(orders).where(eq(orders.id, order!.id)).for('update');
        await aMayFinish;
        await recordAudit(tx, actor, { action: 'test.holder', entityType: 'order', orderId: order!.id });
      });
      const b = database.db.transaction(async (tx) => {
        await tx.execute(pause(50));
        await recordAudit(tx, actor, { action: 'test.pointer', entityType: 'order', orderId: order!.id });
        bWrote = true;
      });
      // B is waiting for the order A holds (not for the chain, which nobody holds yet).
      await waitUntil(async () => {
        const waiting = (await database.db.execute(
          sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
        )) as unknown as { rows: Array<{ n: number }> };
        return waiting.rows[0]!.n > 0;
      });
      expect(bWrote).toBe(false);
      releaseA();

      await Promise.all([a, b]);
      expect((await verifyAuditChain(database.db)).problemCount).toBe(0);
    },
  );
});
