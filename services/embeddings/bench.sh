#!/usr/bin/env bash
# Runs the embeddings benchmarks (EmbeddingsBenchmark in src/test) by hand; they are not part of `verify`.
#   services/embeddings/bench.sh                      backlog throughput + search, both stores
#   services/embeddings/bench.sh --skip-search --texts 2000
# Figures go to docs/benchmarks.md (## Embeddings). pgvector runs need scripts/install-pgvector.sh first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="$("$root/.ci/run" --java-home)"
export JAVA_HOME
cd "$root"
./mvnw -q -B -o test-compile -pl services/embeddings -Dspotless.check.skip=true
cp="$(./mvnw -q -B -o dependency:build-classpath -pl services/embeddings -Dmdep.includeScope=test \
  -Dmdep.outputFile=/dev/stdout)"
cd services/embeddings
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS: extra JVM flags, e.g. -XX:StartFlightRecording=...
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -Xmx3g -XX:+UseSerialGC --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$cp" io.sluice.embeddings.EmbeddingsBenchmark "$@"
