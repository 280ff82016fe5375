CREATE TABLE "gateway_discrepancies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"notification_id" bigint,
	"order_id" uuid,
	"refund_id" uuid,
	"store_id" uuid,
	"out_trade_no" text,
	"refund_no" text,
	"expected" jsonb,
	"reported" jsonb NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolution_note" text
);
--> statement-breakpoint
CREATE TABLE "rejected_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"ip" text,
	"out_trade_no" text,
	"body_bytes" integer NOT NULL,
	"body_sha256" text NOT NULL,
	"body_excerpt" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gateway_discrepancies" ADD CONSTRAINT "gateway_discrepancies_notification_id_gateway_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."gateway_notifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_discrepancies" ADD CONSTRAINT "gateway_discrepancies_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_discrepancies" ADD CONSTRAINT "gateway_discrepancies_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_discrepancies" ADD CONSTRAINT "gateway_discrepancies_resolved_by_staff_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gateway_discrepancies_open_idx" ON "gateway_discrepancies" USING btree ("resolved_at","detected_at");--> statement-breakpoint
CREATE INDEX "gateway_discrepancies_order_idx" ON "gateway_discrepancies" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "rejected_notifications_received_idx" ON "rejected_notifications" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "rejected_notifications_ip_idx" ON "rejected_notifications" USING btree ("ip","received_at");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_at_idx" ON "sign_in_attempts" USING btree ("at");