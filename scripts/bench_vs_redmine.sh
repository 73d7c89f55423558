#!/usr/bin/env bash
# kehoach and the Redmine 5.0.4 peer measured in one sitting, interleaved (docs/performance.md).
#
# Needs: a database filled by
#   kehoach seed-scale --plans 200 --tasks-per-plan 300 --big-plan-tasks 60000 --periods 2
# (SQLite under $KEHOACH_HOME, and/or PostgreSQL at $PG_URL), and the peer installed and loaded by
#   ROOT=/tmp/peer STEPS="install instance load" bash ../shared/peer/redmine/run_all.sh 200x300   (and 60000)
# Each phase starts one Redmine instance (puma, production) on $PEER_PORT, runs `kehoach bench --http` with
# every kehoach request followed by Redmine's equivalent, and stops Redmine. Results: $OUT/*.json and *.txt.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
PEER_DIR=${PEER_DIR:-$HERE/../shared/peer/redmine}
ROOT=${ROOT:-/tmp/peer}
PEER_PORT=${PEER_PORT:-3301}
OUT=${OUT:-/tmp/kehoach-vs-redmine}
PG_URL=${PG_URL:-}
N=${N:-50}
WARM=${WARM:-5}
THINK=${THINK:-1.5}  # the second mixed run: each user reads a page 0.5–1.5 × THINK s before the next
mkdir -p "$OUT"

peer() {  # peer start|stop DATA
  DIR=$ROOT/data-$2 INSTANCE=peer$2 PORT=$PEER_PORT STEPS=$1 bash "$PEER_DIR/setup_from_scratch.sh"
}

phase() {  # phase NAME DATA [bench args…]
  local name=$1 data=$2
  shift 2
  peer serve "$data"
  trap 'peer stop '"$data" EXIT
  echo "== $name: $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
  kehoach bench --http --n "$N" --warm "$WARM" --peer "http://127.0.0.1:$PEER_PORT" --peer-data "$data" \
    --peer-key-file "$ROOT/data-$data/api_key.txt" --json-out "$OUT/$name.json" "$@" | tee "$OUT/$name.txt"
  peer stop "$data"
  trap - EXIT
}

phase sqlite-200x300 200x300
phase sqlite-60000 60000 --only "60,000" "that plan"
kehoach bench --http --only none --concurrent 100 --seconds 60 --json-out "$OUT/sqlite-mixed.json" \
  | tee "$OUT/sqlite-mixed.txt"
kehoach bench --http --only none --concurrent 100 --seconds 60 --think "$THINK" \
  --json-out "$OUT/sqlite-mixed-think.json" | tee "$OUT/sqlite-mixed-think.txt"
if [ -n "$PG_URL" ]; then
  phase pg-200x300 200x300 --database-url "$PG_URL"
  phase pg-60000 60000 --database-url "$PG_URL" --only "60,000" "that plan"
  kehoach bench --http --database-url "$PG_URL" --only none --concurrent 100 --seconds 60 \
    --json-out "$OUT/pg-mixed.json" | tee "$OUT/pg-mixed.txt"
  kehoach bench --http --database-url "$PG_URL" --only none --concurrent 100 --seconds 60 --think "$THINK" \
    --json-out "$OUT/pg-mixed-think.json" | tee "$OUT/pg-mixed-think.txt"
fi
echo "== done $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
