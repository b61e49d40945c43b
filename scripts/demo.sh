#!/usr/bin/env bash
# The one run command (README): install, start the local Neo4j (or use NEO4J_URI), apply the
# schema, load town-scale synthetic demo data when the database is empty, then run the board.
set -euo pipefail
cd "$(dirname "$0")/.."
CSEBOARD_SKIP_BROWSER=1 bash scripts/setup.sh
. .venv/bin/activate
cseboard neo4j start
cseboard db init
cseboard demo load --scale town --if-empty
exec streamlit run streamlit_app.py --server.address "${BOARD_ADDRESS:-127.0.0.1}" --server.port "${BOARD_PORT:-8501}" --server.headless true
