import { decodeMessage } from '@/lib/shared/messages';
import { LOCALE_NAMES } from './locales';

/**
 * What an audit row's sentence needs, read from the row. Each event type's sentence is one
 * catalogue message (`audit.events.<type>.sentence`, an ICU select where the outcome matters);
 * this table gives it its values. A row whose type is not here gets the generic sentence.
 */

type Bag = Record<string, unknown>;
export type SentenceValues = Record<string, string | number>;

/** The row, as the builder (audit-sentences.ts) prepares it for the table below. */
export interface EventReader {
  /** Who acted: the staff member's name, eftPay, the automatic check or the system. */
  actor: string;
  /** The staff account the row is about (its name or, failing that, its email). */
  subject: string;
  before: Bag;
  after: Bag;
  data: Bag;
  entityId: string | null;
  /** The refund's amount as money (refund rows), else the order's. */
  refundAmount: string;
  /** The order's amount as money. */
  orderAmount: string;
  /** The order's wallet by its name. */
  wallet: string;
  money(cents: unknown): string;
  orderStatus(code: unknown): string;
  refundStatus(code: unknown): string;
  refundReason(code: unknown): string;
  walletName(code: unknown): string;
  roleName(code: unknown): string;
  /** A message of the contract (`errors.…`, lib/shared/messages.ts) in the reader's language. */
  message(encoded: unknown): string;
}

/** A code usable as an ICU select value (`http-status` → `http_status`); anything else is `other`. */
export function choice(value: unknown): string {
  return typeof value === 'string' && /^[a-z][a-z0-9_-]{0,40}$/.test(value) ? value.replace(/-/g, '_') : 'other';
}

export const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const yesNo = (value: unknown): string => (value === true ? 'yes' : value === false ? 'no' : 'other');

/** Orders: the state the row moved the order to, as eftPay reported it. */
const orderState = (r: EventReader): SentenceValues => ({
  actor: r.actor,
  outcome: choice(r.after.status),
  status: r.orderStatus(r.after.status),
  amount: typeof r.after.amountCents === 'number' ? r.money(r.after.amountCents) : r.orderAmount,
  wallet: typeof r.after.wallet === 'string' ? r.walletName(r.after.wallet) : r.wallet,
});

/** Refunds: the state eftPay's answer moved the refund to. */
const refundState = (r: EventReader): SentenceValues => ({
  actor: r.actor,
  outcome: choice(r.after.status),
  status: r.refundStatus(r.after.status),
  amount: r.refundAmount,
});

/** What a refused action was, by the action's name (lib/actions). */
function refusedWhat(action: string | null): string {
  if (!action) return 'other';
  if (action === 'createRefundAction') return 'refund';
  if (/^(approve|reject|cancel)RefundAction$/.test(action)) return 'approval';
  if (action === 'setRefundPolicyAction') return 'policy';
  if (action === 'closeOrdersAction' || action === 'previewCloseAction') return 'close';
  if (action === 'refreshOrderAction') return 'refresh';
  if (action === 'findOrderAtEftpayAction') return 'find';
  if (action === 'resolveDiscrepancyAction') return 'discrepancy';
  if (action === 'mapTerminalAction') return 'terminal';
  if (/^(create|change|assign|deactivate|reactivate|reset|unlock)Staff|^setRequireTotp/.test(action)) return 'staff';
  if (/^(changeOwnPassword|beginTotpEnrolment|confirmTotpEnrolment|setLanguage|stepUp)Action$/.test(action))
    return 'account';
  return 'other';
}

/** What a refused read asked for, by its path (the path itself is a detail: it holds ids). */
function refusedRead(path: string): string {
  if (/^\/orders\/[^/?]+/.test(path)) return 'order';
  if (/^\/refunds\/[^/?]+\/slip/.test(path)) return 'slip';
  if (/^\/staff\/[^/?]+/.test(path)) return 'staff';
  if (/^\/api\/orders\/[^/?]+\/refunds/.test(path)) return 'status';
  return 'other';
}

const actorOnly = (r: EventReader): SentenceValues => ({ actor: r.actor });
const actorAndSubject = (r: EventReader): SentenceValues => ({ actor: r.actor, subject: r.subject });

export const EVENT_VALUES: Readonly<Record<string, (r: EventReader) => SentenceValues>> = {
  'order.payment_notified': orderState,
  'order.found_at_eftpay': orderState,
  'order.find_refused': (r) => ({ actor: r.actor, number: text(r.data.outTradeNo), why: choice(r.data.why) }),
  'order.status_refreshed': orderState,
  'order.reconciled': orderState,
  'order.status_checked': actorOnly,
  'order.close_attempted': actorOnly,
  'order.closed': actorOnly,
  'order.marked_paid': (r) => ({ actor: r.actor, amount: r.orderAmount }),
  'order.close_failed': (r) => ({
    actor: r.actor,
    // Our own message: the request never left. No return code but a sale status: eftPay
    // answered, for another amount than ours. Otherwise eftPay refused.
    outcome: decodeMessage(text(r.data.message))
      ? 'not_sent'
      : r.data.returnStatus == null && typeof r.data.tradeStatus === 'string'
        ? 'mismatch'
        : 'refused',
  }),
  'order.close_unknown': (r) => ({ outcome: choice(r.data.unknownReason) }),
  'order.close_finished': (r) => ({
    outcome: choice(r.data.outcome),
    amount: r.orderAmount,
    wallet: typeof r.data.wallet === 'string' ? r.walletName(r.data.wallet) : r.wallet,
  }),
  'order.close_refused': (r) => ({
    actor: r.actor,
    why: choice(r.data.why),
    status: r.orderStatus(r.data.status),
    wallet: typeof r.data.wallet === 'string' ? r.walletName(r.data.wallet) : r.wallet,
    minutes: count(r.data.minAgeMinutes),
  }),
  'refund.requested': (r) => ({
    actor: r.actor,
    amount: r.refundAmount,
    reason: r.refundReason(r.after.reason),
    // Above the approval threshold: held, nothing sent to eftPay until someone approves.
    outcome: r.after.status === 'pending_approval' ? 'pending_approval' : 'other',
    threshold: r.money(r.data.approvalThresholdCents),
  }),
  'refund.approved': (r) => ({ actor: r.actor, amount: r.refundAmount }),
  'refund.rejected': (r) => ({ actor: r.actor, amount: r.refundAmount, why: text(r.data.reason) }),
  'refund.cancelled': (r) => ({ actor: r.actor, amount: r.refundAmount }),
  'refund.expired': (r) => ({ amount: r.refundAmount }),
  'refund_policy.changed': actorOnly,
  'refund.answered': (r) => ({
    ...refundState(r),
    // Failed without any eftPay status: the request never left the console.
    outcome: r.after.status === 'failed' && !r.after.gatewayStatus ? 'not_sent' : choice(r.after.status),
  }),
  'refund.notified': refundState,
  'refund.status_refreshed': refundState,
  'refund.reconciled': (r) => ({
    ...refundState(r),
    // Our own mark for eftPay's signed "no such refund" (lib/jobs): it never reached eftPay.
    outcome:
      r.after.status === 'failed' && text(r.after.gatewayStatus).startsWith('REJECTED_')
        ? 'not_at_eftpay'
        : choice(r.after.status),
  }),
  'gateway.discrepancy_detected': (r) => ({ kind: choice(r.data.kind), source: choice(r.data.source) }),
  'gateway.discrepancy_resolved': (r) => ({ actor: r.actor, kind: choice(r.data.kind) }),
  'access.denied': (r) => ({ actor: r.actor, role: r.roleName(r.data.role) }),
  'action.refused': (r) => ({ actor: r.actor, what: refusedWhat(r.entityId), why: r.message(r.data.message) }),
  'access.refused': (r) => ({ actor: r.actor, what: refusedRead(text(r.data.path) || (r.entityId ?? '')) }),
  'auth.rate_limited': (r) => ({ email: text(r.data.email) }),
  'auth.sign_in_failed': (r) => ({ email: text(r.data.email), why: choice(r.data.why) }),
  'auth.locked': (r) => ({ email: text(r.data.email), minutes: count(r.data.minutes) }),
  'auth.signed_in': actorOnly,
  'auth.signed_out': actorOnly,
  'auth.session_expired': (r) => ({ subject: r.subject }),
  'auth.second_factor_used': (r) => ({
    actor: r.actor,
    method: choice(r.data.method),
    remaining: count(r.data.remaining),
  }),
  'auth.stepped_up': (r) => ({ actor: r.actor, method: choice(r.data.method) }),
  'auth.step_up_failed': (r) => ({ actor: r.actor, method: choice(r.data.method), locked: yesNo(r.data.locked) }),
  'auth.password_change_failed': (r) => ({ actor: r.actor, locked: yesNo(r.data.locked) }),
  'auth.password_changed': actorOnly,
  'auth.totp_enrolment_started': actorOnly,
  'auth.totp_enrolment_refused': (r) => ({ actor: r.actor, locked: yesNo(r.data.locked) }),
  'auth.totp_enabled': actorOnly,
  'settings.changed': (r) => ({
    actor: r.actor,
    setting:
      r.entityId === 'require_totp' && typeof r.after.require_totp === 'boolean'
        ? `require_totp_${r.after.require_totp ? 'on' : 'off'}`
        : 'other',
  }),
  'staff.created': (r) => ({
    actor: r.actor,
    subject: text(r.after.name) || r.subject,
    role: r.roleName(r.after.role),
  }),
  'staff.deactivated': actorAndSubject,
  'staff.reactivated': actorAndSubject,
  'staff.unlocked': actorAndSubject,
  'staff.password_reset': actorAndSubject,
  'staff.two_factor_reset': actorAndSubject,
  'staff.role_changed': (r) => ({
    ...actorAndSubject(r),
    from: r.roleName(r.before.role),
    to: r.roleName(r.after.role),
  }),
  'staff.stores_changed': (r) => ({
    ...actorAndSubject(r),
    count: Array.isArray(r.after.storeIds) ? r.after.storeIds.length : 0,
  }),
  'staff.language_changed': (r) => ({
    actor: r.actor,
    language: LOCALE_NAMES[r.after.locale as keyof typeof LOCALE_NAMES] ?? text(r.after.locale),
  }),
  'store.terminal_mapped': (r) => ({
    actor: r.actor,
    tid: text(r.after.tid) || (r.entityId ?? ''),
    store: text(r.after.storeCode),
    count: count(r.data.ordersAssigned),
  }),
  'refunds.exported': (r) => ({ actor: r.actor, rows: count(r.data.rows), completed: yesNo(r.data.completed) }),
  'audit.exported': (r) => ({ actor: r.actor, rows: count(r.data.rows), completed: yesNo(r.data.completed) }),
};
