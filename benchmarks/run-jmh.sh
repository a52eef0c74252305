#!/usr/bin/env bash
# Runs the JMH benchmarks. Builds the module (and what it needs) first.
#   benchmarks/run-jmh.sh                      # everything, default iterations
#   benchmarks/run-jmh.sh StudentBenchmark -f 1 -wi 3 -i 5
# Arguments are JMH's own (java -jar benchmarks.jar -h lists them).
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
(cd "$repo" && ${MVN:-mvn} -B -q -DskipTests -pl benchmarks -am install)
exec java -cp "$repo/benchmarks/target/distill-benchmarks-0.1.0-SNAPSHOT.jar:$repo/benchmarks/target/lib/*" org.openjdk.jmh.Main "$@"
