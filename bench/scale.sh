#!/usr/bin/env bash
# The scale benchmark holds up to a socket per item in this process and one more in the server's:
# raise the soft fd limit to the hard one first (raising the hard one needs privileges).
set -euo pipefail
ulimit -n "$(ulimit -Hn)"
cd "$(dirname "$0")/.."
exec node --expose-gc --import tsx bench/scale.ts "$@"
