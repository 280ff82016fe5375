-- The search box (lib/orders/search.ts) matches our order no., eftPay's no. and the wallet's
-- transaction id whatever their case (a phone keyboard types lower case), by their first characters
-- or by their last ones (what a customer reads out from a receipt). Expression btrees on upper(col)
-- and reverse(upper(col)), text_pattern_ops so `LIKE 'X%'` is a range scan under any collation and
-- on PGlite; a suffix search is a prefix search of the reversed number. Partial like 0002's: an
-- unpaid order often has neither of eftPay's ids yet. Plans: tests/integration/orders/search-plans.test.ts.
CREATE INDEX "orders_out_trade_no_upper_idx" ON "orders" USING btree (upper("out_trade_no") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orders_out_trade_no_suffix_idx" ON "orders" USING btree (reverse(upper("out_trade_no")) text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orders_eftpay_trade_no_upper_idx" ON "orders" USING btree (upper("eftpay_trade_no") text_pattern_ops) WHERE "orders"."eftpay_trade_no" is not null;--> statement-breakpoint
CREATE INDEX "orders_eftpay_trade_no_suffix_idx" ON "orders" USING btree (reverse(upper("eftpay_trade_no")) text_pattern_ops) WHERE "orders"."eftpay_trade_no" is not null;--> statement-breakpoint
CREATE INDEX "orders_transaction_id_upper_idx" ON "orders" USING btree (upper("transaction_id") text_pattern_ops) WHERE "orders"."transaction_id" is not null;--> statement-breakpoint
CREATE INDEX "orders_transaction_id_suffix_idx" ON "orders" USING btree (reverse(upper("transaction_id")) text_pattern_ops) WHERE "orders"."transaction_id" is not null;