ALTER TABLE "refunds" ADD COLUMN "out_trade_no" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "eftpay_trade_no" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "currency" text;--> statement-breakpoint
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
BEGIN
  -- Most updates of orders change none of these; they cost this one probe.
  IF EXISTS (SELECT 1 FROM old_rows b JOIN new_rows a ON a.id = b.id
             WHERE (b.store_id, b.wallet, b.out_trade_no, b.eftpay_trade_no, b.currency)
                   IS DISTINCT FROM (a.store_id, a.wallet, a.out_trade_no, a.eftpay_trade_no, a.currency)) THEN
    UPDATE refunds r
    SET store_id = a.store_id, wallet = a.wallet, out_trade_no = a.out_trade_no,
        eftpay_trade_no = a.eftpay_trade_no, currency = a.currency
    FROM old_rows b JOIN new_rows a ON a.id = b.id
    WHERE r.order_id = a.id
      AND (b.store_id, b.wallet, b.out_trade_no, b.eftpay_trade_no, b.currency)
          IS DISTINCT FROM (a.store_id, a.wallet, a.out_trade_no, a.eftpay_trade_no, a.currency);
  END IF;
  RETURN NULL;
END;
$$;
