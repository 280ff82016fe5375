ALTER TABLE "staff_users" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_locale_known" CHECK ("staff_users"."locale" in ('en', 'zh-HK'));