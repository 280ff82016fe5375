#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, bound to 127.0.0.1.
#   scripts/postgres.sh start DIR PORT   → prints the server URL (postgres://…@127.0.0.1:PORT/postgres)
#   scripts/postgres.sh stop DIR
# Runs initdb as the `postgres` user when run as root (initdb refuses root).
set -euo pipefail
cmd=${1:?start|stop}
dir=$(realpath -m "${2:?data dir}")
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_owner "$bin/initdb" -D "$dir" --auth=trust -E UTF8 --locale=C.UTF-8 -U postgres >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      # fsync off: a test cluster trades durability for speed; it is thrown away after the run.
      as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
