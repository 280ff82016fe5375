import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GET as exportAudit } from '@/app/api/exports/audit/route';
import { GET as exportRefunds } from '@/app/api/exports/refunds/route';
import { GET as health } from '@/app/api/health/route';
import { GET as refundStatus } from '@/app/api/orders/[id]/refunds/route';
import { getDb } from '@/db/client';
import { AuditCursor, AuditFilterInput } from '@/lib/audit/audit-filter';
import { listAudit } from '@/lib/audit/list-audit';
import type { StaffActor } from '@/lib/auth/actor';
import { listUnpaidForClose } from '@/lib/close/list-unpaid';
import { CloseOrdersInput } from '@/lib/close/schemas';
import { listRefunds } from '@/lib/finance/list-refunds';
import { RefundFilterInput } from '@/lib/finance/refund-filter';
import { searchParamsRecord } from '@/lib/finance/url-params';
import { resolveOrderFilters } from '@/lib/orders/filters';
import { listOrders } from '@/lib/orders/list';
import { loadOrderSearchParams } from '@/lib/orders/search-params';
import { RefundInput } from '@/lib/refunds/schemas';
import { msg } from '@/lib/shared/messages';
import { StaffCreateForm } from '@/lib/staff/schemas';
import { makeStaff } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';

/**
 * Bad input is the caller's mistake, never the server's: every page's search parameters and every
 * route answer it with a field-level message or a 4xx, never a 5xx or an unexpected throw — NUL
 * bytes (Postgres refuses them in text), lone surrogates, impossible dates and cursors, huge values.
 */
const database = testDatabaseForFile({ serverEnv: true });
const RUNS = { numRuns: 40 };

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFFy',
    '2026-02-30',
    '2026-13-01',
    '99999-01-01',
    '0000-01-01',
    '',
    'NaN',
    '-1',
    '1e308',
    '999999999999999999999',
    'x'.repeat(100_000),
    'unassigned',
  ),
  fc.string({ unit: fc.constantFrom('\u0000', 'a', '-', '|', '1', ':', ' '), maxLength: 30 }),
);
/** A keyset cursor as the pages mint it, around impossible times. */
const cursor = fc.oneof(
  nasty,
  fc
    .tuple(
      fc.constantFrom('2026-02-30', '2026-13-01', '0000-01-01', '2026-03-02', '9999-12-31'),
      fc.constantFrom('00:00:00', '25:61:61', '23:59:59.999999'),
      fc.constantFrom('+00', '+08:00', 'Z', '+99'),
      fc.constantFrom('00000000-0000-4000-8000-000000000000', 'x\u0000'),
    )
    .map(([d, t, z, id]) => Buffer.from(`${d} ${t}${z}|${id}`).toString('base64url')),
);
/** Next's searchParams: a value may be a string or an array of strings. */
const paramValue = fc.oneof(nasty, cursor, fc.array(nasty, { maxLength: 3 }));
const searchParams = (keys: readonly string[]) =>
  fc.dictionary(fc.constantFrom(...keys), paramValue, { maxKeys: keys.length }) as fc.Arbitrary<
    Record<string, string | string[]>
  >;

function toQuery(params: Record<string, string | string[]>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) query.append(key, v);
  return query.toString();
}

let admin: StaffActor;
async function signedInAdmin(): Promise<StaffActor> {
  admin ??= await makeStaff(database.db, 'admin');
  return admin;
}

/** Each page (by its file under app/) and how it parses and loads its search parameters. */
const pages: Record<string, ((raw: Record<string, string | string[]>) => Promise<void>) | 'no search params'> = {
  'app/(console)/orders/(list)/page.tsx': async (raw) => {
    const actor = await signedInAdmin();
    const params = loadOrderSearchParams(raw);
    const { filters } = resolveOrderFilters(params);
    await listOrders(await getDb(), actor.scope, filters, params.cursor);
  },
  'app/(console)/orders/unpaid/page.tsx': async (raw) => {
    const actor = await signedInAdmin();
    const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
    await listUnpaidForClose(await getDb(), actor.scope, {
      now: new Date(),
      minAgeMinutes: 15,
      includeYounger: first(raw.younger) === '1',
      cursor: first(raw.after) ?? null,
    });
  },
  'app/(console)/refunds/(history)/page.tsx': async (raw) => {
    const actor = await signedInAdmin();
    const record = searchParamsRecord(raw);
    const parsed = RefundFilterInput.safeParse(record);
    if (!parsed.success) return;
    const { z } = await import('zod');
    const after = z.uuid().safeParse(record.after).data;
    const before = after ? undefined : z.uuid().safeParse(record.before).data;
    await listRefunds(await getDb(), actor.scope, parsed.data, { after, before });
  },
  'app/(console)/audit/page.tsx': async (raw) => {
    const actor = await signedInAdmin();
    const record = searchParamsRecord(raw);
    const parsed = AuditFilterInput.safeParse(record);
    if (!parsed.success) return;
    const after = AuditCursor.safeParse(record.after).data;
    const before = after ? undefined : AuditCursor.safeParse(record.before).data;
    await listAudit(await getDb(), actor.scope, parsed.data, { after, before });
  },
  'app/page.tsx': 'no search params',
  'app/(auth)/login/page.tsx': 'no search params',
  'app/(console)/orders/[id]/page.tsx': 'no search params',
  'app/(console)/refunds/[id]/slip/page.tsx': 'no search params',
  'app/(console)/staff/(list)/page.tsx': 'no search params',
  'app/(console)/staff/[id]/page.tsx': 'no search params',
  'app/(console)/staff/new/page.tsx': 'no search params',
  'app/(console)/staff/stores/page.tsx': 'no search params',
  'app/(console)/discrepancies/page.tsx': 'no search params',
  'app/(console)/approvals/page.tsx': 'no search params',
  'app/(console)/settings/refund-policy/page.tsx': 'no search params',
  'app/account/page.tsx': 'no search params',
  'app/account/password/page.tsx': 'no search params',
  'app/account/two-factor/page.tsx': 'no search params',
};
const PAGE_KEYS = [
  'q',
  'status',
  'wallet',
  'store',
  'range',
  'from',
  'to',
  'min',
  'max',
  'cursor',
  'after',
  'before',
  'basis',
  'staff',
  'reason',
  'actor',
  'action',
  'younger',
  'open',
];

/** Each route handler and a request of arbitrary input to it. */
const routes: Record<string, ((input: Record<string, string | string[]>) => Promise<Response>) | string> = {
  'app/api/exports/refunds/route.ts': (input) =>
    exportRefunds(new Request(`http://console.test/api/exports/refunds?${toQuery(input)}`)),
  'app/api/exports/audit/route.ts': (input) =>
    exportAudit(new Request(`http://console.test/api/exports/audit?${toQuery(input)}`)),
  'app/api/orders/[id]/refunds/route.ts': (input) =>
    refundStatus(new Request('http://console.test/api/orders/x/refunds'), {
      params: Promise.resolve({ id: [input.q ?? ''].flat()[0] ?? '' }),
    }),
  'app/api/health/route.ts': async (input) => health(new Request(`http://console.test/api/health?${toQuery(input)}`)),
  'app/api/eftpay/notify/route.ts': 'its bad bodies are covered by tests/integration/gateway/notify-size.test.ts',
  'app/api/auth/[...nextauth]/route.ts': 'next-auth’s own handler',
};

function filesUnder(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return filesUnder(path, name);
    return entry === name ? [relative(process.cwd(), path)] : [];
  });
}

/** A whole body read, so an error after the headers shows up here too. */
async function settle(response: Response): Promise<Response> {
  await response.arrayBuffer();
  return response;
}

describe('bad input never gets a 5xx', () => {
  it('every page and every route is in the table', () => {
    expect(filesUnder('app', 'page.tsx').sort()).toEqual(Object.keys(pages).sort());
    expect(filesUnder('app/api', 'route.ts').sort()).toEqual(Object.keys(routes).sort());
  });

  for (const [page, load] of Object.entries(pages)) {
    if (typeof load === 'string') continue;
    it(`${page} parses and loads any search parameters`, async () => {
      await fc.assert(
        fc.asyncProperty(searchParams(PAGE_KEYS), (raw) => load(raw)),
        RUNS,
      );
    });
  }

  for (const [route, call] of Object.entries(routes)) {
    if (typeof call === 'string') continue;
    it(`${route} answers any query with a non-5xx complete response`, async () => {
      const actor = await signedInAdmin();
      await fc.assert(
        fc.asyncProperty(searchParams(PAGE_KEYS), async (input) => {
          const response = await runAsActor(actor, async () => settle(await call(input)));
          // Health's 503 is its answer "not started yet", not a failure of the input.
          if (route === 'app/api/health/route.ts') expect([200, 503]).toContain(response.status);
          else expect(response.status).toBeLessThan(500);
        }),
        RUNS,
      );
    });
  }

  it('the refund, close and new-staff forms answer any text with field errors, never a throw', () => {
    fc.assert(
      fc.property(nasty, nasty, (note, reason) => {
        const refund = RefundInput.safeParse({
          orderId: crypto.randomUUID(),
          amount: '1.00',
          reason: 'other',
          note,
          idempotencyKey: crypto.randomUUID(),
        });
        if (refund.success) expect(refund.data.note.includes('\u0000')).toBe(false);
        const close = CloseOrdersInput.safeParse({ orderIds: [crypto.randomUUID()], reason });
        if (close.success) expect(close.data.reason.includes('\u0000')).toBe(false);
        const staff = StaffCreateForm.safeParse({ email: 'a@example.test', name: reason, role: 'finance' });
        if (staff.success) expect(staff.data.name.includes('\u0000')).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('text with a NUL through the action client', () => {
  it('a new staff member named with a NUL gets a field error, not an internal error', async () => {
    const { createStaffAction } = await import('@/lib/actions/staff');
    const actor = await signedInAdmin();
    const result = await runAsActor(actor, () =>
      createStaffAction({ email: `nul-${crypto.randomUUID()}@shop.test`, name: 'Nina\u0000New', role: 'finance' }),
    );
    expect(result).toMatchObject({
      validationErrors: { fieldErrors: { name: [msg('errors.filters.control_characters')] } },
    });
  });
});
