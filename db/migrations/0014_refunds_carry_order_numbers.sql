ALTER TABLE "refunds" ADD COLUMN "out_trade_no" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "eftpay_trade_no" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "currency" text;--> statement-breakpoint
-- The rollup trigger's probe ("did any key change?") joins the statement's old and new rows. As
-- `EXISTS`, the planner chose the plan whose first row comes soonest — a nested loop — expecting
-- a match at once; when nothing changed (the usual case) it compared every old row with every new
-- one: 25 million comparisons for 5,000 rows (2.8 s), and the backfill below ran for over 25
-- minutes. Counting is planned for the whole join (a hash join when the statement is big), and as
-- dynamic SQL it is planned for each statement's own row counts, not for the session's first.
CREATE OR REPLACE FUNCTION refund_days_on_refunds() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'r.requested_at, r.completed_at, r.store_id, r.wallet, r.requested_by, r.status, r.reason, r.amount_cents';
  moved constant text := $m$
    SELECT b.id FROM old_rows b JOIN new_rows a ON a.id = b.id
    WHERE (b.requested_at, b.completed_at, b.store_id, b.wallet, b.requested_by, b.status, b.reason, b.amount_cents)
          IS DISTINCT FROM (a.requested_at, a.completed_at, a.store_id, a.wallet, a.requested_by, a.status, a.reason, a.amount_cents)
  $m$;
  changed boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE refund_days_fold(format('SELECT 1 AS sign, %s FROM new_rows r', cols));
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE refund_days_fold(format('SELECT -1 AS sign, %s FROM old_rows r', cols));
  ELSE
    -- Only rows whose key or amount changed; most updates (the reconciler's next_check_at) change
    -- none, and cost this one probe.
    EXECUTE format('SELECT count(*) > 0 FROM (%s) m', moved) INTO changed;
    IF changed THEN
      EXECUTE refund_days_fold(format($q$
        WITH moved AS (%2$s)
        SELECT -1 AS sign, %1$s FROM old_rows r JOIN moved m ON m.id = r.id
        UNION ALL
        SELECT 1, %1$s FROM new_rows r JOIN moved m ON m.id = r.id
      $q$, cols, moved));
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Filled before the copy trigger below learns the new columns, so the backfill is one join, not
-- a trigger call per refund.
UPDATE "refunds" r SET "out_trade_no" = o."out_trade_no", "eftpay_trade_no" = o."eftpay_trade_no", "currency" = o."currency"
FROM "orders" o WHERE o."id" = r."order_id";--> statement-breakpoint
-- A refund carries its order's store, wallet, numbers and currency, copied here and nowhere else:
-- on insert (whatever the application passed), and whenever the order changes them.
CREATE OR REPLACE FUNCTION refunds_copy_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT o.store_id, o.wallet, o.out_trade_no, o.eftpay_trade_no, o.currency
    INTO NEW.store_id, NEW.wallet, NEW.out_trade_no, NEW.eftpay_trade_no, NEW.currency
    FROM orders o WHERE o.id = NEW.order_id;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
DROP TRIGGER refunds_copy_order ON refunds;--> statement-breakpoint
CREATE TRIGGER refunds_copy_order
  BEFORE INSERT OR UPDATE OF order_id, store_id, wallet, out_trade_no, eftpay_trade_no, currency ON refunds
  FOR EACH ROW EXECUTE FUNCTION refunds_copy_order();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refunds_follow_order() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changed boolean;
BEGIN
  -- Most updates of orders change none of these; they cost this one probe, a count planned for
  -- this statement's rows (as in refund_days_on_refunds above).
  EXECUTE $p$SELECT count(*) > 0 FROM old_rows b JOIN new_rows a ON a.id = b.id
             WHERE (b.store_id, b.wallet, b.out_trade_no, b.eftpay_trade_no, b.currency)
                   IS DISTINCT FROM (a.store_id, a.wallet, a.out_trade_no, a.eftpay_trade_no, a.currency)$p$
    INTO changed;
  IF changed THEN
    EXECUTE $u$UPDATE refunds r
    SET store_id = a.store_id, wallet = a.wallet, out_trade_no = a.out_trade_no,
        eftpay_trade_no = a.eftpay_trade_no, currency = a.currency
    FROM old_rows b JOIN new_rows a ON a.id = b.id
    WHERE r.order_id = a.id
      AND (b.store_id, b.wallet, b.out_trade_no, b.eftpay_trade_no, b.currency)
          IS DISTINCT FROM (a.store_id, a.wallet, a.out_trade_no, a.eftpay_trade_no, a.currency)$u$;
  END IF;
  RETURN NULL;
END;
$$;
