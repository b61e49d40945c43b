#!/usr/bin/env bash
# The one test command (README and CI): install, lint, type-check, then the whole test suite
# against a real Neo4j that the tests start themselves (.neo4j-test, port 17687).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
ruff check src tests streamlit_app.py
mypy
python -m pytest "$@"
