#!/bin/sh
# The streaming replica of the `scale` profile: on first start (empty data directory) it copies
# the primary with pg_basebackup -R (standby.signal + primary_conninfo written for it) through a
# physical replication slot of its own, then runs the official image's entrypoint, which starts
# the server as the postgres user on that data directory (a hot standby, read-only).
set -eu
until pg_isready --host=db-primary --username=replicator --dbname=postgres --quiet; do sleep 1; done
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres pg_basebackup \
    --host=db-primary --username=replicator --pgdata="$PGDATA" \
    --write-recovery-conf --wal-method=stream --slot=replica_1 --create-slot --checkpoint=fast --progress
fi
exec docker-entrypoint.sh postgres -c hot_standby=on -c max_connections=200
