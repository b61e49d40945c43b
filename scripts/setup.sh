#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: a virtualenv with the pinned packages,
# and (when root on Debian) Chromium for the browser tests. Java 17 and Maven must be present;
# the local Neo4j itself is fetched by `cseboard neo4j start`.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v java >/dev/null || { echo "Java 17 is required (apt-get install openjdk-17-jre-headless)"; exit 1; }
command -v mvn >/dev/null || { echo "Maven is required (apt-get install maven)"; exit 1; }

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade "pip==26.3"
.venv/bin/python -m pip install --quiet -e ".[dev]"

if [ "${CSEBOARD_SKIP_BROWSER:-0}" != "1" ] && [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] \
   && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: chromium could not be installed; browser tests will be skipped"
fi
