-- A staff member's or a reason's totals and chart read the detail rollup through these indexes;
-- with the summed columns in the index they are index-only scans (measured at ~945,000 rollup
-- rows: 35 → 22 ms for a reason's totals, 42 → 25 ms for its chart). Same names and keys as
-- before, so the schema's description of them holds.
DROP INDEX IF EXISTS "refund_days_detail_staff_idx";--> statement-breakpoint
CREATE INDEX "refund_days_detail_staff_idx" ON "refund_days_detail" USING btree ("staff_id","basis","day")
  INCLUDE ("status", "wallet", "store_id", "reason", "refund_count", "amount_cents");--> statement-breakpoint
DROP INDEX IF EXISTS "refund_days_detail_reason_idx";--> statement-breakpoint
CREATE INDEX "refund_days_detail_reason_idx" ON "refund_days_detail" USING btree ("reason","basis","day")
  INCLUDE ("status", "wallet", "store_id", "staff_id", "refund_count", "amount_cents");
