CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at","id");--> statement-breakpoint
CREATE INDEX "refunds_requested_by_idx" ON "refunds" USING btree ("requested_by","requested_at","id");--> statement-breakpoint
CREATE INDEX "refunds_completed_at_idx" ON "refunds" USING btree ("completed_at","id");