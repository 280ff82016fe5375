import { formatMoney } from '@/lib/format';
import { REFUND_REASONS } from '@/lib/shared/refund-reasons';
import { decodeMessage } from '@/lib/shared/messages';
import { ORDER_STATUSES, REFUND_STATUSES } from '@/lib/shared/statuses';
import { isWallet, type Wallet } from '@/lib/shared/wallets';
import { choice, EVENT_VALUES, type EventReader, text } from './audit-event-values';
import { labels } from './labels';
import type { Locale } from './locales';
import { messageText, type RootTranslator } from './message-text';

/**
 * Audit rows in plain words — one builder for the order timeline and the audit log (and anything
 * else that tells what happened). Pure and client-safe: give it the root translator and the
 * reader's language. The outcome of a call to eftPay is credited to eftPay (or to "no answer"),
 * never to the staff member who clicked; eftPay's own codes and numbers are only details.
 */

/** An audit row as the builder reads it; a timeline entry or an audit log row fits. */
export interface AuditEventFacts {
  action: string;
  actorKind: 'staff' | 'eftpay' | 'system';
  /** The staff member who acted; null for eftPay, the system, or an account no longer known. */
  actorName: string | null;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  data?: unknown;
  /** The staff account the row is about (staff and sign-in rows), when known. */
  subjectName?: string | null;
  /** The order the row is about: amounts and wallet the row itself may not repeat. */
  order?: { amountCents: number; currency: string; wallet: Wallet } | null;
}

export interface AuditSentence {
  /** The main words: who did what, amounts as money, statuses by their names. */
  text: string;
  /** Words a person typed (a close reason, a refund note), to show beside the sentence as typed. */
  note: { label: string; text: string } | null;
  /** Secondary facts — eftPay's codes and numbers, the event code — for a details element. */
  details: Array<{ label: string; value: string }>;
}

/** Every event type the builder has a sentence for (tests hold lib/ to this list). */
export const AUDIT_EVENT_TYPES: readonly string[] = Object.keys(EVENT_VALUES);

const isKnown = (action: string) => Object.hasOwn(EVENT_VALUES, action);

/** `refund.answered` → `audit.events.refund_answered` (catalogue keys cannot contain dots). */
export function auditEventKey(action: string): string {
  return `audit.events.${action.replace(/\./g, '_')}`;
}

/** The event type by its name, e.g. for the audit log's filter. */
export function auditEventName(t: RootTranslator, action: string): string {
  const key = `${auditEventKey(action)}.name`;
  return isKnown(action) && t.has(key) ? t(key) : t('audit.otherEvent', { code: action });
}

const BY_RECONCILER: ReadonlySet<string> = new Set(['order.reconciled', 'refund.reconciled', 'order.close_finished']);

/** Who acted: the staff member by name, eftPay, the automatic check or the system. */
export function auditActorLabel(t: RootTranslator, event: Pick<AuditEventFacts, 'action' | 'actorKind' | 'actorName'>) {
  if (event.actorKind === 'staff') return event.actorName ?? t('audit.who.staff');
  if (event.actorKind === 'system' && BY_RECONCILER.has(event.action)) return t('audit.who.reconciler');
  return t(event.actorKind === 'eftpay' ? 'audit.who.eftpay' : 'audit.who.system');
}

const bag = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const among = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

export function auditSentence(t: RootTranslator, locale: Locale, event: AuditEventFacts): AuditSentence {
  const label = labels(t);
  const before = bag(event.before);
  const after = bag(event.after);
  const data = bag(event.data);
  const currency = event.order?.currency ?? 'HKD';
  const money = (cents: unknown) =>
    typeof cents === 'number' && Number.isSafeInteger(cents) ? formatMoney(cents, currency, locale) : '—';
  const actor = auditActorLabel(t, event);
  const refundCents = after.amountCents ?? data.amountCents;
  const reader: EventReader = {
    actor,
    subject: event.subjectName ?? (text(data.email) || t('audit.who.staff')),
    before,
    after,
    data,
    entityId: event.entityId ?? null,
    refundAmount: money(refundCents),
    orderAmount: money(event.order?.amountCents),
    wallet: event.order ? label.wallet(event.order.wallet) : '—',
    money,
    orderStatus: (code) => (among(ORDER_STATUSES, code) ? label.orderStatus(code) : text(code) || '—'),
    refundStatus: (code) => (among(REFUND_STATUSES, code) ? label.refundStatus(code) : text(code) || '—'),
    refundReason: (code) => (among(REFUND_REASONS, code) ? label.refundReason(code) : text(code) || '—'),
    walletName: (code) => (isWallet(code) ? label.wallet(code) : text(code) || '—'),
    roleName: (code) => (typeof code === 'string' && t.has(`nav.roles.${code}`) ? t(`nav.roles.${code}`) : text(code)),
    message: (encoded) => messageText(t, text(encoded), locale),
  };

  const key = `${auditEventKey(event.action)}.sentence`;
  const sentence =
    isKnown(event.action) && t.has(key)
      ? t(key, EVENT_VALUES[event.action]!(reader))
      : t('audit.genericEvent', { actor });
  return {
    text: sentence,
    note: noteOf(t, data, after),
    details: detailsOf(t, locale, money, event.action, data, after),
  };
}

function noteOf(t: RootTranslator, data: Record<string, unknown>, after: Record<string, unknown>) {
  if (typeof data.reason === 'string' && data.reason) return { label: t('audit.detail.reason'), text: data.reason };
  if (typeof after.note === 'string' && after.note) return { label: t('audit.detail.note'), text: after.note };
  return null;
}

function detailsOf(
  t: RootTranslator,
  locale: Locale,
  money: (cents: unknown) => string,
  action: string,
  data: Record<string, unknown>,
  after: Record<string, unknown>,
): AuditSentence['details'] {
  const details: AuditSentence['details'] = [];
  const add = (labelKey: string, value: unknown) => {
    const shown = text(value);
    if (shown) details.push({ label: t(`audit.detail.${labelKey}`), value: shown });
  };
  add('refundNo', data.refundNo ?? after.refundNo);
  if (typeof data.remainderBeforeCents === 'number') add('remainderBefore', money(data.remainderBeforeCents));
  add('gatewayStatus', after.gatewayStatus ?? after.tradeStatus ?? data.tradeStatus);
  add('returnStatus', data.returnStatus);
  const message = text(data.message);
  // Our own words travel as a message key; eftPay's own words only come with its return code.
  // (A refused action's sentence already says why.)
  if (decodeMessage(message) && action !== 'action.refused') add('why', messageText(t, message, locale));
  else if (data.returnStatus != null) add('gatewayMessage', message);
  if (typeof data.unknownReason === 'string')
    add('noAnswer', t('audit.detail.noAnswerValue', { reason: choice(data.unknownReason), code: data.unknownReason }));
  if (typeof data.stage === 'string')
    add('stage', t('audit.detail.stageValue', { stage: choice(data.stage), code: data.stage }));
  if (typeof data.closeSent === 'boolean') add('closeSent', t(`audit.detail.${data.closeSent ? 'yes' : 'no'}`));
  add('permission', data.capability);
  if (action === 'access.refused') add('path', data.path);
  add('eventCode', action);
  return details;
}
