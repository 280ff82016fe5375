import { and, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, refunds } from '@/db/schema';

/** The demo seed's waits for what arrives on its own: the console's endpoint, notifications, settling refunds. */

/** Waits until every order is stored; returns the numbers still missing when time runs out. */
export async function waitForOrders(db: Db, outTradeNos: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let missing = outTradeNos;
  while (missing.length > 0) {
    const found = new Set<string>();
    for (let i = 0; i < missing.length; i += 1000) {
      const chunk = missing.slice(i, i + 1000);
      const rows = await db.select({ no: orders.outTradeNo }).from(orders).where(inArray(orders.outTradeNo, chunk));
      for (const r of rows) found.add(r.no);
    }
    missing = missing.filter((no) => !found.has(no));
    if (missing.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return missing;
}

/** Waits (at most `timeoutMs`) until none of these refunds is in flight. */
export async function waitForRefunds(db: Db, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (ids.length > 0 && Date.now() < deadline) {
    const open = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(refunds)
      .where(and(inArray(refunds.id, ids), inArray(refunds.status, ['requested', 'processing', 'unknown'])));
    if (Number(open[0]?.n ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { method: 'GET' });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
