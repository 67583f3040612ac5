#!/usr/bin/env bash
# Runs the route lookup JMH benchmark (edge-node RouteLookupBenchmark) at 10 and 10,000 routes.
# Usage: loadtest/route-lookup-bench.sh [extra JMH options, e.g. -p routes=10000 or -prof gc]
# Needs the Maven dependencies in the local repository: it builds offline and installs nothing.
set -euo pipefail

cd "$(dirname "$0")/.."
mvn -o -q -pl edge-node -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
classpath="edge-node/target/test-classes:edge-node/target/classes:$(cat edge-node/target/test.classpath)"
exec java -cp "$classpath" org.openjdk.jmh.Main RouteLookupBenchmark -f 1 -wi 3 -i 5 "$@"
