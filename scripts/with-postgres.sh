#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL server on 127.0.0.1 and TEST_POSTGRES_URL set.
#   scripts/with-postgres.sh pytest -q
# Uses Debian's PostgreSQL binaries (apt-get install postgresql).  As root, the server runs as
# the `postgres` user (initdb refuses root).  The cluster lives in a temp dir, removed on exit.
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: PostgreSQL binaries not found (apt-get install postgresql)" >&2
  exit 1
fi
PORT=${PGPORT_TEST:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
DIR=$(mktemp -d /tmp/sso-pg.XXXXXX)
AS=()
if [ "$(id -u)" = "0" ]; then
  chown postgres:postgres "$DIR"
  AS=(runuser -u postgres --)
fi
cleanup() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
"${AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U sso --auth=trust -E UTF8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
"${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -w -l "$DIR/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
export TEST_POSTGRES_URL="postgresql+psycopg://sso@127.0.0.1:$PORT/postgres"
echo "with-postgres: server on 127.0.0.1:$PORT" >&2
set +e
"$@"
status=$?
exit $status
