CREATE TYPE "public"."refund_day_basis" AS ENUM('requested', 'completed');--> statement-breakpoint
CREATE TABLE "refund_days" (
	"basis" "refund_day_basis" NOT NULL,
	"day" date NOT NULL,
	"store_id" uuid,
	"status" "refund_status" NOT NULL,
	"wallet" "wallet" NOT NULL,
	"refund_count" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	"folded" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refund_days_detail" (
	"basis" "refund_day_basis" NOT NULL,
	"day" date NOT NULL,
	"store_id" uuid,
	"status" "refund_status" NOT NULL,
	"wallet" "wallet" NOT NULL,
	"refund_count" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	"folded" boolean DEFAULT false NOT NULL,
	"staff_id" uuid,
	"reason" "refund_reason" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "refund_days_day_idx" ON "refund_days" USING btree ("basis","day");--> statement-breakpoint
CREATE INDEX "refund_days_store_idx" ON "refund_days" USING btree ("store_id","basis","day");--> statement-breakpoint
CREATE INDEX "refund_days_unfolded_idx" ON "refund_days" USING btree ("basis","day") WHERE not "refund_days"."folded";--> statement-breakpoint
CREATE INDEX "refund_days_detail_day_idx" ON "refund_days_detail" USING btree ("basis","day");--> statement-breakpoint
CREATE INDEX "refund_days_detail_unfolded_idx" ON "refund_days_detail" USING btree ("basis","day") WHERE not "refund_days_detail"."folded";--> statement-breakpoint
CREATE INDEX "refund_days_detail_staff_idx" ON "refund_days_detail" USING btree ("staff_id","basis","day");--> statement-breakpoint
CREATE INDEX "refund_days_detail_reason_idx" ON "refund_days_detail" USING btree ("reason","basis","day");--> statement-breakpoint
-- Finance's rollups (docs/adr/0015) are kept by the database itself, in the transaction of every
-- change to a refund, or to the store or wallet of an order that has refunds. Statement triggers
-- with transition tables: one pass per statement however many rows it touches (the expiry job, a
-- terminal mapped to a store, a bulk import). Each change is appended as signed rows, never an
-- update, so writers share no row and cannot wait for or deadlock on each other here.
--
-- `changes` is a query of (sign, requested_at, completed_at, store_id, wallet, requested_by,
-- status, reason, amount_cents): +1 for a refund as it now is, -1 for a refund as it was. The
-- trigger functions EXECUTE the statement themselves: transition tables are visible only to the
-- trigger function's own statements.
CREATE FUNCTION refund_days_fold(changes text, folded boolean DEFAULT false) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN format($fold$
    WITH c AS (%s),
    keyed AS (
      SELECT 'requested'::refund_day_basis AS basis, (requested_at AT TIME ZONE 'Asia/Hong_Kong')::date AS day,
             store_id, status, wallet, requested_by AS staff_id, reason, sign, sign * amount_cents::bigint AS cents
      FROM c
      UNION ALL
      SELECT 'completed', (completed_at AT TIME ZONE 'Asia/Hong_Kong')::date,
             store_id, status, wallet, requested_by, reason, sign, sign * amount_cents::bigint
      FROM c WHERE completed_at IS NOT NULL
    ),
    detail AS (
      INSERT INTO refund_days_detail (basis, day, store_id, status, wallet, staff_id, reason, refund_count, amount_cents, folded)
      SELECT basis, day, store_id, status, wallet, staff_id, reason, sum(sign), sum(cents), %2$L
      FROM keyed GROUP BY 1, 2, 3, 4, 5, 6, 7
      HAVING sum(sign) <> 0 OR sum(cents) <> 0
    )
    INSERT INTO refund_days (basis, day, store_id, status, wallet, refund_count, amount_cents, folded)
    SELECT basis, day, store_id, status, wallet, sum(sign), sum(cents), %2$L
    FROM keyed GROUP BY 1, 2, 3, 4, 5
    HAVING sum(sign) <> 0 OR sum(cents) <> 0
  $fold$, changes, folded);
END;
$$;
--> statement-breakpoint
CREATE FUNCTION refund_days_on_refunds() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'r.requested_at, r.completed_at, o.store_id, o.wallet, r.requested_by, r.status, r.reason, r.amount_cents';
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE refund_days_fold(format('SELECT 1 AS sign, %s FROM new_rows r JOIN orders o ON o.id = r.order_id', cols));
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE refund_days_fold(format('SELECT -1 AS sign, %s FROM old_rows r JOIN orders o ON o.id = r.order_id', cols));
  ELSE
    -- Only rows whose key or amount changed: the reconciler's many updates of next_check_at cost one join.
    EXECUTE refund_days_fold(format($q$
      WITH moved AS (
        SELECT b.id FROM old_rows b JOIN new_rows a ON a.id = b.id
        WHERE (b.requested_at, b.completed_at, b.requested_by, b.status, b.reason, b.amount_cents, b.order_id)
              IS DISTINCT FROM (a.requested_at, a.completed_at, a.requested_by, a.status, a.reason, a.amount_cents, a.order_id)
      )
      SELECT -1 AS sign, %1$s FROM old_rows r JOIN moved m ON m.id = r.id JOIN orders o ON o.id = r.order_id
      UNION ALL
      SELECT 1, %1$s FROM new_rows r JOIN moved m ON m.id = r.id JOIN orders o ON o.id = r.order_id
    $q$, cols));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION refund_days_on_orders() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A refund belongs to its order's store and wallet: when an order moves (a terminal mapped to a
  -- store), its refunds move with it.
  EXECUTE refund_days_fold($q$
    WITH moved AS (
      SELECT b.id, b.store_id AS old_store, b.wallet AS old_wallet, a.store_id AS new_store, a.wallet AS new_wallet
      FROM old_rows b JOIN new_rows a ON a.id = b.id
      WHERE (b.store_id, b.wallet) IS DISTINCT FROM (a.store_id, a.wallet)
    )
    SELECT -1 AS sign, r.requested_at, r.completed_at, m.old_store AS store_id, m.old_wallet AS wallet,
           r.requested_by, r.status, r.reason, r.amount_cents
    FROM moved m JOIN refunds r ON r.order_id = m.id
    UNION ALL
    SELECT 1, r.requested_at, r.completed_at, m.new_store, m.new_wallet, r.requested_by, r.status, r.reason, r.amount_cents
    FROM moved m JOIN refunds r ON r.order_id = m.id
  $q$);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER refund_days_insert AFTER INSERT ON refunds
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refund_days_on_refunds();
--> statement-breakpoint
CREATE TRIGGER refund_days_update AFTER UPDATE ON refunds
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refund_days_on_refunds();
--> statement-breakpoint
CREATE TRIGGER refund_days_delete AFTER DELETE ON refunds
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refund_days_on_refunds();
--> statement-breakpoint
CREATE TRIGGER refund_days_order_moved AFTER UPDATE ON orders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refund_days_on_orders();
--> statement-breakpoint
-- Folds every day that has changes into one row per key (dropping keys whose refunds have all
-- moved on). Safe beside writers and another compaction: a DELETE takes only the rows its snapshot
-- sees, and the sum of exactly those is put back, so a change that arrives meanwhile is left for
-- the next run and nothing is counted twice or lost. Returns the number of rows it replaced.
CREATE FUNCTION refund_days_compact() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  replaced integer;
  replaced_detail integer;
BEGIN
  WITH dirty AS (SELECT DISTINCT basis, day FROM refund_days WHERE NOT folded),
  gone AS (
    DELETE FROM refund_days t USING dirty d WHERE t.basis = d.basis AND t.day = d.day
    RETURNING t.basis, t.day, t.store_id, t.status, t.wallet, t.refund_count, t.amount_cents
  ),
  kept AS (
    INSERT INTO refund_days (basis, day, store_id, status, wallet, refund_count, amount_cents, folded)
    SELECT basis, day, store_id, status, wallet, sum(refund_count), sum(amount_cents), true
    FROM gone GROUP BY 1, 2, 3, 4, 5
    HAVING sum(refund_count) <> 0 OR sum(amount_cents) <> 0
  )
  SELECT count(*) INTO replaced FROM gone;

  WITH dirty AS (SELECT DISTINCT basis, day FROM refund_days_detail WHERE NOT folded),
  gone AS (
    DELETE FROM refund_days_detail t USING dirty d WHERE t.basis = d.basis AND t.day = d.day
    RETURNING t.basis, t.day, t.store_id, t.status, t.wallet, t.staff_id, t.reason, t.refund_count, t.amount_cents
  ),
  kept AS (
    INSERT INTO refund_days_detail (basis, day, store_id, status, wallet, staff_id, reason, refund_count, amount_cents, folded)
    SELECT basis, day, store_id, status, wallet, staff_id, reason, sum(refund_count), sum(amount_cents), true
    FROM gone GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(refund_count) <> 0 OR sum(amount_cents) <> 0
  )
  SELECT count(*) INTO replaced_detail FROM gone;
  RETURN replaced + replaced_detail;
END;
$$;
--> statement-breakpoint
-- The refunds already there, as folded rows.
DO $$
BEGIN
  EXECUTE refund_days_fold('SELECT 1 AS sign, r.requested_at, r.completed_at, o.store_id, o.wallet, r.requested_by, r.status, r.reason, r.amount_cents FROM refunds r JOIN orders o ON o.id = r.order_id', true);
END;
$$;
