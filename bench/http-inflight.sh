#!/usr/bin/env bash
# 10,000 sockets in this process and 10,000 in the delay server (another process): raise the
# soft fd limit to the hard one (20,000 on the benchmark machines; raising the hard limit needs
# privileges a sandbox may not have).
set -euo pipefail
ulimit -n "$(ulimit -Hn)"
cd "$(dirname "$0")/.."
exec node --expose-gc --import tsx bench/http-inflight.ts "$@"
