#!/usr/bin/env bash
# Installs what Jingtu needs on a fresh Debian/Ubuntu machine: system GIS libraries (apt, when missing),
# a .venv built from Debian's python3 (pyenv builds cannot load SQLite extensions, so SpatiaLite fails there),
# and the package in editable mode with shapely/pyproj/pyogrio built against Debian's GEOS/PROJ/GDAL.
# Idempotent: a stamp file skips the pip step when pyproject.toml and constraints.txt are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PKGS=(gdal-bin libgdal-dev libsqlite3-mod-spatialite binutils libproj-dev libgeos-dev
          python3-venv python3-dev postgresql-15-postgis-3 chromium fonts-noto-cjk gettext)
# chromium is for the browser tests; fonts-noto-cjk for Chinese PDF reports; PostGIS for the PostGIS test run.
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "jingtu setup: installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY=${JINGTU_PYTHON:-/usr/bin/python3}
if ! "$PY" -c "import sqlite3; sqlite3.connect(':memory:').enable_load_extension(True)" 2>/dev/null; then
  echo "jingtu setup: $PY cannot load SQLite extensions (needed for SpatiaLite); set JINGTU_PYTHON" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.jingtu-installed
want=$(cat pyproject.toml constraints.txt scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/pip install -q --upgrade pip setuptools wheel
  # pyproj 3.6's sdist needs Cython<3.1 at build time; shapely 2.2's build must NOT get that pin.
  # pip >= 25.3 no longer applies PIP_CONSTRAINT to build environments: it has --build-constraint for that.
  # A pyproj 3.6 built with Cython >= 3.1 imports but fails on every CRS ("expected bytes, str found").
  if ! .venv/bin/python -c "import pyproj; pyproj.CRS.from_epsg(4548)" 2>/dev/null; then
    build_pin=(); .venv/bin/pip install --help | grep -q -- '--build-constraint' &&
      build_pin=(--build-constraint scripts/build-constraints-pyproj.txt)
    PIP_CONSTRAINT=scripts/build-constraints-pyproj.txt .venv/bin/pip install -q --force-reinstall --no-deps \
      --no-cache-dir "${build_pin[@]}" --no-binary pyproj 'pyproj>=3.6,<3.7'
    .venv/bin/pip install -q --no-binary pyproj 'pyproj>=3.6,<3.7'  # its dependencies (certifi)
  fi
  .venv/bin/pip install -q --no-binary shapely,pyproj,pyogrio -c constraints.txt -e '.[dev]'
  echo "$want" > "$stamp"
fi
