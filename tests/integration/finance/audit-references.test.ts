import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditLog, refunds } from '@/db/schema';
import { AuditFilterInput } from '@/lib/audit/audit-filter';
import { listAudit } from '@/lib/audit/list-audit';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { insertOrder } from '../orders/helpers';

/**
 * The audit log names the record each row is about as people know it — the order number, the
 * refund number, the staff member — read in the same query as the page (lib/audit/list-audit.ts).
 */

const database = testDatabaseForFile();
const ALL = { kind: 'all' } as const;

describe('audit log references', () => {
  it('carries the order, the refund number and the staff account a row is about', async () => {
    const action = `test.${randomBytes(4).toString('hex')}`;
    const store = await makeStore(database.db);
    const mandy = await makeStaff(database.db, 'manager', [store.id]);
    const order = await insertOrder(database.db, { storeId: store.id, amountCents: 2_630, wallet: 'WECHATHK' });
    const [refund] = await database.db
      .insert(refunds)
      .values({
        orderId: order.id,
        refundNo: uniqueNo('R'),
        idempotencyKey: uniqueNo('K'),
        amountCents: 500,
        reason: 'other',
      })
      .returning();
    const row = (values: Partial<typeof auditLog.$inferInsert>, minute: number) => ({
      action,
      actorKind: 'system' as const,
      entityType: 'test',
      at: new Date(`2026-03-01T01:0${minute}:00Z`),
      ...values,
    });
    await database.db.insert(auditLog).values([
      row({ entityType: 'refund', entityId: refund!.id, orderId: order.id, storeId: store.id }, 1),
      row({ entityType: 'staff_user', entityId: mandy.staffId }, 2),
      // Ids that are not uuids are left alone, never cast.
      row({ entityType: 'store_terminal', entityId: 'T-CWB-01' }, 3),
      row({ entityType: 'staff_user', entityId: 'not-a-uuid' }, 4),
    ]);

    const { rows } = await listAudit(database.db, ALL, AuditFilterInput.parse({ action }));

    expect(rows.map((r) => [r.entityType, r.refundNo, r.subjectName, r.outTradeNo])).toEqual([
      ['staff_user', null, null, null],
      ['store_terminal', null, null, null],
      ['staff_user', null, mandy.name, null],
      ['refund', refund!.refundNo, null, order.outTradeNo],
    ]);
    expect(rows.at(-1)).toMatchObject({ orderAmountCents: 2_630, orderCurrency: 'HKD', orderWallet: 'WECHATHK' });
    expect(rows[2]?.subjectEmail).toBe(mandy.email);
  });
});
