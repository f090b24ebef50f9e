#!/usr/bin/env bash
# Make sure a PostgreSQL with PostGIS answers at $PGHOST:$PGPORT (default 127.0.0.1:5432, trust auth) and prints a
# DATABASE_URL for it. Installs the PostGIS package for the running server's major version when missing and
# starts the local cluster if it is down. The test runner creates its own test database (CREATE EXTENSION postgis).
set -euo pipefail
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
DB=${JINGTU_PG_DB:-jingtu}
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    ver=$(ls /etc/postgresql | sort -V | tail -1)
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  fi
  for _ in $(seq 20); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 0.5; done
fi
pg_isready -q -h "$PGHOST" -p "$PGPORT" || { echo "postgis.sh: no PostgreSQL at $PGHOST:$PGPORT" >&2; exit 1; }

major=$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -tAc "show server_version_num" | cut -c1-2)
if [ ! -f "/usr/share/postgresql/$major/extension/postgis.control" ]; then
  echo "postgis.sh: installing postgresql-$major-postgis-3" >&2
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "postgresql-$major-postgis-3" >/dev/null
fi
if ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -tAc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -qc "create database $DB" >/dev/null
fi
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" -qc "create extension if not exists postgis" >/dev/null
echo "postgis://$PGUSER@$PGHOST:$PGPORT/$DB"
