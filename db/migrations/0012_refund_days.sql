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
ALTER TABLE "refunds" ADD COLUMN "store_id" uuid;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "wallet" "wallet";--> statement-breakpoint
UPDATE "refunds" r SET "store_id" = o."store_id", "wallet" = o."wallet" FROM "orders" o WHERE o."id" = r."order_id";--> statement-breakpoint
CREATE INDEX "refund_days_day_idx" ON "refund_days" USING btree ("basis","day");--> statement-breakpoint
CREATE INDEX "refund_days_store_idx" ON "refund_days" USING btree ("store_id","basis","day");--> statement-breakpoint
CREATE INDEX "refund_days_unfolded_idx" ON "refund_days" USING btree ("basis","day") WHERE not "refund_days"."folded";--> statement-breakpoint
CREATE INDEX "refund_days_detail_day_idx" ON "refund_days_detail" USING btree ("basis","day");--> statement-breakpoint
CREATE INDEX "refund_days_detail_unfolded_idx" ON "refund_days_detail" USING btree ("basis","day") WHERE not "refund_days_detail"."folded";--> statement-breakpoint
CREATE INDEX "refund_days_detail_staff_idx" ON "refund_days_detail" USING btree ("staff_id","basis","day");--> statement-breakpoint
CREATE INDEX "refund_days_detail_reason_idx" ON "refund_days_detail" USING btree ("reason","basis","day");--> statement-breakpoint
CREATE INDEX "refunds_store_requested_idx" ON "refunds" USING btree ("store_id","requested_at","id");--> statement-breakpoint
CREATE INDEX "refunds_status_requested_idx" ON "refunds" USING btree ("status","requested_at","id");--> statement-breakpoint
CREATE INDEX "refunds_wallet_requested_idx" ON "refunds" USING btree ("wallet","requested_at","id");--> statement-breakpoint
CREATE INDEX "refunds_reason_requested_idx" ON "refunds" USING btree ("reason","requested_at","id");--> statement-breakpoint
CREATE INDEX "refunds_amount_idx" ON "refunds" USING btree ("amount_cents");--> statement-breakpoint
CREATE INDEX "refunds_store_staff_idx" ON "refunds" USING btree ("store_id","requested_by");--> statement-breakpoint
-- A refund carries its order's store and wallet, copied here and nowhere else: on insert (whatever
-- the application passed), and whenever the order moves (a terminal mapped to a store).
CREATE FUNCTION refunds_copy_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT o.store_id, o.wallet INTO NEW.store_id, NEW.wallet FROM orders o WHERE o.id = NEW.order_id;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER refunds_copy_order BEFORE INSERT OR UPDATE OF order_id, store_id, wallet ON refunds
  FOR EACH ROW EXECUTE FUNCTION refunds_copy_order();
--> statement-breakpoint
CREATE FUNCTION refunds_follow_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Most updates of orders move nothing; they cost this one probe.
  IF EXISTS (SELECT 1 FROM old_rows b JOIN new_rows a ON a.id = b.id
             WHERE (b.store_id, b.wallet) IS DISTINCT FROM (a.store_id, a.wallet)) THEN
    UPDATE refunds r SET store_id = a.store_id, wallet = a.wallet
    FROM old_rows b JOIN new_rows a ON a.id = b.id
    WHERE r.order_id = a.id AND (b.store_id, b.wallet) IS DISTINCT FROM (a.store_id, a.wallet);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER refunds_follow_order AFTER UPDATE ON orders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refunds_follow_order();
--> statement-breakpoint
-- Finance's rollups (docs/adr/0015) are kept by the database itself, in the transaction of every
-- change to a refund (an order that moves moves its refunds, above). Statement triggers
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
  cols constant text := 'r.requested_at, r.completed_at, r.store_id, r.wallet, r.requested_by, r.status, r.reason, r.amount_cents';
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE refund_days_fold(format('SELECT 1 AS sign, %s FROM new_rows r', cols));
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE refund_days_fold(format('SELECT -1 AS sign, %s FROM old_rows r', cols));
  -- Only rows whose key or amount changed; most updates (the reconciler's next_check_at) change
  -- none, and cost this one probe.
  ELSIF EXISTS (
    SELECT 1 FROM old_rows b JOIN new_rows a ON a.id = b.id
    WHERE (b.requested_at, b.completed_at, b.store_id, b.wallet, b.requested_by, b.status, b.reason, b.amount_cents)
          IS DISTINCT FROM (a.requested_at, a.completed_at, a.store_id, a.wallet, a.requested_by, a.status, a.reason, a.amount_cents)
  ) THEN
    EXECUTE refund_days_fold(format($q$
      WITH moved AS (
        SELECT b.id FROM old_rows b JOIN new_rows a ON a.id = b.id
        WHERE (b.requested_at, b.completed_at, b.store_id, b.wallet, b.requested_by, b.status, b.reason, b.amount_cents)
              IS DISTINCT FROM (a.requested_at, a.completed_at, a.store_id, a.wallet, a.requested_by, a.status, a.reason, a.amount_cents)
      )
      SELECT -1 AS sign, %1$s FROM old_rows r JOIN moved m ON m.id = r.id
      UNION ALL
      SELECT 1, %1$s FROM new_rows r JOIN moved m ON m.id = r.id
    $q$, cols));
  END IF;
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
  EXECUTE refund_days_fold('SELECT 1 AS sign, r.requested_at, r.completed_at, r.store_id, r.wallet, r.requested_by, r.status, r.reason, r.amount_cents FROM refunds r', true);
END;
$$;
