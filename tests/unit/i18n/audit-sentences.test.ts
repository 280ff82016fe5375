import fs from 'node:fs';
import path from 'node:path';
import { type AbstractIntlMessages, createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_EVENT_TYPES,
  type AuditEventFacts,
  auditEventKey,
  auditEventName,
  auditSentence,
} from '@/lib/i18n/audit-sentences';
import type { Locale } from '@/lib/i18n/locales';
import type { RootTranslator } from '@/lib/i18n/message-text';
import en from '@/lib/i18n/messages/en';
import zhHK from '@/lib/i18n/messages/zh-HK';
import { msg } from '@/lib/shared/messages';

/**
 * Audit rows in plain words (lib/i18n/audit-sentences.ts): every event type written anywhere in
 * lib/ has its name and sentence in both catalogues, and representative rows read as a person would
 * say them — the outcome of a call credited to eftPay, eftPay's codes only in the details.
 */

const CATALOGUES: Record<Locale, AbstractIntlMessages> = { en, 'zh-HK': zhHK };

/** A translator that fails the test on any missing key or value instead of showing a fallback. */
function strictTranslator(locale: Locale): RootTranslator {
  return createTranslator({
    locale,
    messages: CATALOGUES[locale],
    timeZone: 'Asia/Hong_Kong',
    onError: (error) => {
      throw error;
    },
  });
}
const T = { en: strictTranslator('en'), 'zh-HK': strictTranslator('zh-HK') };
const say = (locale: Locale, facts: AuditEventFacts) => auditSentence(T[locale], locale, facts);

/** Every `.ts` file under lib/. */
function libFiles(dir = path.join(process.cwd(), 'lib')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return libFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * The event types lib/ writes: `action: '…'` (recordAudit entries and the sources handed to
 * ingestSale / applyRefundOutcome), the close verb's `audit('…', …)` helper and its
 * ACTION_BY_STATE map.
 */
function writtenEventTypes(): Set<string> {
  const found = new Set<string>();
  const code = String.raw`'([a-z][a-z_]*\.[a-z_]+)'`;
  for (const file of libFiles()) {
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(new RegExp(String.raw`\baction: ${code}`, 'g'))) found.add(match[1]!);
    for (const match of source.matchAll(new RegExp(String.raw`\baudit\(${code}`, 'g'))) found.add(match[1]!);
    const byState = source.match(/ACTION_BY_STATE = \{([^}]*)\}/);
    if (byState) for (const match of byState[1]!.matchAll(new RegExp(code, 'g'))) found.add(match[1]!);
  }
  return found;
}

const CAMEL_CASE = /\b[a-z]+[A-Z][a-zA-Z]*\b/g;
const camelCaseIn = (text: string) => (text.match(CAMEL_CASE) ?? []).filter((word) => word !== 'eftPay');

function leaf(messages: AbstractIntlMessages, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
}

describe('event types', () => {
  const written = writtenEventTypes();

  it('finds the types written in each way (the scan itself works)', () => {
    for (const type of ['auth.signed_in', 'refund.answered', 'order.close_failed', 'order.marked_paid'])
      expect(written).toContain(type);
    expect(written.size).toBeGreaterThan(30);
  });

  it.each(['en', 'zh-HK'] as const)('every type written in lib/ has a name and a sentence in %s', (locale) => {
    const missing = [...written].filter(
      (type) =>
        !AUDIT_EVENT_TYPES.includes(type) ||
        typeof leaf(CATALOGUES[locale], `${auditEventKey(type)}.name`) !== 'string' ||
        typeof leaf(CATALOGUES[locale], `${auditEventKey(type)}.sentence`) !== 'string',
    );
    expect(missing, 'add these to lib/i18n/audit-event-values.ts and the audit catalogue').toEqual([]);
  });

  it('describes no type that lib/ never writes', () => {
    expect(AUDIT_EVENT_TYPES.filter((type) => !written.has(type))).toEqual([]);
  });

  it.each(['en', 'zh-HK'] as const)('%s: each type reads as words even for a row with no context', (locale) => {
    for (const action of AUDIT_EVENT_TYPES) {
      const sentence = say(locale, { action, actorKind: 'staff', actorName: 'Mandy Wong' });
      expect(sentence.text, action).not.toMatch(/[{}]|audit\.|undefined|null/);
      expect(sentence.text, action).not.toContain(action);
      expect(camelCaseIn(sentence.text), action).toEqual([]);
      expect(auditEventName(T[locale], action), action).not.toContain(action);
    }
  });
});

const MANDY = { actorKind: 'staff', actorName: 'Mandy Wong' } as const;
const SAM = { actorKind: 'staff', actorName: 'Sam Supervisor' } as const;
const ORDER = { amountCents: 10_000, currency: 'HKD', wallet: 'ALIPAYHK' } as const;
const refund = { refundNo: 'R20261201A1B2', amountCents: 4_000 };

describe('refunds', () => {
  it('names the staff member who asked, the amount as money and the reason by its name', () => {
    const facts: AuditEventFacts = {
      ...MANDY,
      action: 'refund.requested',
      after: {
        amountCents: 4_000,
        reason: 'returned_goods',
        note: null,
        refundNo: refund.refundNo,
        status: 'requested',
      },
      data: { remainderBeforeCents: 10_000 },
      order: ORDER,
    };
    const sentence = say('en', facts);
    expect(sentence.text).toBe('Mandy Wong asked eftPay to refund HKD 40.00 (Returned goods)');
    expect(say('zh-HK', facts).text).toBe('Mandy Wong 要求 eftPay 退款 HK$40.00（退貨）');
    // The remainder before is money, not `remainderBeforeCents HKD 100.00`.
    expect(sentence.details).toContainEqual({ label: 'Refundable before', value: 'HKD 100.00' });
    expect(sentence.details).toContainEqual({ label: 'Refund no.', value: refund.refundNo });
    expect(sentence.details.flatMap((d) => camelCaseIn(`${d.label} ${d.value}`))).toEqual([]);
  });

  it('a refund answered after a timeout: no answer from eftPay, not the staff member answering', () => {
    const facts: AuditEventFacts = {
      ...MANDY,
      action: 'refund.answered',
      before: { status: 'requested', gatewayStatus: null },
      after: { status: 'unknown', gatewayStatus: null },
      data: refund,
      order: ORDER,
    };
    expect(say('en', facts).text).toBe('No answer from eftPay about the refund of HKD 40.00 — checking');
    expect(say('zh-HK', facts).text).toBe('未收到 eftPay 就退款 HK$40.00 的回覆 — 正在查詢');
    expect(say('en', facts).text).not.toContain('Mandy');
  });

  it('the same refund settled later by the automatic check', () => {
    const facts: AuditEventFacts = {
      action: 'refund.reconciled',
      actorKind: 'system',
      actorName: null,
      before: { status: 'unknown', gatewayStatus: null },
      after: { status: 'succeeded', gatewayStatus: 'TRADE_REFUND' },
      data: refund,
      order: ORDER,
    };
    expect(say('en', facts).text).toBe('The automatic check found the refund of HKD 40.00 completed at eftPay');
    expect(say('zh-HK', facts).text).toBe('自動核對：eftPay 確認退款 HK$40.00 已完成');
  });

  it('a full refund is confirmed by eftPay; TRADE_CLOSED is only a detail', () => {
    const facts: AuditEventFacts = {
      ...MANDY,
      action: 'refund.answered',
      after: { status: 'succeeded', gatewayStatus: 'TRADE_CLOSED' },
      data: { refundNo: refund.refundNo, amountCents: 10_000 },
      order: ORDER,
    };
    const sentence = say('en', facts);
    expect(sentence.text).toBe('eftPay confirmed the refund of HKD 100.00');
    expect(say('zh-HK', facts).text).toBe('eftPay 確認退款 HK$100.00');
    expect(sentence.details).toContainEqual({ label: 'eftPay status', value: 'TRADE_CLOSED' });
    expect(sentence.details).toContainEqual({ label: 'Event code', value: 'refund.answered' });
  });

  it('tells a refusal by eftPay from a refund that was never sent', () => {
    const refused = say('en', {
      ...MANDY,
      action: 'refund.answered',
      after: { status: 'failed', gatewayStatus: 'REJECTED_05' },
      data: refund,
    });
    const notSent = say('en', { ...MANDY, action: 'refund.answered', after: { status: 'failed' }, data: refund });
    expect(refused.text).toBe('eftPay refused the refund of HKD 40.00');
    expect(notSent.text).toBe('The refund of HKD 40.00 could not be sent to eftPay');
  });

  it('a refund eftPay never received, found by the automatic check, can be refunded again', () => {
    const facts: AuditEventFacts = {
      action: 'refund.reconciled',
      actorKind: 'system',
      actorName: null,
      after: { status: 'failed', gatewayStatus: 'REJECTED_03' },
      data: refund,
    };
    expect(say('en', facts).text).toBe(
      'The automatic check found that eftPay never received the refund of HKD 40.00 — the amount can be refunded again',
    );
  });
});

describe('orders', () => {
  it('a payment notification: eftPay, the amount and the wallet by its name', () => {
    const facts: AuditEventFacts = {
      action: 'order.payment_notified',
      actorKind: 'eftpay',
      actorName: null,
      after: { status: 'paid', tradeStatus: 'TRADE_SUCCESS', amountCents: 2_630, wallet: 'WECHATHK' },
    };
    expect(say('en', facts).text).toBe('eftPay reported that the customer paid HKD 26.30 with WeChat Pay HK');
    expect(say('zh-HK', facts).text).toBe('eftPay 通知：顧客已用 WeChat Pay HK 付款 HK$26.30');
    expect(say('en', facts).details).toContainEqual({ label: 'eftPay status', value: 'TRADE_SUCCESS' });
  });

  it('a close that found the order paid: eftPay reports it, the supervisor is named, the reason kept', () => {
    const facts: AuditEventFacts = {
      ...SAM,
      action: 'order.marked_paid',
      before: { status: 'unpaid', tradeStatus: 'NOTPAY' },
      after: { status: 'paid', tradeStatus: 'TRADE_SUCCESS' },
      data: { reason: 'Customer left', stage: 'query', tradeStatus: 'TRADE_SUCCESS', closeSent: false },
      order: { amountCents: 2_630, currency: 'HKD', wallet: 'WECHATCN' },
    };
    const sentence = say('en', facts);
    expect(sentence.text).toBe(
      'eftPay reported that the customer had paid HKD 26.30 when Sam Supervisor tried to close the order — it stays paid, not closed',
    );
    expect(say('zh-HK', facts).text).toBe(
      'Sam Supervisor 嘗試關閉訂單時，eftPay 顯示顧客已付款 HK$26.30 — 訂單保持已付款，沒有關閉',
    );
    expect(sentence.note).toEqual({ label: 'Reason', text: 'Customer left' });
    expect(sentence.details).toContainEqual({ label: 'Close sent to eftPay', value: 'No' });
    expect(sentence.details).toContainEqual({ label: 'Step', value: 'Status query' });
  });

  it('credits a close to eftPay and an unanswered one to no answer', () => {
    const closed = say('en', { ...SAM, action: 'order.closed', data: { reason: 'Left', closeSent: true } });
    const unknown = say('zh-HK', {
      ...SAM,
      action: 'order.close_unknown',
      data: { reason: 'Left', stage: 'close', unknownReason: 'timeout', closeSent: true },
    });
    expect(closed.text).toBe('eftPay confirmed the order is closed, as Sam Supervisor asked');
    expect(unknown.text).toBe('未收到 eftPay 回覆 — 正在查詢');
    expect(unknown.details).toContainEqual({ label: '未收到回覆的原因', value: '連線逾時' });
  });

  it('a close refused before eftPay was asked says why, in words', () => {
    const facts: AuditEventFacts = {
      ...SAM,
      action: 'order.close_refused',
      data: { reason: 'Left', why: 'too_young', status: 'unpaid', wallet: 'ALIPAYHK', minAgeMinutes: 15 },
    };
    expect(say('en', facts).text).toBe(
      'Sam Supervisor could not close the order: it is less than 15 minutes old, so the customer may still pay',
    );
  });

  it('a close the console could not send shows its own message translated, not a key', () => {
    const sentence = say('zh-HK', {
      ...SAM,
      action: 'order.close_failed',
      data: {
        reason: 'Left',
        stage: 'close',
        returnStatus: null,
        message: msg('errors.close.not_sent'),
        closeSent: false,
      },
    });
    expect(sentence.text).toBe('Sam Supervisor 的關閉要求未能發送至 eftPay');
    const why = sentence.details.find((d) => d.label === '原因');
    expect(why?.value).toBe(T['zh-HK']('errors.close.not_sent'));
  });

  it('a refresh credits the news to eftPay, with the status by its name', () => {
    const facts: AuditEventFacts = {
      ...MANDY,
      action: 'order.status_refreshed',
      after: { status: 'closed', tradeStatus: 'TRADE_CLOSED' },
      order: ORDER,
    };
    expect(say('en', facts).text).toBe('Mandy Wong refreshed the order from eftPay — eftPay reports it closed');
    expect(say('en', facts).text).not.toContain('TRADE_');
  });
});

describe('everything else', () => {
  it('an event type the builder does not know gets a generic sentence, its code only a detail', () => {
    const sentence = say('en', { action: 'order.something_new', actorKind: 'system', actorName: null });
    expect(sentence.text).toBe('System: an activity the console does not describe yet');
    expect(sentence.details).toEqual([{ label: 'Event code', value: 'order.something_new' }]);
    expect(auditEventName(T.en, 'order.something_new')).toBe('Other activity (order.something_new)');
  });

  it('staff changes name the administrator and the account, with roles by their names', () => {
    const facts: AuditEventFacts = {
      actorKind: 'staff',
      actorName: 'Ada Admin',
      action: 'staff.role_changed',
      subjectName: 'Mandy Wong',
      before: { role: 'manager' },
      after: { role: 'supervisor' },
    };
    expect(say('en', facts).text).toBe('Ada Admin changed Mandy Wong’s role from Store manager to Supervisor');
  });

  it('sign-in failures say why in words, never the code', () => {
    const facts: AuditEventFacts = {
      actorKind: 'system',
      actorName: null,
      action: 'auth.sign_in_failed',
      data: { email: 'mandy@shop.hk', why: 'password', failures: 2 },
    };
    expect(say('en', facts).text).toBe('Sign-in as mandy@shop.hk failed: wrong password');
    expect(say('zh-HK', facts).text).toBe('以 mandy@shop.hk 登入失敗：密碼錯誤');
  });

  it('an export says how many rows left, in both languages', () => {
    const facts: AuditEventFacts = {
      actorKind: 'staff',
      actorName: 'Fiona Finance',
      action: 'refunds.exported',
      data: { filter: {}, rows: 12, completed: true },
    };
    expect(say('en', facts).text).toBe('Fiona Finance exported 12 refunds to CSV');
    expect(say('zh-HK', facts).text).toBe('Fiona Finance 匯出了 12 筆退款（CSV）');
  });

  it('a refused action names what was refused and why, in words, in both languages', () => {
    const facts: AuditEventFacts = {
      actorKind: 'staff',
      actorName: 'Tony Wong',
      action: 'action.refused',
      entityId: 'createRefundAction',
      data: {
        code: 'VALIDATION',
        field: 'amount',
        message: msg('errors.refund.exceeds_remainder', { maxCents: 38_800 }),
        input: { amount: '400.00' },
      },
    };
    expect(say('en', facts).text).toMatch(/^Tony Wong was refused a refund: At most HKD 388\.00 can be refunded\.$/);
    expect(say('zh-HK', facts).text).toMatch(/^Tony Wong 的退款被拒絕：.*388\.00/);
    expect(say('en', facts).details.map((d) => d.label)).toEqual(['Event code']);
    const staff = say('en', {
      ...facts,
      entityId: 'resetStaffPasswordAction',
      data: { message: msg('errors.staff.last_admin') },
    });
    expect(staff.text).toMatch(/^Tony Wong was refused a staff change: /);
    expect(staff.text).not.toMatch(/errors\./);
  });

  it('a refused read says what was asked for; the path, with its id, is a detail', () => {
    const facts: AuditEventFacts = {
      actorKind: 'staff',
      actorName: 'Tony Wong',
      action: 'access.refused',
      entityId: '/orders/5d1c',
      data: { path: '/orders/5d1c' },
    };
    expect(say('en', facts).text).toBe(
      'Tony Wong asked for an order and was answered “not found” (outside their stores, or no such record)',
    );
    expect(say('zh-HK', facts).text).toBe(
      'Tony Wong 要求查看一張訂單，獲回覆「找不到」（不在其分店範圍內或紀錄不存在）',
    );
    expect(say('en', facts).details).toContainEqual({ label: 'Path', value: '/orders/5d1c' });
  });
});
