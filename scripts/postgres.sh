#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, bound to 127.0.0.1.
#   scripts/postgres.sh start DIR PORT   → prints the server URL (postgres://postgres@127.0.0.1:PORT/postgres)
#   scripts/postgres.sh roles DIR PORT   → prints two lines: the URL of the role that owns the tables
#                                          (console_owner) and of the console's runtime role (console_app)
#   scripts/postgres.sh stop DIR
# `start` also creates the console's two roles (README, "Database roles"), each with a password made
# once per cluster and kept in DIR/console-roles.pw; they sign in with that password over TCP
# (scram-sha-256), as in production. The `postgres` superuser stays password-less on 127.0.0.1.
# Runs initdb as the `postgres` user when run as root (initdb refuses root).
set -euo pipefail
cmd=${1:?start|roles|stop}
dir=$(realpath -m "${2:?data dir}")
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
owner_role=console_owner
runtime_role=console_app

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The console's roles sign in with a password; everything else (the superuser the tests and
# benchmarks create databases with) is trusted, on this throwaway cluster only.
write_hba() {
  local hba="$dir/pg_hba.conf" wanted
  wanted=$(printf '%s\n' \
    'local all all trust' \
    "host all $owner_role,$runtime_role 127.0.0.1/32 scram-sha-256" \
    'host all all 127.0.0.1/32 trust')
  if [ "$(cat "$hba" 2>/dev/null)" != "$wanted" ]; then
    printf '%s\n' "$wanted" | as_owner tee "$hba" >/dev/null
    return 0
  fi
  return 1
}

passwords() {
  local file="$dir/console-roles.pw"
  if [ ! -s "$file" ]; then
    (umask 077; for _ in 1 2; do od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; echo; done >"$file")
  fi
  mapfile -t pw <"$file"
}

psql_admin() {
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

# Idempotent: creates the roles when missing and (re)sets their passwords and attributes. Neither
# may create databases or roles; the runtime role is no member of the owner role.
ensure_roles() {
  passwords
  psql_admin >/dev/null <<SQL
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['$owner_role', '$runtime_role']) AS r
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE $owner_role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${pw[0]}';
ALTER ROLE $runtime_role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${pw[1]}';
SQL
}

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_owner "$bin/initdb" -D "$dir" --auth=trust -E UTF8 --locale=C.UTF-8 -U postgres >/dev/null
    fi
    hba_changed=0
    write_hba && hba_changed=1
    if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      # fsync off: a test cluster trades durability for speed; it is thrown away after the run.
      as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    elif [ "$hba_changed" = 1 ]; then
      as_owner "$bin/pg_ctl" -D "$dir" reload >/dev/null
    fi
    ensure_roles
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  roles)
    ensure_roles
    echo "postgres://$owner_role:${pw[0]}@127.0.0.1:$port/postgres"
    echo "postgres://$runtime_role:${pw[1]}@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|roles|stop DIR [PORT]" >&2; exit 2 ;;
esac
