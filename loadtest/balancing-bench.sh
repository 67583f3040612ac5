#!/usr/bin/env bash
# Runs the balancing-step JMH benchmark (edge-node BalancingBenchmark): each policy at 3 and 1,000 targets.
# Usage: loadtest/balancing-bench.sh [extra JMH options, e.g. -p unhealthyPercent=10 or -p policy=random-two]
# Needs the Maven dependencies in the local repository: it builds offline and installs nothing.
set -euo pipefail

cd "$(dirname "$0")/.."
mvn -o -q -pl edge-node -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
classpath="edge-node/target/test-classes:edge-node/target/classes:$(cat edge-node/target/test.classpath)"
exec java -cp "$classpath" org.openjdk.jmh.Main BalancingBenchmark -f 1 -wi 3 -i 5 "$@"
