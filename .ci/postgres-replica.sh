#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL on 127.0.0.1:5433, for the read-replica tests: a second
# cluster made once with pg_basebackup (kept in $REPLICA_DIR), started when it is down. Idempotent.
set -euo pipefail

PRIMARY_PORT=5432
REPLICA_PORT=5433
REPLICA_DIR=/var/lib/oxen-pg-replica
VERSION=$(ls /etc/postgresql | sort -V | tail -1)
BIN=/usr/lib/postgresql/$VERSION/bin
HBA=/etc/postgresql/$VERSION/main/pg_hba.conf
as_postgres() { runuser -u postgres -- "$@"; }
replica_up() { pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q; }

# A replica that was down while the primary wrote more WAL than it keeps (a long benchmark) can never
# catch up: it runs, but its WAL receiver fails for ever. Such a replica is made afresh.
streaming() {
  [[ "$(as_postgres psql -h 127.0.0.1 -p "$REPLICA_PORT" -d postgres -qAtc "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'" 2>/dev/null)" == 1 ]]
}
wait_streaming() {
  for _ in $(seq 1 40); do
    streaming && return 0
    sleep 0.5
  done
  return 1
}
stop_and_discard() {
  echo "PostgreSQL replica on $REPLICA_PORT does not stream (the primary no longer has the WAL it needs): making it afresh"
  as_postgres "$BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w stop >/dev/null || true
  rm -f "$REPLICA_DIR/standby.signal"
}
# A replica left paused by an interrupted test would never catch up.
resume_replay() { as_postgres psql -h 127.0.0.1 -p "$REPLICA_PORT" -d postgres -qAtc 'SELECT pg_wal_replay_resume()' >/dev/null; }

if replica_up; then
  resume_replay
  if wait_streaming; then
    echo "PostgreSQL replica is up on $REPLICA_PORT"
    exit 0
  fi
  stop_and_discard
fi

# pg_basebackup and the WAL stream connect to the primary's "replication" pseudo-database.
if ! grep -Eq '^host\s+replication\s+all\s+127\.0\.0\.1/32\s+trust' "$HBA"; then
  echo "host replication all 127.0.0.1/32 trust" >> "$HBA"
  as_postgres psql -h 127.0.0.1 -p "$PRIMARY_PORT" -d postgres -qAtc 'SELECT pg_reload_conf()' >/dev/null
fi

make_replica() {
  echo "PostgreSQL replica: pg_basebackup into $REPLICA_DIR"
  rm -rf "$REPLICA_DIR"
  install -d -o postgres -g postgres -m 700 "$REPLICA_DIR"
  # -R writes primary_conninfo and standby.signal; -X stream copies the WAL written meanwhile.
  as_postgres pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DIR" -R -X stream -c fast
}

# Debian keeps a cluster's configuration in /etc, so the copy has none of its own; written on every
# start, so a replica made by an older version of this script gets the current settings.
start_replica() {
cat > "$REPLICA_DIR/postgresql.conf" <<CONF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/var/run/postgresql'
hot_standby = on
hot_standby_feedback = on
shared_preload_libraries = 'pg_stat_statements'
CONF
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$REPLICA_DIR/pg_hba.conf"
chown postgres:postgres "$REPLICA_DIR/postgresql.conf" "$REPLICA_DIR/pg_hba.conf"

install -d -o postgres -g postgres /var/run/postgresql
as_postgres "$BIN/pg_ctl" -D "$REPLICA_DIR" -l "$REPLICA_DIR/server.log" -w -t 60 start >/dev/null
resume_replay
}

[[ -f "$REPLICA_DIR/standby.signal" ]] || make_replica
start_replica
if ! wait_streaming; then
  stop_and_discard
  make_replica
  start_replica
  wait_streaming || { echo "PostgreSQL replica on $REPLICA_PORT does not stream from the primary: see $REPLICA_DIR/server.log" >&2; exit 1; }
fi
echo "PostgreSQL replica is up on $REPLICA_PORT"
