#!/usr/bin/env bash
# A MariaDB primary (127.0.0.1:3308, binary log on) and its replica (127.0.0.1:3309), each a server of
# its own with its own data directory, for the read-replica suite's MariaDB part. The main server on
# 3306 is left as it is. Idempotent: starts what is down, sets replication up once.
set -euo pipefail

PRIMARY_PORT=3308
REPLICA_PORT=3309
BASE=/var/lib/oxen-mariadb
WAIT_SECONDS=60

up() { mysqladmin -h127.0.0.1 -P"$1" -uroot ping >/dev/null 2>&1; }
sql() { mysql -h127.0.0.1 -P"$1" -uroot -e "$2"; }

start() {
  local name=$1 port=$2 server_id=$3
  local dir="$BASE-$name"
  if up "$port"; then return 0; fi
  install -d -o mysql -g mysql /run/mysqld
  if [[ ! -d "$dir/mysql" ]]; then
    mariadb-install-db --no-defaults --user=mysql --datadir="$dir" --auth-root-authentication-method=normal >/dev/null
  fi
  # --no-defaults: none of the main server's my.cnf (its port, socket and datadir) may leak in.
  setsid /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$dir" --port="$port" --bind-address=127.0.0.1 \
    --socket="/run/mysqld/oxen-$name.sock" --pid-file="/run/mysqld/oxen-$name.pid" --server-id="$server_id" \
    --log-bin=mariadb-bin --binlog-format=ROW --log-error="$dir/error.log" </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 "$WAIT_SECONDS"); do
    if up "$port"; then return 0; fi
    sleep 1
  done
  echo "MariaDB $name did not come up on $port (see $dir/error.log)" >&2
  return 1
}

start primary "$PRIMARY_PORT" 1
start replica "$REPLICA_PORT" 2
sql "$PRIMARY_PORT" 'CREATE DATABASE IF NOT EXISTS test'
if [[ -z "$(mysql -h127.0.0.1 -P"$REPLICA_PORT" -uroot -N -e 'SHOW REPLICA STATUS')" ]]; then
  # From the primary's first binary log on: the replica replays everything, `test` included.
  sql "$REPLICA_PORT" "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$PRIMARY_PORT, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos"
fi
# A replica left stopped by an interrupted test would never catch up.
sql "$REPLICA_PORT" 'START REPLICA'
for _ in $(seq 1 "$WAIT_SECONDS"); do
  if [[ -n "$(mysql -h127.0.0.1 -P"$REPLICA_PORT" -uroot -N -e "SHOW DATABASES LIKE 'test'")" ]]; then
    echo "MariaDB primary on $PRIMARY_PORT, replica on $REPLICA_PORT"
    exit 0
  fi
  sleep 1
done
echo "the MariaDB replica on $REPLICA_PORT did not replay the primary's test database" >&2
exit 1
