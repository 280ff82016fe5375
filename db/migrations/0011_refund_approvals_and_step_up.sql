ALTER TYPE "public"."refund_status" ADD VALUE 'pending_approval' BEFORE 'requested';--> statement-breakpoint
ALTER TYPE "public"."refund_status" ADD VALUE 'rejected';--> statement-breakpoint
ALTER TYPE "public"."refund_status" ADD VALUE 'cancelled';--> statement-breakpoint
ALTER TYPE "public"."refund_status" ADD VALUE 'expired';--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "approval_threshold_cents" integer;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "approved_by" uuid;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "decision_note" text;--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD COLUMN "stepped_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_approved_by_staff_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_decided_by_staff_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refunds_expires_at_idx" ON "refunds" USING btree ("expires_at") WHERE "refunds"."expires_at" is not null;