#!/usr/bin/env bash
# Debian's PgBouncer on 127.0.0.1:6432 in transaction pooling mode, in front of the local PostgreSQL,
# for the ORM suite's PgBouncer run. Installs the package when missing; idempotent.
set -euo pipefail

PORT=6432
CONF_DIR=/etc/oxen-pgbouncer
pgbouncer_up() { pg_isready -h 127.0.0.1 -p "$PORT" -q; }

if pgbouncer_up; then
  echo "PgBouncer is up on $PORT"
  exit 0
fi
if ! command -v pgbouncer >/dev/null 2>&1 && [[ ! -x /usr/sbin/pgbouncer ]]; then
  echo "installing pgbouncer"
  apt-get install -y -qq pgbouncer >/dev/null || { apt-get update -qq && apt-get install -y -qq pgbouncer >/dev/null; }
fi

install -d -o postgres -g postgres "$CONF_DIR" /var/run/postgresql
cat > "$CONF_DIR/pgbouncer.ini" <<CONF
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
auth_type = trust
auth_file = $CONF_DIR/userlist.txt
pool_mode = transaction
max_client_conn = 400
default_pool_size = 20
server_reset_query =
logfile = $CONF_DIR/pgbouncer.log
pidfile = $CONF_DIR/pgbouncer.pid
CONF
printf '"postgres" ""\n"root" ""\n' > "$CONF_DIR/userlist.txt"
chown postgres:postgres "$CONF_DIR"/*
runuser -u postgres -- /usr/sbin/pgbouncer -d -q "$CONF_DIR/pgbouncer.ini"
for _ in $(seq 1 30); do
  if pgbouncer_up; then echo "PgBouncer is up on $PORT"; exit 0; fi
  sleep 1
done
echo "PgBouncer did not come up on $PORT (see $CONF_DIR/pgbouncer.log)" >&2
exit 1
