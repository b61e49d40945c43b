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

# Debian packages: fonts for the PDF reports; chromium and poppler for the browser and PDF tests.
PACKAGES="fonts-dejavu-core"
if [ "${CSEBOARD_SKIP_BROWSER:-0}" != "1" ]; then
  PACKAGES="$PACKAGES chromium poppler-utils"
fi
MISSING=""
for package in $PACKAGES; do
  dpkg -s "$package" >/dev/null 2>&1 || MISSING="$MISSING $package"
done
if [ -n "$MISSING" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages:$MISSING"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $MISSING >/dev/null) \
    || echo "warning: could not install$MISSING; the tests that need them will be skipped"
fi
