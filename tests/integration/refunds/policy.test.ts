import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSettings, auditLog } from '@/db/schema';
import { setRefundPolicyAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { ValidationError } from '@/lib/errors';
import { getRefundPolicy, REFUND_POLICY_KEY, setRefundPolicy } from '@/lib/refunds/policy';
import { DEFAULT_POLICY, type RefundPolicyFormInput } from '@/lib/refunds/policy-schemas';
import { msg } from '@/lib/shared/messages';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';
import { type PolicyChanges, policyForm } from './helpers';

/**
 * The refund policy (docs/adr/0014): set by administrators only, every amount and minute checked
 * on its field, every store and staff member named checked to exist, and each change audited
 * before → after; a change that changes nothing leaves no row.
 */

const database = testDatabaseForFile({ serverEnv: true });
const db = () => database.db;
let admin: StaffActor;
let storeId: string;
let managerId: string;

beforeAll(async () => {
  admin = await makeStaff(database.db, 'admin');
  storeId = (await makeStore(database.db)).id;
  managerId = (await makeStaff(database.db, 'manager', [storeId])).staffId;
});

const set = (input: RefundPolicyFormInput, actor = admin) => setRefundPolicy({ ctx: { db: db(), actor }, input });

async function changedRows() {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'refund_policy.changed'), eq(auditLog.entityId, REFUND_POLICY_KEY)))
    .orderBy(auditLog.seq);
}

async function fieldErrorsOf(input: RefundPolicyFormInput): Promise<Record<string, string[]>> {
  const error = await set(input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors ?? {};
}

const AMOUNT_FORMAT = msg('errors.policy.amount_format');
const AMOUNT_POSITIVE = msg('errors.policy.amount_positive');
const STEP_UP_RANGE = msg('errors.policy.minutes_range', { min: 0, max: 60 });
const EXPIRY_RANGE = msg('errors.policy.minutes_range', { min: 5, max: 10_080 });

describe('setRefundPolicy — bad input', () => {
  /** What is in force when each bad input is sent: it must still be in force after. */
  const BASELINE: PolicyChanges = { approvalThreshold: '250.00', stepUpMinutes: '7' };
  const cases: Array<[string, () => PolicyChanges, Record<string, string>]> = [
    ['a negative threshold', () => ({ approvalThreshold: '-5.00' }), { approvalThreshold: AMOUNT_FORMAT }],
    ['a threshold in words', () => ({ approvalThreshold: 'five hundred' }), { approvalThreshold: AMOUNT_FORMAT }],
    ['three decimals', () => ({ approvalThreshold: '500.123' }), { approvalThreshold: AMOUNT_FORMAT }],
    ['a threshold of zero', () => ({ approvalThreshold: '0.00' }), { approvalThreshold: AMOUNT_POSITIVE }],
    [
      'a number instead of the typed text',
      () => ({ approvalThreshold: 500 as unknown as string }),
      { approvalThreshold: AMOUNT_FORMAT },
    ],
    [
      'a role’s daily limit that is not an amount',
      () => ({ roles: { manager: { perDay: '1,000' } } }),
      { 'roles.manager.perDay': AMOUNT_FORMAT },
    ],
    [
      'a role’s refund limit below zero',
      () => ({ roles: { supervisor: { perRefund: '-1' } } }),
      { 'roles.supervisor.perRefund': AMOUNT_FORMAT },
    ],
    [
      'a store’s threshold with three decimals',
      () => ({ stores: [{ storeId, approvalThreshold: '1.005' }] }),
      { 'stores.0.approvalThreshold': AMOUNT_FORMAT },
    ],
    [
      'a store that does not exist',
      () => ({
        stores: [
          { storeId, approvalThreshold: '100.00' },
          { storeId: crypto.randomUUID(), approvalThreshold: '100.00' },
        ],
      }),
      { 'stores.1.storeId': msg('errors.policy.unknown_store') },
    ],
    [
      'a store id that is not an id',
      () => ({ stores: [{ storeId: 'store-a', approvalThreshold: '100.00' }] }),
      { 'stores.0.storeId': msg('errors.policy.unknown_store') },
    ],
    [
      'a staff member who does not exist',
      () => ({ staff: [{ staffId: crypto.randomUUID(), perRefund: '10.00', perDay: '' }] }),
      { 'staff.0.staffId': msg('errors.policy.unknown_staff') },
    ],
    [
      'a staff member twice',
      () => ({
        staff: [
          { staffId: managerId, perRefund: '10.00', perDay: '' },
          { staffId: managerId, perRefund: '20.00', perDay: '' },
        ],
      }),
      { staff: msg('errors.policy.staff_twice') },
    ],
    ['step-up minutes above 60', () => ({ stepUpMinutes: '61' }), { stepUpMinutes: STEP_UP_RANGE }],
    ['step-up minutes below 0', () => ({ stepUpMinutes: '-1' }), { stepUpMinutes: STEP_UP_RANGE }],
    ['step-up minutes with decimals', () => ({ stepUpMinutes: '1.5' }), { stepUpMinutes: STEP_UP_RANGE }],
    ['an expiry under 5 minutes', () => ({ expiryMinutes: '4' }), { expiryMinutes: EXPIRY_RANGE }],
    ['an expiry over a week', () => ({ expiryMinutes: '10081' }), { expiryMinutes: EXPIRY_RANGE }],
  ];

  it.each(cases)('refuses %s on its field; nothing is stored or audited', async (_, changes, expected) => {
    await set(policyForm(BASELINE));
    const stored = await getRefundPolicy(db());
    expect(stored.approvalThresholdCents).toBe(25_000);
    const audited = (await changedRows()).length;

    const fieldErrors = await fieldErrorsOf(policyForm({ ...BASELINE, ...changes() }));

    // Exactly these fields, each with this one message (the one the form shows under it).
    expect(Object.keys(fieldErrors).sort()).toEqual(Object.keys(expected).sort());
    for (const [field, message] of Object.entries(expected)) expect(fieldErrors[field], field).toEqual([message]);
    expect(await getRefundPolicy(db())).toEqual(stored);
    expect(await changedRows()).toHaveLength(audited);
  });
});

describe('setRefundPolicy — a change', () => {
  it('is stored in cents and minutes, and audited before → after by the admin', async () => {
    await set(policyForm());
    const before = await getRefundPolicy(db());
    expect(before).toEqual(DEFAULT_POLICY);
    const audited = (await changedRows()).length;

    const result = await set(
      policyForm({
        approvalThreshold: '500.5',
        stores: [{ storeId, approvalThreshold: ' 120.00 ' }],
        roles: { manager: { perRefund: '300.00', perDay: '1000' } },
        staff: [{ staffId: managerId, perRefund: '', perDay: '2000.00' }],
        stepUpMinutes: '0',
        expiryMinutes: '60',
      }),
    );

    expect(result).toEqual({ changed: true });
    const after = {
      approvalThresholdCents: 50_050,
      storeThresholds: { [storeId]: 12_000 },
      roleLimits: {
        manager: { perRefundCents: 30_000, perDayCents: 100_000 },
        supervisor: { perRefundCents: null, perDayCents: null },
        admin: { perRefundCents: null, perDayCents: null },
      },
      staffLimits: { [managerId]: { perRefundCents: null, perDayCents: 200_000 } },
      stepUpMinutes: 0,
      expiryMinutes: 60,
    };
    expect(await getRefundPolicy(db())).toEqual(after);
    const rows = await changedRows();
    expect(rows).toHaveLength(audited + 1);
    expect(rows.at(-1)).toMatchObject({
      actorKind: 'staff',
      actorStaffId: admin.staffId,
      entityType: 'app_setting',
      entityId: REFUND_POLICY_KEY,
      before,
      after,
    });
  });

  it('leaves out store rows and staff rows with nothing in them', async () => {
    await set(
      policyForm({
        stores: [{ storeId, approvalThreshold: '' }],
        staff: [{ staffId: managerId, perRefund: '', perDay: '' }],
      }),
    );
    expect(await getRefundPolicy(db())).toEqual(DEFAULT_POLICY);
  });

  it('that changes nothing answers changed: false and leaves no audit row', async () => {
    const input = policyForm({ approvalThreshold: '100.00', roles: { admin: { perDay: '9999.99' } } });
    await set(input);
    const audited = (await changedRows()).length;
    const [row] = await db().select().from(appSettings).where(eq(appSettings.key, REFUND_POLICY_KEY));

    expect(await set(input)).toEqual({ changed: false });
    // The same values as typed differently are the same policy.
    expect(await set({ ...input, approvalThreshold: ' 100 ' })).toEqual({ changed: false });

    expect(await changedRows()).toHaveLength(audited);
    const [still] = await db().select().from(appSettings).where(eq(appSettings.key, REFUND_POLICY_KEY));
    expect(still!.updatedAt).toEqual(row!.updatedAt);
  });
});

describe('setRefundPolicyAction', () => {
  it('refuses every role but admin, and changes nothing', async () => {
    await set(policyForm());
    const audited = (await changedRows()).length;
    for (const role of ['manager', 'supervisor', 'finance'] as const) {
      const actor = await makeStaff(db(), role, role === 'finance' ? [] : [storeId]);
      const result = await runAsActor(actor, () => setRefundPolicyAction(policyForm({ approvalThreshold: '1.00' })));
      expect(result.serverError, role).toEqual({ code: 'FORBIDDEN', message: msg('errors.forbidden') });
      expect(result.data, role).toBeUndefined();
      const denied = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'access.denied'), eq(auditLog.actorStaffId, actor.staffId)));
      expect(denied.map((r) => r.entityId)).toEqual(['setRefundPolicyAction']);
    }
    expect(await getRefundPolicy(db())).toEqual(DEFAULT_POLICY);
    expect(await changedRows()).toHaveLength(audited);
  });

  it('sets it for an admin', async () => {
    const result = await runAsActor(admin, () => setRefundPolicyAction(policyForm({ approvalThreshold: '1.00' })));
    expect(result.data).toEqual({ changed: true });
    expect((await getRefundPolicy(db())).approvalThresholdCents).toBe(100);
  });

  it('puts a crafted bad value on its own field, as the form names it', async () => {
    await set(policyForm());
    const result = await runAsActor(admin, () =>
      setRefundPolicyAction(policyForm({ roles: { supervisor: { perDay: '12.345' } }, stepUpMinutes: '99' })),
    );
    expect(result.data).toBeUndefined();
    const fieldErrors = result.validationErrors?.fieldErrors ?? {};
    expect(Object.keys(fieldErrors).sort()).toEqual(['roles.supervisor.perDay', 'stepUpMinutes']);
    expect(fieldErrors['roles.supervisor.perDay']?.[0]).toBe(AMOUNT_FORMAT);
    expect(fieldErrors.stepUpMinutes).toEqual([STEP_UP_RANGE]);
    expect(await getRefundPolicy(db())).toEqual(DEFAULT_POLICY);
  });
});
