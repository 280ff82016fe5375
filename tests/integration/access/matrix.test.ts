import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayDiscrepancies, staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { type Capability, ROLE_CAPABILITIES, ROLES, type Role } from '@/lib/auth/permissions';
import { inScope, scopeFor } from '@/lib/auth/scope';
import { decryptTotpSecret } from '@/lib/auth/totp';
import { DEFAULT_POLICY, formFromPolicy } from '@/lib/refunds/policy-schemas';
import { makeStaff, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { runAsActor } from '../../support/seams/current-actor';
import { openSession, totpCodeAt } from '../staff/helpers';
import { openWorld, type World } from './world';

/**
 * The authorization matrix: every server action (every export of lib/actions/*.ts) and every route
 * handler (app/api/**\/route.ts), called by every role about a record in their own store and in
 * another store, and signed out — and answered exactly as the permission map (ROLE_CAPABILITIES)
 * and the store scope say. A new action or route that is not in the tables below fails the test.
 *
 * Adding an action: one entry in ACTIONS, keyed `<file>.<export>`, with its capability, whether its
 * record belongs to a store, and `input` — valid input about a fresh record in `store`.
 */

type Where = 'own store' | 'other store' | 'signed out';

interface Target {
  world: World;
  /** Where the record is: the caller's own store, or another one. */
  store: World['ownStore'];
  /** The caller (when signed out: the person whose session it could have been). */
  self: StaffActor;
}

interface ActionResult {
  data?: unknown;
  serverError?: { code: string; message: string };
  validationErrors?: unknown;
}

interface ActionEntry {
  capability: Capability;
  /** The record belongs to a store: managers and supervisors may only act on their own stores'. */
  storeScoped: boolean;
  /** Valid input about a fresh record in `target.store` (for the caller, for their own account). */
  input(target: Target): Promise<unknown>;
  /** How the action answers "not in your stores" (default: NOT_FOUND — never FORBIDDEN, README "Roles"). */
  outOfScope?(result: ActionResult): boolean;
  /** What running to the end looks like (default: no error of any kind). */
  ran?(result: ActionResult): boolean;
  /** The record's store is only learnt from eftPay's answer, so eftPay is asked before scope refuses. */
  asksEftpayFirst?: true;
}

/** Someone other than the caller who asked for a refund in the store (a manager of it). */
const requester = async (world: World, store: World['ownStore']) =>
  (await makeStaff(world.db, 'manager', [store.id])).staffId;
const staffTarget = async ({ world, store }: Target) => (await makeStaff(world.db, 'manager', [store.id])).staffId;
const firstItem = (result: ActionResult, key: string) =>
  ((result.data as Record<string, unknown> | undefined)?.[key] as Array<Record<string, unknown>> | undefined)?.[0];

const ACTIONS: Record<string, ActionEntry> = {
  // lib/actions/account.ts — every role, about their own account only.
  'account.changeOwnPasswordAction': {
    capability: 'account.self',
    storeScoped: false,
    input: async () => ({
      currentPassword: TEST_PASSWORD,
      newPassword: 'matrix new passphrase',
      confirmPassword: 'matrix new passphrase',
    }),
  },
  'account.beginTotpEnrolmentAction': {
    capability: 'account.self',
    storeScoped: false,
    input: async () => ({ currentPassword: TEST_PASSWORD }),
  },
  'account.confirmTotpEnrolmentAction': {
    capability: 'account.self',
    storeScoped: false,
    input: async ({ world, self }) => {
      const { beginTotpEnrolment } = await import('@/lib/staff/begin-totp-enrolment');
      await beginTotpEnrolment({ ctx: { db: world.db, actor: self }, input: { currentPassword: TEST_PASSWORD } });
      const row = await staffRow(world.db, self.staffId);
      return { code: await totpCodeAt(decryptTotpSecret(row.totpSecret!, self.staffId)!) };
    },
  },
  'account.setLanguageAction': {
    capability: 'account.self',
    storeScoped: false,
    input: async () => ({ locale: 'zh-HK' }),
  },
  'account.stepUpAction': {
    capability: 'account.self',
    storeScoped: false,
    // The proof is kept on the session: the caller signs in first, and proves it with their password.
    input: async ({ world, self }) => {
      self.sessionId = await openSession(world.db, self);
      return { proof: TEST_PASSWORD };
    },
    ran: (r) => (r.data as { method?: string } | undefined)?.method === 'password',
  },

  // lib/actions/close.ts
  'close.previewCloseAction': {
    capability: 'orders.close',
    storeScoped: true,
    input: async ({ world, store }) => ({ orderIds: [(await world.order(store, { paid: false })).orderId] }),
    outOfScope: (r) => firstItem(r, 'items')?.blocker === 'not_found',
    ran: (r) => firstItem(r, 'items')?.found === true,
  },
  'close.closeOrdersAction': {
    capability: 'orders.close',
    storeScoped: true,
    input: async ({ world, store }) => ({
      orderIds: [(await world.order(store, { paid: false })).orderId],
      reason: 'Abandoned at the counter',
    }),
    outOfScope: (r) =>
      firstItem(r, 'outcomes')?.result === 'cannot_close' && firstItem(r, 'outcomes')?.why === 'not_found',
    ran: (r) => firstItem(r, 'outcomes')?.result === 'closed',
  },

  // lib/actions/intake.ts
  'intake.findOrderAtEftpayAction': {
    capability: 'orders.find_at_eftpay',
    storeScoped: true,
    asksEftpayFirst: true,
    input: ({ world, store }) => world.orderOnlyAtEftpay(store, { paid: true }),
  },
  'intake.refreshOrderAction': {
    capability: 'orders.refresh',
    storeScoped: true,
    input: async ({ world, store }) => ({ orderId: (await world.order(store, { paid: true })).orderId }),
  },

  // lib/actions/refunds.ts
  'refunds.createRefundAction': {
    capability: 'orders.refund',
    storeScoped: true,
    input: async ({ world, store }) => ({
      orderId: (await world.order(store, { paid: true })).orderId,
      amount: '1.00',
      reason: 'customer_request',
      note: '',
      idempotencyKey: crypto.randomUUID(),
    }),
  },

  // Four eyes (docs/adr/0014): a request by someone else — its requester may never decide it.
  'refunds.approveRefundAction': {
    capability: 'refunds.approve',
    storeScoped: true,
    input: async ({ world, store }) => ({
      refundId: (await world.pendingRefund(store, await requester(world, store))).refundId,
    }),
    ran: (r) => (r.data as { status?: string } | undefined)?.status === 'succeeded',
  },
  'refunds.rejectRefundAction': {
    capability: 'refunds.approve',
    storeScoped: true,
    input: async ({ world, store }) => ({
      refundId: (await world.pendingRefund(store, await requester(world, store))).refundId,
      reason: 'No receipt',
    }),
    ran: (r) => (r.data as { status?: string } | undefined)?.status === 'rejected',
  },
  // Only the requester withdraws a request: the caller's own.
  'refunds.cancelRefundAction': {
    capability: 'orders.refund',
    storeScoped: true,
    input: async ({ world, store, self }) => ({ refundId: (await world.pendingRefund(store, self.staffId)).refundId }),
    ran: (r) => (r.data as { status?: string } | undefined)?.status === 'cancelled',
  },
  'refunds.setRefundPolicyAction': {
    capability: 'refunds.policy',
    storeScoped: false,
    // A threshold for the store only, far above what the other entries refund; the rest as default.
    input: async ({ store }) => ({
      ...formFromPolicy(DEFAULT_POLICY, []),
      stores: [{ storeId: store.id, approvalThreshold: '500.00' }],
    }),
    ran: (r) => typeof (r.data as { changed?: boolean } | undefined)?.changed === 'boolean',
  },

  // lib/actions/staff.ts — administrators only; staff are not a store's records.
  'staff.createStaffAction': {
    capability: 'staff.manage',
    storeScoped: false,
    input: async ({ store }) => ({
      email: `matrix.${crypto.randomUUID()}@test.local`,
      name: 'Matrix New',
      role: 'manager',
      storeIds: [store.id],
    }),
  },
  'staff.changeStaffRoleAction': {
    capability: 'staff.manage',
    storeScoped: false,
    input: async (t) => ({ staffId: await staffTarget(t), role: 'supervisor' }),
  },
  'staff.assignStaffStoresAction': {
    capability: 'staff.manage',
    storeScoped: false,
    input: async (t) => ({ staffId: await staffTarget(t), storeIds: [t.world.ownStore.id, t.world.otherStore.id] }),
  },
  // lib/actions/discrepancies.ts — admins and finance, across every store.
  'discrepancies.resolveDiscrepancyAction': {
    capability: 'discrepancies.resolve',
    storeScoped: false,
    input: async ({ world, store }) => {
      const [row] = await world.db
        .insert(gatewayDiscrepancies)
        .values({ kind: 'refund_unknown', source: 'notification', storeId: store.id, reported: { amountCents: 1 } })
        .returning({ id: gatewayDiscrepancies.id });
      return { discrepancyId: row!.id, note: 'checked with eftPay' };
    },
  },
  'staff.deactivateStaffAction': {
    capability: 'staff.manage',
    storeScoped: false,
    input: async (t) => ({ staffId: await staffTarget(t) }),
  },
  'staff.reactivateStaffAction': {
    capability: 'staff.manage',
    storeScoped: false,
    input: async (t) => {
      const staffId = await staffTarget(t);
      await t.world.db.update(staffUsers).set({ active: false }).where(eq(staffUsers.id, staffId));
      return { staffId };
    },
  },
  'staff.resetStaffPasswordAction': {
    capability: 'staff.manage',
    storeScoped: false,
    input: async (t) => ({ staffId: await staffTarget(t) }),
  },
  'staff.unlockStaffAction': {
    capability: 'staff.manage',
    storeScoped: false,
    input: async (t) => {
      const staffId = await staffTarget(t);
      const lockedUntil = new Date(Date.now() + 600_000);
      await t.world.db.update(staffUsers).set({ lockedUntil }).where(eq(staffUsers.id, staffId));
      return { staffId };
    },
  },
  'staff.resetStaffTwoFactorAction': {
    capability: 'staff.manage',
    storeScoped: false,
    input: async (t) => {
      const staffId = await staffTarget(t);
      const enabled = { totpSecret: 'v1.x.y.z', totpEnabledAt: new Date() };
      await t.world.db.update(staffUsers).set(enabled).where(eq(staffUsers.id, staffId));
      return { staffId };
    },
  },
  'staff.setRequireTotpAction': {
    capability: 'staff.manage',
    storeScoped: false,
    // Turning it on needs an enrolled admin and would send everyone else to enrolment; off is the
    // call that proves the caller got through.
    input: async () => ({ required: false }),
  },

  // lib/actions/stores.ts
  'stores.mapTerminalAction': {
    capability: 'stores.manage',
    storeScoped: false,
    input: async ({ store }) => ({ tid: `T-MX-${crypto.randomUUID().slice(0, 8)}`, storeId: store.id }),
  },
};

interface RouteResponse {
  status: number;
  headers: Headers;
  text(): Promise<string>;
}

interface RouteEntry {
  /** Open to anyone, and why (no session is involved). */
  public?: string;
  capability?: Capability;
  storeScoped?: boolean;
  method?: 'GET' | 'POST';
  /** A request about a fresh record in `target.store`: the path with its query, and the route params. */
  request?(target: Target): Promise<{ url: string; params?: Record<string, string> }>;
  /** Default: 200. */
  allowed?(response: RouteResponse, body: string, target: Target & { marker?: string }): boolean;
  /** The status for a role without the capability. Default: 403. */
  forbiddenStatus?: number;
  /** Default: 404 (nothing confirms the record exists). */
  outOfScope?(response: RouteResponse, body: string, target: Target & { marker?: string }): boolean;
}

const ROUTES: Record<string, RouteEntry> = {
  'auth/[...nextauth]': { public: 'sign-in and sign-out themselves (lib/auth/sign-in.ts rate-limits and audits)' },
  'eftpay/notify': { public: 'eftPay’s notifications; every body is signature-verified before it changes anything' },
  health: { public: 'liveness for load balancers; no data' },
  'orders/[id]/refunds': {
    capability: 'orders.view',
    storeScoped: true,
    method: 'GET',
    // A role that may not view orders learns nothing, not even that the order exists.
    forbiddenStatus: 404,
    request: async ({ world, store }) => {
      const { orderId } = await world.refund(store);
      return { url: `/api/orders/${orderId}/refunds`, params: { id: orderId } };
    },
  },
  'exports/refunds': {
    capability: 'refunds.export',
    storeScoped: true,
    method: 'GET',
    request: async ({ world, store }) => {
      const { refundNo } = await world.refund(store);
      return { url: `/api/exports/refunds?q=${refundNo}`, params: {}, marker: refundNo };
    },
    // The export is of what the caller may see: another store's refund is simply not in it.
    allowed: (res, body, t) => res.status === 200 && body.includes(t.marker!),
    outOfScope: (res, body, t) => res.status === 200 && !body.includes(t.marker!),
  },
  'exports/audit': {
    capability: 'audit.export',
    storeScoped: false,
    method: 'GET',
    request: async () => ({ url: '/api/exports/audit' }),
  },
};

// ---- Discovery -----------------------------------------------------------------------------------

const ROOT = process.cwd();
const actionFiles = fs
  .readdirSync(path.join(ROOT, 'lib/actions'))
  .filter((f) => f.endsWith('.ts') && f !== 'safe-action.ts')
  .sort();
const discoveredActions: Array<{ key: string; action: (input: unknown) => Promise<ActionResult> }> = [];
for (const file of actionFiles) {
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, 'lib/actions', file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value !== 'function') continue;
    discoveredActions.push({
      key: `${file.replace(/\.ts$/, '')}.${name}`,
      action: value as (input: unknown) => Promise<ActionResult>,
    });
  }
}

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}
const API = path.join(ROOT, 'app/api');
const discoveredRoutes = await Promise.all(
  routeFiles(API)
    .sort()
    .map(async (file) => ({
      key: path.relative(API, path.dirname(file)).split(path.sep).join('/'),
      handlers: (await import(/* @vite-ignore */ file)) as Record<string, unknown>,
    })),
);
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

// ---- Expectations from the permission map -------------------------------------------------------

type Outcome = 'allowed' | 'unauthenticated' | 'forbidden' | 'out of scope';

/** What the permission map and the store scope say a call must get (the caller is assigned `own`). */
function expectedOutcome(entry: { capability: Capability; storeScoped: boolean }, role: Role, where: Where): Outcome {
  if (where === 'signed out') return 'unauthenticated';
  if (!ROLE_CAPABILITIES[role].includes(entry.capability)) return 'forbidden';
  const store = where === 'own store' ? 'own' : 'other';
  if (entry.storeScoped && !inScope(scopeFor(role, ['own']), store)) return 'out of scope';
  return 'allowed';
}

/** Every role about a record in its own store and in another; and one signed-out call. */
const CASES: Array<{ role: Role; where: Where }> = [
  ...ROLES.flatMap((role) => (['own store', 'other store'] as const).map((where) => ({ role, where }))),
  { role: 'manager', where: 'signed out' },
];

let world: World;
beforeAll(async () => {
  world = await openWorld();
}, 120_000);
afterAll(() => world.close());

describe('the authorization matrix: server actions', () => {
  it('lists every server action (a new one must be added to ACTIONS here)', () => {
    const keys = discoveredActions.map((a) => a.key);
    expect(
      keys.filter((k) => !(k in ACTIONS)),
      'add it to the matrix',
    ).toEqual([]);
    expect(
      Object.keys(ACTIONS).filter((k) => !keys.includes(k)),
      'no longer exported: remove it',
    ).toEqual([]);
    expect(keys.length).toBeGreaterThan(0);
  });

  for (const { key, action } of discoveredActions) {
    const entry = ACTIONS[key];
    if (!entry) continue;
    describe(key, () => {
      for (const { role, where } of CASES) {
        const who = where === 'signed out' ? 'signed out' : `${role} · ${where}`;
        const expected = expectedOutcome(entry, role, where);
        it(`${who} → ${expected}`, async () => {
          const caller = await world.caller(role);
          const store = where === 'other store' ? world.otherStore : world.ownStore;
          const input = await entry.input({ world, store, self: caller });
          const before = await world.sideEffects();
          const result = await runAsActor(where === 'signed out' ? null : caller, () => action(input));
          const after = await world.sideEffects();
          const shown = JSON.stringify({ expected, result });

          if (expected === 'unauthenticated' || expected === 'forbidden') {
            expect(result.serverError?.code, shown).toBe(expected === 'forbidden' ? 'FORBIDDEN' : 'UNAUTHENTICATED');
            expect(result.data, shown).toBeUndefined();
            // Refused before anything happened: no audit row but the refusal's own, no call to eftPay.
            expect(after, shown).toEqual(before);
          } else if (expected === 'out of scope') {
            const refused = entry.outOfScope ? entry.outOfScope(result) : result.serverError?.code === 'NOT_FOUND';
            expect(refused, shown).toBe(true);
            if (!entry.asksEftpayFirst) expect(after.gatewayCalls, shown).toBe(before.gatewayCalls);
          } else {
            const ran = entry.ran ? entry.ran(result) : !result.serverError && !result.validationErrors;
            expect(ran, shown).toBe(true);
          }
        });
      }
    });
  }
});

describe('the authorization matrix: route handlers', () => {
  it('lists every route handler (a new one must be added to ROUTES here)', () => {
    const keys = discoveredRoutes.map((r) => r.key);
    expect(
      keys.filter((k) => !(k in ROUTES)),
      'add it to the matrix',
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((k) => !keys.includes(k)),
      'no longer exists: remove it',
    ).toEqual([]);
  });

  for (const { key, handlers } of discoveredRoutes) {
    const entry = ROUTES[key];
    if (!entry || entry.public) continue;
    describe(key, () => {
      it(`answers ${entry.method} only (another method must be added to the matrix)`, () => {
        expect(Object.keys(handlers).filter((name) => HTTP_METHODS.includes(name))).toEqual([entry.method]);
      });
      for (const { role, where } of CASES) {
        const who = where === 'signed out' ? 'signed out' : `${role} · ${where}`;
        const scoped = { capability: entry.capability!, storeScoped: entry.storeScoped ?? false };
        const expected = expectedOutcome(scoped, role, where);
        it(`${who} → ${expected}`, async () => {
          const caller = await world.caller(role);
          const store = where === 'other store' ? world.otherStore : world.ownStore;
          const target = { world, store, self: caller };
          const { url, params, ...extra } = (await entry.request!(target)) as {
            url: string;
            params?: Record<string, string>;
            marker?: string;
          };
          const handler = handlers[entry.method!] as (req: Request, ctx: unknown) => Promise<Response>;
          const response = await runAsActor(where === 'signed out' ? null : caller, () =>
            handler(new Request(`http://localhost${url}`), { params: Promise.resolve(params ?? {}) }),
          );
          const body = await response.text();
          const shown = JSON.stringify({ expected, status: response.status, body: body.slice(0, 300) });
          const withMarker = { ...target, ...extra };

          if (expected === 'unauthenticated') {
            // An API route answers 401; it never redirects a fetch to the sign-in page.
            expect(response.status, shown).toBe(401);
          } else if (expected === 'forbidden') {
            expect(response.status, shown).toBe(entry.forbiddenStatus ?? 403);
          } else if (expected === 'out of scope') {
            const refused = entry.outOfScope ? entry.outOfScope(response, body, withMarker) : response.status === 404;
            expect(refused, shown).toBe(true);
          } else {
            const ok = entry.allowed ? entry.allowed(response, body, withMarker) : response.status === 200;
            expect(ok, shown).toBe(true);
          }
        });
      }
    });
  }
});
