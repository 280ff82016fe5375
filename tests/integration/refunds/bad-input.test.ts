import { count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setDatabase } from '@/db/client';
import { refunds } from '@/db/schema';
import { createRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { runAsActor } from '@/lib/auth/current';
import { NOTE_MAX, REFUND_REASONS } from '@/lib/refunds/schemas';
import { createTestDatabase } from '../../support/db';
import { makeStaff, makeStore } from '../../support/fixtures';
import { paidOrder, refundInput, remainderOf, startRefundGateway, uniqueNo } from './helpers';

vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

/**
 * Bad input thrown at the server action itself — the browser's checks are a convenience, this is
 * the guard. Whatever arrives: a field-level error, never a thrown error or INTERNAL, never a refund.
 */

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let manager: StaffActor;
let tid: string;
/** Paid HKD 300.00, nothing refunded: every well-formed amount up to 300.00 would refund. */
let open: { id: string };
/** Paid HKD 100.00 with a refund of HKD 100.00 whose outcome is unknown: nothing is refundable. */
let reserved: { id: string };

beforeAll(async () => {
  database = await createTestDatabase();
  setDatabase(database);
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
  await database?.drop();
});

async function refundCount(): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(refunds);
  return row?.n ?? 0;
}

async function ordersRefundCount(orderId: string): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(refunds).where(eq(refunds.orderId, orderId));
  return row?.n ?? 0;
}

type ActionResult = Awaited<ReturnType<typeof createRefundAction>>;

/** The field errors the form shows, whichever layer (schema or verb) produced them. */
function fieldErrorsOf(result: ActionResult): Record<string, string[] | undefined> {
  return { ...result.validationErrors?.fieldErrors, ...result.serverError?.fieldErrors };
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
        message: 'Please correct the highlighted fields.',
        fieldErrors: { amount: ['At most HKD 300.00 can be refunded.'] },
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
          expect(fieldErrorsOf(result).amount?.length).toBeGreaterThan(0);
          expect(result.serverError?.code ?? 'VALIDATION').toBe('VALIDATION');
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
        expect(result.validationErrors?.fieldErrors.note).toEqual(['Describe the reason when you choose "Other".']);
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
        expect(result.validationErrors?.fieldErrors.note).toEqual([`Keep the note to ${NOTE_MAX} characters.`]);
        expect(result.data).toBeUndefined();
        expect(await ordersRefundCount(open.id)).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses exactly 257 characters and names the field', async () => {
    const result = await call(refundInput(open.id, '1.00', { reason: 'other', note: '退'.repeat(NOTE_MAX + 1) }));
    expect(result.validationErrors?.fieldErrors).toEqual({ note: [`Keep the note to ${NOTE_MAX} characters.`] });
  });

  it('refuses a reason that is not on the list', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string().filter((r) => !(REFUND_REASONS as readonly string[]).includes(r)),
        async (reason) => {
          const result = await call(refundInput(open.id, '1.00', { reason }));
          expect(result.validationErrors?.fieldErrors.reason).toEqual(['Choose a reason.']);
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
        const fields = fieldErrorsOf(result);
        const formErrors = result.validationErrors?.formErrors ?? [];
        const notFound = result.serverError?.code === 'NOT_FOUND';
        // A well-formed request for an unknown order id is NOT_FOUND; anything else names its field(s).
        expect(Object.keys(fields).length > 0 || formErrors.length > 0 || notFound).toBe(true);
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
          if (result.data) {
            expect(result.data.status).toBe('succeeded');
          } else {
            expect(result.validationErrors?.fieldErrors).toEqual({
              note: ['Remove the unprintable characters from the note.'],
            });
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
        note: ['Remove the unprintable characters from the note.'],
      });
      expect(await ordersRefundCount(open.id)).toBe(0);
    },
  );
});
