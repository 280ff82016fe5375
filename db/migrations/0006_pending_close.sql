ALTER TABLE "orders" ADD COLUMN "close_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "close_requested_by" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_close_requested_by_staff_users_id_fk" FOREIGN KEY ("close_requested_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;