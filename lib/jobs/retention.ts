import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { env } from '@/lib/env';

/** Rows deleted per statement: each batch is a short transaction, never a long lock. */
export const RETENTION_BATCH = 1_000;

export interface RetentionOptions {
  db: Db;
  now?: Date;
  /** Default NOTIFY_REJECT_RETENTION_DAYS. */
  rejectedNotificationDays?: number;
  /** Default SIGN_IN_ATTEMPT_RETENTION_DAYS. */
  signInAttemptDays?: number;
  batchSize?: number;
  signal?: AbortSignal;
}

export interface RetentionSummary {
  rejectedNotifications: number;
  signInAttempts: number;
}

/**
 * Deletes what anonymous traffic leaves behind once it is old enough (docs/adr/0013): refused
 * notifications and sign-in attempts, in batches. Only those two tables: the audit log,
 * gateway_notifications and gateway_calls are evidence, kept, and the runtime role may not delete
 * from them (db/grants.ts). Sign-in attempts are kept at least a day, far longer than the window
 * the per-address limit reads (lib/auth/sign-in.ts).
 */
export async function runRetention(options: RetentionOptions): Promise<RetentionSummary> {
  const config = env();
  const now = options.now ?? new Date();
  const day = 24 * 60 * 60_000;
  const batch = options.batchSize ?? RETENTION_BATCH;
  const notifyCutoff = new Date(
    now.getTime() - (options.rejectedNotificationDays ?? config.NOTIFY_REJECT_RETENTION_DAYS) * day,
  );
  const attemptCutoff = new Date(
    now.getTime() - (options.signInAttemptDays ?? config.SIGN_IN_ATTEMPT_RETENTION_DAYS) * day,
  );

  const drain = async (remove: () => Promise<unknown>) => {
    let total = 0;
    for (;;) {
      if (options.signal?.aborted) return total;
      const n = ((await remove()) as { rows: unknown[] }).rows.length;
      total += n;
      if (n < batch) return total;
    }
  };
  const rejected = await drain(() =>
    options.db.execute(sql`
      delete from rejected_notifications where id in (
        select id from rejected_notifications where received_at < ${notifyCutoff.toISOString()}::timestamptz
        order by received_at limit ${batch}
      ) returning id`),
  );
  const attempts = await drain(() =>
    options.db.execute(sql`
      delete from sign_in_attempts where id in (
        select id from sign_in_attempts where at < ${attemptCutoff.toISOString()}::timestamptz
        order by at limit ${batch}
      ) returning id`),
  );
  return { rejectedNotifications: rejected, signInAttempts: attempts };
}
