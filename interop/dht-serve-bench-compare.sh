#!/usr/bin/env bash
# The serving benchmark: a Java DHT node against a hyperdht 6.34.0 node, the same load generator
# for both, each node on one core (see dht-serve-bench.js and BENCHMARKS.md, "Serving the DHT").
#   interop/dht-serve-bench-compare.sh [--repeat R] [--seconds S] [--records N] [--rate R] [--raw FILE]
# Needs the jar (mvn -B -q install -DskipTests) and interop/node_modules (npm ci in interop/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../app/target/protomux-wakeup.jar"
[ -f "$jar" ] || { echo "no $jar: run mvn -B -q install -DskipTests first" >&2; exit 1; }
[ -d "$here/node_modules/hyperdht" ] || (cd "$here" && npm ci --no-audit --no-fund)
command -v taskset >/dev/null || { echo "taskset (util-linux) is needed to pin the node and the generator" >&2; exit 1; }
exec node "$here/dht-serve-bench.js" --jar "$jar" "$@"
