CREATE INDEX "audit_log_kind_action_idx" ON "audit_log" USING btree ("actor_kind","action","at","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_action_idx" ON "audit_log" USING btree ("actor_staff_id","action","at","id") WHERE "audit_log"."actor_staff_id" is not null;--> statement-breakpoint
-- Which actions each kind of actor writes is far from independent (eftPay never signs in, staff
-- never report a payment): without these statistics the planner multiplies the two selectivities,
-- expects rows that are not there, and walks the time index instead (measured at 5M rows: 1.4 s).
CREATE STATISTICS IF NOT EXISTS "audit_log_kind_action_stats" (mcv) ON "actor_kind", "action" FROM "audit_log";
