-- The audit log's hash chain (docs/adr/0009-audit-hash-chain.md, docs/audit-verification.md).
-- Every row gets its position `seq` (1, 2, 3 … without gaps), the previous row's hash and its own
-- SHA-256 over a canonical text of its content that includes that previous hash. Changing,
-- removing or slipping in a row breaks the chain where it happened, and `npm run audit:verify`
-- names that row. The chain is computed here, in the database, so that every writer is covered —
-- the console's verbs, an older instance still running during an upgrade, a seed, a hand-typed
-- INSERT — and over the row exactly as it is stored (timestamps to the microsecond, jsonb as the
-- database prints it). The verifier recomputes the hash independently, in TypeScript.

-- One field of the canonical text: its length in UTF-8 bytes, a colon, the text, a line feed.
-- NULL is the empty text, as in a CSV export, where an empty cell cannot say which it was.
CREATE OR REPLACE FUNCTION audit_log_chain_field(value text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT octet_length(convert_to(coalesce(value, ''), 'UTF8')) || ':' || coalesce(value, '') || E'\n'
$$;
--> statement-breakpoint
-- The row's hash: lowercase hex SHA-256 of the UTF-8 canonical text, the fields in this order.
-- The time is UTC to the microsecond; jsonb is the database's own text of the stored value.
-- PL/pgSQL rather than SQL: its plan is kept for the session instead of made again for every row.
CREATE OR REPLACE FUNCTION audit_log_row_hash(r audit_log) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN encode(sha256(convert_to(
    public.audit_log_chain_field(r.seq::text)
    || public.audit_log_chain_field(r.id::text)
    || public.audit_log_chain_field(to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    || public.audit_log_chain_field(r.actor_kind::text)
    || public.audit_log_chain_field(r.actor_staff_id::text)
    || public.audit_log_chain_field(r.action)
    || public.audit_log_chain_field(r.entity_type)
    || public.audit_log_chain_field(r.entity_id)
    || public.audit_log_chain_field(r.order_id::text)
    || public.audit_log_chain_field(r.store_id::text)
    || public.audit_log_chain_field(r.ip)
    || public.audit_log_chain_field(r.user_agent)
    || public.audit_log_chain_field(r.before::text)
    || public.audit_log_chain_field(r.after::text)
    || public.audit_log_chain_field(r.data::text)
    || public.audit_log_chain_field(r.prev_hash),
    'UTF8')), 'hex');
END;
$$;
--> statement-breakpoint
-- Links each new row to the last one, in the inserting transaction. The transaction-scoped
-- advisory lock (key 726302; 726301 is the migrations' lock) makes appending one at a time: the
-- next writer waits until this transaction commits or rolls back, then reads the row it left — so
-- the chain stays one line under any number of writers, and a rolled-back row leaves no gap.
-- The unique index on seq backs this up: a writer whose snapshot missed the last row (REPEATABLE
-- READ) fails on a duplicate seq instead of forking the chain.
-- The rows that the foreign keys lock (FOR KEY SHARE) are locked first, before the chain: a writer
-- holding the chain must not then wait for an order or staff row that a transaction waiting for the
-- chain holds. Owner's rights (SECURITY DEFINER, fixed search_path): the console's runtime role may
-- only read and append the log (db/grants.ts).
-- Named to sort last: BEFORE triggers run in name order, and the hash must cover the row as stored.
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  IF NEW.order_id IS NOT NULL THEN
    PERFORM 1 FROM public.orders WHERE id = NEW.order_id FOR KEY SHARE;
  END IF;
  IF NEW.actor_staff_id IS NOT NULL THEN
    PERFORM 1 FROM public.staff_users WHERE id = NEW.actor_staff_id FOR KEY SHARE;
  END IF;
  PERFORM pg_advisory_xact_lock(726302);
  SELECT a.seq, a.hash INTO last_seq, last_hash
    FROM public.audit_log a WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := public.audit_log_row_hash(NEW);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- Rows written before this migration: chained now, in id order, so the whole log is one chain and
-- a row without chain values can only be a forgery. Their hashes attest to their content from
-- this moment on (nothing attested it before). UPDATE is allowed for this one statement only.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
DO $$
DECLARE
  r public.audit_log;
  n bigint := 0;
  prev text := repeat('0', 64);
BEGIN
  FOR r IN SELECT * FROM public.audit_log ORDER BY id LOOP
    n := n + 1;
    r.seq := n;
    r.prev_hash := prev;
    r.hash := public.audit_log_row_hash(r);
    UPDATE public.audit_log SET seq = r.seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    prev := r.hash;
  END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
ALTER TABLE audit_log ADD CONSTRAINT audit_log_chained
  CHECK (seq IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL);
--> statement-breakpoint
CREATE TRIGGER zz_audit_log_chain
  BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
