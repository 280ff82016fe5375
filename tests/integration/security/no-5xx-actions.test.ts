import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StaffActor } from '@/lib/auth/actor';
import { makeStaff } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';
import { openSession } from '../staff/helpers';

/**
 * Every server action answers bad input with a field-level message or a refusal, never an internal
 * error. Each action exported from lib/actions/ (read from the files: one without a row below fails
 * the test) is called through the action client as an admin with a valid input in which one field
 * at a time is replaced by a hostile value — NUL bytes, a lone surrogate, control characters, an
 * impossible date, wrong types, and a 1 MB text — so the bad value is the only thing wrong and
 * reaches as far as the action lets it.
 */
const database = testDatabaseForFile({ serverEnv: true });
const ACTIONS_DIR = join(process.cwd(), 'lib/actions');

const ONE_MB = 'x'.repeat(1_048_576);
const HOSTILE: readonly unknown[] = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\u001Fy',
  '2026-02-30',
  '',
  'NaN',
  '-1',
  '1e308',
  ONE_MB,
  `${ONE_MB}\u0000`,
  12345,
  1.5,
  true,
  null,
  ['\u0000'],
  { nested: '\u0000' },
];

const uuid = () => crypto.randomUUID();
const email = () => `fuzz-${uuid()}@shop.test`;

/** A valid input for each action (ids of nothing: the action refuses them after its checks). */
const BASES: Record<string, () => Record<string, unknown>> = {
  'close.ts:previewCloseAction': () => ({ orderIds: [uuid()] }),
  'close.ts:closeOrdersAction': () => ({ orderIds: [uuid()], reason: 'Customer left without paying' }),
  'discrepancies.ts:resolveDiscrepancyAction': () => ({ discrepancyId: uuid(), note: 'Checked with eftPay' }),
  'intake.ts:findOrderAtEftpayAction': () => ({ outTradeNo: 'FUZZ-NOT-SENT', wallet: 'ALIPAYHK' }),
  'intake.ts:refreshOrderAction': () => ({ orderId: uuid() }),
  'refunds.ts:createRefundAction': () => ({
    orderId: uuid(),
    amount: '1.00',
    reason: 'customer_request',
    note: 'A note',
    idempotencyKey: uuid(),
  }),
  'refunds.ts:approveRefundAction': () => ({ refundId: uuid() }),
  'refunds.ts:rejectRefundAction': () => ({ refundId: uuid(), reason: 'The receipt does not match' }),
  'refunds.ts:cancelRefundAction': () => ({ refundId: uuid() }),
  // The default policy as its form sends it, with one store row and one staff row to be refused.
  'refunds.ts:setRefundPolicyAction': () => ({
    approvalThreshold: '',
    stores: [{ storeId: uuid(), approvalThreshold: '500.00' }],
    roles: {
      manager: { perRefund: '', perDay: '' },
      supervisor: { perRefund: '', perDay: '' },
      admin: { perRefund: '', perDay: '' },
    },
    staff: [{ staffId: uuid(), perRefund: '100.00', perDay: '' }],
    stepUpMinutes: '5',
    expiryMinutes: '240',
  }),
  'staff.ts:createStaffAction': () => ({ email: email(), name: 'Nina New', role: 'finance', storeIds: [] }),
  'staff.ts:changeStaffRoleAction': () => ({ staffId: uuid(), role: 'finance' }),
  'staff.ts:assignStaffStoresAction': () => ({ staffId: uuid(), storeIds: [uuid()] }),
  'staff.ts:deactivateStaffAction': () => ({ staffId: uuid() }),
  'staff.ts:reactivateStaffAction': () => ({ staffId: uuid() }),
  'staff.ts:resetStaffPasswordAction': () => ({ staffId: uuid() }),
  'staff.ts:unlockStaffAction': () => ({ staffId: uuid() }),
  'staff.ts:resetStaffTwoFactorAction': () => ({ staffId: uuid() }),
  'staff.ts:setRequireTotpAction': () => ({ required: false }),
  'stores.ts:mapTerminalAction': () => ({ tid: 'T-FUZZ-01', storeId: uuid() }),
  'account.ts:setLanguageAction': () => ({ locale: 'en' }),
  'account.ts:beginTotpEnrolmentAction': () => ({ currentPassword: 'not-the-password' }),
  'account.ts:confirmTotpEnrolmentAction': () => ({ code: '123456' }),
  'account.ts:stepUpAction': () => ({ proof: 'not-the-password' }),
  'account.ts:changeOwnPasswordAction': () => ({
    currentPassword: 'not-the-password',
    newPassword: 'quartz-lantern-kowloon-4817',
    confirmPassword: 'quartz-lantern-kowloon-4817',
  }),
};

type Result = { serverError?: { code?: string } } | undefined;
type Action = (input: unknown) => Promise<Result>;

async function everyAction(): Promise<Map<string, Action>> {
  const found = new Map<string, Action>();
  for (const file of readdirSync(ACTIONS_DIR).filter((f) => f.endsWith('.ts') && f !== 'safe-action.ts')) {
    const module = (await import(/* @vite-ignore */ join(ACTIONS_DIR, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === 'function' && name.endsWith('Action')) found.set(`${file}:${name}`, value as Action);
    }
  }
  return found;
}

describe('every server action with one hostile field', () => {
  it('has a valid input for every action exported from lib/actions, and no row for one that is gone', async () => {
    expect([...(await everyAction()).keys()].sort()).toEqual(Object.keys(BASES).sort());
  });

  it('answers with field messages or refusals, never an internal error', { timeout: 300_000 }, async () => {
    const admin: StaffActor = await makeStaff(database.db, 'admin');
    // Signed in for real: the step-up's proof is checked on a session, so its bad values reach the check.
    admin.sessionId = await openSession(database.db, admin);
    const actions = await everyAction();
    const failures: string[] = [];
    let calls = 0;
    // The account's own actions last: their wrong passwords count toward the admin's lockout.
    const names = Object.keys(BASES).sort(
      (a, b) => Number(a.startsWith('account.')) - Number(b.startsWith('account.')),
    );
    for (const name of names) {
      const run = actions.get(name);
      if (!run) continue;
      for (const field of Object.keys(BASES[name]!())) {
        for (const value of HOSTILE) {
          const input = { ...BASES[name]!(), [field]: value };
          calls += 1;
          const result = await runAsActor(admin, () => run(input)).catch((error: unknown) => ({
            serverError: { code: `THROWN ${String(error).slice(0, 80)}` },
          }));
          const code = result?.serverError?.code;
          if (code === 'INTERNAL' || code?.startsWith('THROWN')) {
            failures.push(`${name} ${field}=${JSON.stringify(value)?.slice(0, 40)}: ${code}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(500);
  });
});
