#!/usr/bin/env bash
# Start a throw-away PostgreSQL server (Debian's packages) for the test suite, and print its URL.
# Usage: url=$(bash .ci/postgres.sh start DIR); … ; bash .ci/postgres.sh stop DIR
set -euo pipefail
action=$1
data=$2
port=${PGPORT_FOR_TESTS:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

case "$action" in
  start)
    mkdir -p "$data"
    chown postgres "$data"
    su postgres -c "$bin/initdb -D '$data' -A trust -U interview" >/dev/null
    su postgres -c "$bin/pg_ctl -D '$data' -w -l '$data/server.log' \
      -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U interview interview_test
    echo "postgresql+psycopg://interview@127.0.0.1:$port/interview_test"
    ;;
  stop)
    su postgres -c "$bin/pg_ctl -D '$data' -m fast stop" >/dev/null || true
    ;;
esac
