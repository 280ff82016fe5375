import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditLog } from '@/db/schema';
import { actionClient } from '@/lib/actions/safe-action';
import { msg } from '@/lib/shared/messages';
import { makeStaff } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile();

// A probe action with a capability only admins and supervisors hold.
const probe = actionClient
  .metadata({ name: 'probeAction', capability: 'orders.close' })
  .inputSchema(z.object({ n: z.number().int().positive() }))
  .action(async ({ parsedInput, ctx }) => ({ doubled: parsedInput.n * 2, by: ctx.actor.staffId }));

describe('the action client', () => {
  it('refuses a signed-out caller before validating anything', async () => {
    const result = await runAsActor(null, () => probe({ n: 2 }));
    expect(result.serverError).toEqual({ code: 'UNAUTHENTICATED', message: msg('errors.unauthenticated') });
    expect(result.data).toBeUndefined();
  });

  it('refuses a role without the capability, and audits the refusal', async () => {
    const manager = await makeStaff(database.db, 'manager');
    const result = await runAsActor(manager, () => probe({ n: 2 }));
    expect(result.serverError?.code).toBe('FORBIDDEN');
    const rows = await database.db.select().from(auditLog);
    expect(rows.some((r) => r.action === 'access.denied' && r.actorStaffId === manager.staffId)).toBe(true);
  });

  it('returns field-level errors for bad input from an allowed role', async () => {
    const supervisor = await makeStaff(database.db, 'supervisor');
    const result = await runAsActor(supervisor, () => probe({ n: -1 }));
    expect(result.validationErrors?.fieldErrors.n?.length).toBeGreaterThan(0);
    expect(result.data).toBeUndefined();
  });

  it('runs the action for an allowed role with valid input', async () => {
    const supervisor = await makeStaff(database.db, 'supervisor');
    const result = await runAsActor(supervisor, () => probe({ n: 21 }));
    expect(result.data).toEqual({ doubled: 42, by: supervisor.staffId });
  });

  it('never sends an unexpected error’s message to the browser', async () => {
    const admin = await makeStaff(database.db, 'admin');
    const failing = actionClient.metadata({ name: 'failingProbe', capability: 'orders.view' }).action(async () => {
      throw new Error('connection to 10.0.0.5 failed: password=hunter2');
    });
    const result = await runAsActor(admin, () => failing());
    expect(result.serverError).toEqual({ code: 'INTERNAL', message: msg('errors.generic') });
  });
});
