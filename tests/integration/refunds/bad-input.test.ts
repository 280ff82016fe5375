import { count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refunds } from '@/db/schema';
import { createRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { NOTE_MAX, REFUND_REASONS, RefundInput } from '@/lib/refunds/schemas';
import { makeStaff, makeStore, refundInput } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { paidOrder, remainderOf, startRefundGateway } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

/**
 * Bad input thrown at the server action itself — the browser's checks are a convenience, this is
 * the guard. Whatever arrives: a field-level error, never a thrown error or INTERNAL, never a refund.
 */

const database = testDatabaseForFile();
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let manager: StaffActor;
let tid: string;
/** Paid HKD 300.00, nothing refunded: every well-formed amount up to 300.00 would refund. */
let open: { id: string };
/** Paid HKD 100.00 with a refund of HKD 100.00 whose outcome is unknown: nothing is refundable. */
let reserved: { id: string };

beforeAll(async () => {
  gw = await startRefundGateway(database.db);
  tid = uniqueNo('TID');
  const store = await makeStore(database.db, [tid]);
  manager = await makeStaff(database.db, 'manager', [store.id]);
  open = await paidOrder(database.db, gw.control, { tid, amountCents: 30_000 });
  reserved = await paidOrder(database.db, gw.control, { tid, amountCents: 10_000 });
  await gw.control.fault({ match: {}, fault: 'http-500' });
  const unknown = await runAsActor(manager, () => createRefundAction(refundInput(reserved.id, '100.00')));
  expect(unknown.data?.status).toBe('unknown');
  expect(await remainderOf(database.db, reserved.id)).toBe(0);
});
afterAll(async () => {
  await gw?.close();
});

async function refundCount(): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(refunds);
  return row?.n ?? 0;
}

async function ordersRefundCount(orderId: string): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(refunds).where(eq(refunds.orderId, orderId));
  return row?.n ?? 0;
}

// `input` is deliberately not RefundInput: the browser can send anything.
const call = (input: unknown) =>
  runAsActor(manager, () => createRefundAction(input as Parameters<typeof createRefundAction>[0]));

/** The test's own oracle of "a positive amount with at most 2 decimals, at most HKD 300.00". */
function wouldRefundOnOpenOrder(amount: string): boolean {
  const text = amount.trim();
  const match = /^([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(text);
  if (!match) return false;
  const cents = BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  return cents > 0n && cents <= 30_000n;
}

/**
 * The test's own oracle of what the form's schema accepts as an amount (the gateway's String(8),
 * docs/eftpay-gateway.md §1): once trimmed, 1 to 5 digits with at most 2 decimals, above 0.00.
 * The schema refuses anything else; the verb refuses what it accepts but the order cannot take.
 */
function schemaTakesAmount(amount: string): boolean {
  const match = /^([0-9]{1,5})(?:\.([0-9]{1,2}))?$/.exec(amount.trim());
  return match !== null && Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) > 0;
}

/** Control characters other than tab and line breaks, and lone surrogates: the note cannot hold them. */
const UNPRINTABLE = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;

const TOO_LARGE_FOR_OPEN = {
  code: 'VALIDATION',
  message: msg('errors.validation'),
  fieldErrors: { amount: [msg('errors.refund.exceeds_remainder', { maxCents: 30000 })] },
};

const MALFORMED_AMOUNTS = [
  '0',
  '0.00',
  '-1',
  '-0.01',
  '0.001',
  '12.345',
  '1e3',
  '1E2',
  '１００',
  '٣',
  '100000',
  '99999999999999999999',
  '9'.repeat(400),
  '',
  '   ',
  'abc',
  'NaN',
  'Infinity',
  '1,000',
  '12.',
  '.5',
  '+5',
  '0x10',
  '10 00',
  '1.5.5',
  'HKD 40',
  '40元',
];

describe('malformed amounts', () => {
  const labelled = MALFORMED_AMOUNTS.map((a) => [
    a.length > 24 ? `"${a.slice(0, 8)}…" (${a.length} characters)` : JSON.stringify(a),
    a,
  ]);
  it.each(labelled)('refuses %s with a field error on amount from the schema', async (_label, amount) => {
    const before = await refundCount();
    const result = await call(refundInput(open.id, amount));
    expect(result.validationErrors?.fieldErrors.amount?.length).toBeGreaterThan(0);
    expect(result.serverError).toBeUndefined();
    expect(result.data).toBeUndefined();
    expect(await refundCount()).toBe(before);
  });

  it.each(['300.01', '99999.99', '500'])(
    'refuses the well-formed but too large %j with a field error on amount from the verb',
    async (amount) => {
      const result = await call(refundInput(open.id, amount));
      expect(result.serverError).toEqual({
        code: 'VALIDATION',
        message: msg('errors.validation'),
        fieldErrors: { amount: [msg('errors.refund.exceeds_remainder', { maxCents: 30000 })] },
      });
      expect(await ordersRefundCount(open.id)).toBe(0);
    },
  );

  it('refuses any string that is not a refundable amount, whatever its characters', async () => {
    const amounts = fc.oneof(
      fc.constantFrom(...MALFORMED_AMOUNTS),
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.stringMatching(/^[-+]?[0-9]{0,8}([.,][0-9]{0,4})?([eE][-+]?[0-9]{1,3})?$/),
      fc.bigInt({ min: 30_001n, max: 10n ** 30n }).map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`),
    );
    await fc.assert(
      fc.asyncProperty(
        amounts.filter((a) => !wouldRefundOnOpenOrder(a)),
        async (amount) => {
          const result = await call(refundInput(open.id, amount));
          if (schemaTakesAmount(amount)) {
            // Well formed, more than the order's HKD 300.00: the verb's remainder rule.
            expect(result.serverError).toEqual(TOO_LARGE_FOR_OPEN);
            expect(result.validationErrors).toBeUndefined();
          } else {
            expect(result.validationErrors?.fieldErrors.amount?.length).toBeGreaterThan(0);
            expect(result.serverError).toBeUndefined();
          }
          expect(result.data).toBeUndefined();
          expect(await ordersRefundCount(open.id)).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('reasons and notes', () => {
  it('requires a note when the reason is "other", on the note field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('', ' ', '   ', '\n\t', '\u3000'), async (note) => {
        const result = await call(refundInput(open.id, '1.00', { reason: 'other', note }));
        expect(result.validationErrors?.fieldErrors.note).toEqual([msg('errors.refund.note_required_for_other')]);
        expect(result.data).toBeUndefined();
        expect(await ordersRefundCount(open.id)).toBe(0);
      }),
    );
  });

  it('refuses a note longer than 256 characters, Chinese or not, for every reason', async () => {
    const longNote = fc
      .string({
        unit: fc.constantFrom('退', '款', '原', '因', 'a', 'Z', '9', '-', ' '),
        minLength: NOTE_MAX + 1,
        maxLength: 600,
      })
      .filter((note) => note.trim().length > NOTE_MAX);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...REFUND_REASONS), longNote, async (reason, note) => {
        const result = await call(refundInput(open.id, '1.00', { reason, note }));
        expect(result.validationErrors?.fieldErrors.note).toEqual([
          msg('errors.refund.note_too_long', { max: NOTE_MAX }),
        ]);
        expect(result.data).toBeUndefined();
        expect(await ordersRefundCount(open.id)).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses exactly 257 characters and names the field', async () => {
    const result = await call(refundInput(open.id, '1.00', { reason: 'other', note: '退'.repeat(NOTE_MAX + 1) }));
    expect(result.validationErrors?.fieldErrors).toEqual({
      note: [msg('errors.refund.note_too_long', { max: NOTE_MAX })],
    });
  });

  it('refuses a reason that is not on the list', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string().filter((r) => !(REFUND_REASONS as readonly string[]).includes(r)),
        async (reason) => {
          const result = await call(refundInput(open.id, '1.00', { reason }));
          expect(result.validationErrors?.fieldErrors.reason).toEqual([msg('errors.refund.reason_required')]);
          expect(await ordersRefundCount(open.id)).toBe(0);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('anything at all', () => {
  it('answers every input with field errors and never refunds an order with nothing left', async () => {
    const anything = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined));
    const input = fc.record(
      {
        orderId: fc.oneof(fc.constant(reserved.id), fc.uuid(), anything),
        amount: fc.oneof(fc.constantFrom('1.00', '100.00', '0.01'), fc.integer(), anything),
        reason: fc.oneof(fc.constantFrom(...REFUND_REASONS), anything),
        note: fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), anything),
        idempotencyKey: fc.oneof(fc.uuid({ version: 4 }), anything),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(input, anything), async (value) => {
        const before = await refundCount();
        const result = await call(value);
        expect(result.data).toBeUndefined();
        expect(result.serverError?.code).not.toBe('INTERNAL');
        const parsed = RefundInput.safeParse(value);
        if (!parsed.success) {
          // Refused by the form's schema, naming the field(s) or, for a value that is no form, the form.
          const fields = Object.keys(result.validationErrors?.fieldErrors ?? {});
          const formErrors = result.validationErrors?.formErrors ?? [];
          expect(fields.length + formErrors.length).toBeGreaterThan(0);
          expect(result.serverError).toBeUndefined();
        } else if (parsed.data.orderId === reserved.id) {
          // Well formed, about the order with nothing left: the verb's remainder rule.
          expect(result.serverError).toMatchObject({
            code: 'VALIDATION',
            fieldErrors: { amount: [msg('errors.refund.nothing_left')] },
          });
        } else {
          // Well formed, about an order id nobody has.
          expect(result.serverError?.code).toBe('NOT_FOUND');
        }
        expect(await refundCount()).toBe(before);
      }),
      { numRuns: 200 },
    );
  });

  it('stores a note with any characters, or names the note field — never a database error', async () => {
    const order = await paidOrder(database.db, gw.control, { tid, amountCents: 30_000 });
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((n) => n.trim().length > 0),
        async (note) => {
          const result = await call(refundInput(order.id, '0.01', { reason: 'other', note }));
          expect(result.serverError).toBeUndefined();
          // The schema trims the note before it looks at its characters.
          if (UNPRINTABLE.test(note.trim())) {
            expect(result.validationErrors?.fieldErrors).toEqual({
              note: [msg('errors.refund.note_unprintable')],
            });
            expect(result.data).toBeUndefined();
          } else {
            expect(result.validationErrors).toBeUndefined();
            expect(result.data?.status).toBe('succeeded');
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each(['a\u0000b', 'bad \ud800 half', 'bell\u0007'])(
    'refuses the unstorable note %j on the note field',
    async (note) => {
      const result = await call(refundInput(open.id, '1.00', { reason: 'other', note }));
      expect(result.validationErrors?.fieldErrors).toEqual({
        note: [msg('errors.refund.note_unprintable')],
      });
      expect(await ordersRefundCount(open.id)).toBe(0);
    },
  );
});
