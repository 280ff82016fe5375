-- An amount range's totals and chart are counted from the refunds of at most 31 days (ADR 0015).
-- With every column they filter and sum on in the time indexes, that count is an index-only scan
-- of the range, whatever order the refunds lie in on disk (at 1.5M refunds, every refund of 31
-- days: 25 ms, where the planner had read the whole table, ~450 ms). Same names and keys as
-- before: the list's keyset walks them as it did.
DROP INDEX IF EXISTS "refunds_requested_at_idx";--> statement-breakpoint
CREATE INDEX "refunds_requested_at_idx" ON "refunds" USING btree ("requested_at","id")
  INCLUDE ("amount_cents", "status", "wallet", "store_id", "requested_by", "reason", "completed_at");--> statement-breakpoint
DROP INDEX IF EXISTS "refunds_completed_at_idx";--> statement-breakpoint
CREATE INDEX "refunds_completed_at_idx" ON "refunds" USING btree ("completed_at","id")
  INCLUDE ("amount_cents", "status", "wallet", "store_id", "requested_by", "reason", "requested_at");
