import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GET as exportAudit } from '@/app/api/exports/audit/route';
import { GET as exportRefunds } from '@/app/api/exports/refunds/route';
import { auditLog } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { msg } from '@/lib/shared/messages';
import { makeStaff } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile();

const ROUTES = [
  { name: 'refunds', path: '/api/exports/refunds', handler: exportRefunds },
  { name: 'audit', path: '/api/exports/audit', handler: exportAudit },
] as const;

/** The export link as a browser follows it; `site` is the browser's own Sec-Fetch-Site header. */
function follow(route: (typeof ROUTES)[number], actor: StaffActor, site?: string) {
  const headers = site ? { 'sec-fetch-site': site } : undefined;
  return runAsActor(actor, () => route.handler(new Request(`http://console.test${route.path}`, { headers })));
}

async function crossSiteRefusals(staffId: string) {
  const rows = await database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.actorStaffId, staffId), eq(auditLog.action, 'access.denied')));
  return rows;
}

describe.each(ROUTES)('the $name CSV export from another site', (route) => {
  it.each(['cross-site', 'same-site'])('refuses a request the browser marks %s with 403, audited', async (site) => {
    const finance = await makeStaff(database.db, 'finance');
    const response = await follow(route, finance, site);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ code: 'FORBIDDEN', message: msg('errors.forbidden') });
    const refusals = await crossSiteRefusals(finance.staffId);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ entityType: 'route', entityId: `GET ${route.path}` });
    expect(refusals[0]!.data).toMatchObject({ reason: 'cross_site', secFetchSite: site });
  });

  it.each([
    ['same-origin', 'same-origin'],
    ['none (a typed or bookmarked address)', 'none'],
    ['absent (an older browser or a script)', undefined],
  ])('sends the file when Sec-Fetch-Site is %s', async (_label, site) => {
    const finance = await makeStaff(database.db, 'finance');
    const response = await follow(route, finance, site);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    await response.arrayBuffer();
    expect(await crossSiteRefusals(finance.staffId)).toHaveLength(0);
  });
});
