import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { auditLog, refunds } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { gateway } from '@/lib/eftpay/gateway';
import { notificationReply } from '@/lib/eftpay/notifications';
import type { SandboxControl } from '@/lib/eftpay/sandbox/control';
import type { SandboxOptions } from '@/lib/eftpay/sandbox/server';
import type { StaffActor } from '@/lib/auth/actor';
import { setRefundPolicy } from '@/lib/refunds/policy';
import {
  DEFAULT_POLICY,
  formFromPolicy,
  type PolicyRole,
  type RefundPolicyFormInput,
} from '@/lib/refunds/policy-schemas';
import type { Wallet } from '@/lib/shared/wallets';
import { receiveNotification } from '@/lib/notifications/receive';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { refundTotals } from '@/lib/refunds/remainder';
import { refundableCents } from '@/lib/shared/statuses';
import { orderRow } from '../../support/fixtures';
import { startConsoleSandbox } from '../../support/harness';
import { serveLocally } from '../../support/http-stub';
import { uniqueNo } from '../../support/unique';

export const USER_CONFIRM_KEY = 'S0003469';
export const SECRET = 'refunds-it-secret-4c2a9e';

/**
 * The eftPay sandbox in-process, the console's gateway pointed at it, and a notify URL served by
 * the console's own notification handler — so refund notifications settle refunds as in production.
 */
export async function startRefundGateway(
  db: Db,
  options: { sandbox?: Partial<SandboxOptions>; timeoutMs?: number } = {},
) {
  const notifications: string[] = [];
  const notify = await serveLocally('/api/eftpay/notify', async (text) => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    let ok = false;
    try {
      const outcome = await receiveNotification(db, body, { ip: '127.0.0.1', secretCode: SECRET });
      ok = outcome.ok;
      notifications.push(outcome.result);
    } catch {
      notifications.push('error');
    }
    return { status: ok ? 200 : 500, text: JSON.stringify(notificationReply(ok, SECRET)) };
  });
  const consoleSide = await startConsoleSandbox(
    { userConfirmKey: USER_CONFIRM_KEY, secretCode: SECRET },
    {
      sandbox: { notifyRetryDelaysMs: [50, 100, 200], applyRefundNotifyDelayMs: 200, ...options.sandbox },
      // Generous by default: the machines running these tests can be busy, and a slow answer must not
      // turn into an "unknown" the test did not ask for. The timeout test sets a short one itself.
      gateway: { timeoutMs: options.timeoutMs ?? 20_000, notifyUrl: notify.url },
    },
  );
  return {
    sandbox: consoleSide.sandbox,
    control: consoleSide.control,
    withGateway: consoleSide.withGateway,
    notifyUrl: notify.url,
    /** Every notification our handler received, with its result. */
    notifications,
    async close() {
      await consoleSide.close();
      await notify.close();
    },
  };
}

/**
 * A paid order exactly as eftPay knows it: PreOrder at the sandbox, the customer pays, and the
 * console records the sale from eftPay's Query answer (as "Find at eftPay" and the reconciler do).
 */
export async function paidOrder(
  db: Db,
  control: SandboxControl,
  input: { tid: string; amountCents: number; wallet?: Wallet },
) {
  const wallet = input.wallet ?? 'ALIPAYHK';
  const client = gateway(db);
  let outTradeNo = '';
  const created = await settingUp(() => {
    outTradeNo = uniqueNo('PO');
    return client.preOrder({
      wallet,
      outTradeNo,
      amountCents: input.amountCents,
      subject: 'Refund test',
      tid: input.tid,
      notifyUrl: client.notifyUrl,
    });
  });
  if (created.kind !== 'accepted') throw new Error(`preorder failed: ${JSON.stringify(created)}`);
  await control.pay(outTradeNo, { notify: false });
  const answer = await settingUp(() => client.queryOrder({ wallet, outTradeNo }));
  if (answer.kind !== 'accepted') throw new Error(`query failed: ${JSON.stringify(answer)}`);
  const facts = saleFactsFromQuery(answer.data, answer.tradeStatus, { wallet, amountCents: input.amountCents });
  if (!facts) throw new Error('no sale facts');
  const ingested = await db.transaction((tx) => ingestSale(tx, facts, { actor: SYSTEM, action: 'order.found' }));
  return orderRow(db, ingested.orderId);
}

/**
 * Set-up calls only (never the calls under test) are retried when the connection was lost: the
 * sandbox shares this process's event loop with PGlite, and after a long synchronous stretch it
 * can close an idle keep-alive socket just as the client reuses it.
 */
async function settingUp<T extends { kind: string }>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await call();
    const lost = result.kind === 'unknown' && (result as { reason?: string }).reason === 'network';
    if (!lost || attempt === 3) return result;
  }
}

export async function refundRows(db: Db, orderId: string) {
  return db.select().from(refunds).where(eq(refunds.orderId, orderId));
}

/** The remainder as createRefund computes it under the lock. */
export async function remainderOf(db: Db, orderId: string): Promise<number> {
  const order = await orderRow(db, orderId);
  return refundableCents(order.amountCents, await refundTotals(db, orderId));
}

export async function auditRowsFor(db: Db, entityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'refund'), eq(auditLog.entityId, entityId)))
    .orderBy(auditLog.id);
}

/** Refund requests the sandbox received for an order: either app-scene endpoint or a QR-scene Refund service. */
export async function gatewayRefundCalls(control: SandboxControl, outTradeNo: string) {
  const requests = await control.requests({ outTradeNo });
  return requests.filter((r) => {
    const service = (r.body as { service?: unknown } | null)?.service;
    return r.path.endsWith('Refund.do') || (typeof service === 'string' && service.endsWith('.Refund'));
  });
}

type LimitText = { perRefund?: string; perDay?: string };

/** Fields of the refund policy form to change, amounts and minutes as typed ("100.00", "5"). */
export type PolicyChanges = Partial<Omit<RefundPolicyFormInput, 'roles'>> & {
  roles?: Partial<Record<PolicyRole, LimitText>>;
};

/** The refund policy form as an administrator fills it in: the default policy, with `changes`. */
export function policyForm(changes: PolicyChanges = {}): RefundPolicyFormInput {
  const base = formFromPolicy(DEFAULT_POLICY, []);
  const { roles, ...rest } = changes;
  return {
    ...base,
    ...rest,
    roles: {
      manager: { ...base.roles.manager, ...roles?.manager },
      supervisor: { ...base.roles.supervisor, ...roles?.supervisor },
      admin: { ...base.roles.admin, ...roles?.admin },
    },
  };
}

/** The policy in force from now on: the default with `changes`, set by an administrator (docs/adr/0014). */
export function setPolicy(db: Db, admin: StaffActor, changes: PolicyChanges = {}) {
  return setRefundPolicy({ ctx: { db, actor: admin }, input: policyForm(changes) });
}
