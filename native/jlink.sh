#!/usr/bin/env bash
# Builds the JVM runtime for alertgate: a jlink image holding only the JDK modules the shaded jar
# uses (jdeps --print-module-deps), plus an AppCDS archive from a training run (serve, one
# webhook, SIGTERM) so the runtime starts with the gateway's classes already parsed and verified.
#
#   native/jlink.sh [OUT]      OUT defaults to target/alertgate-runtime
#
# Output layout (what systemd/alertgate.service and container/Containerfile expect):
#   OUT/bin/java …             the trimmed runtime
#   OUT/alertgate.jar          the shaded jar
#   OUT/alertgate.jsa          AppCDS archive (only valid with this runtime and this jar path)
# Needs JDK 21+ with jlink and jdeps (JAVA_HOME); the archive is built for the jar at its final
# path, so the layout is built in place and moved as a whole only together with the archive path.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21+ (Temurin 25 recommended)}"
OUT=${1:-target/alertgate-runtime}
JAR=target/alertgate.jar

[[ -f $JAR ]] || ./mvnw -q -B package -DskipTests

# Modules: what the bytecode references, plus what jdeps cannot see (service providers):
# none needed today — TLS (EC included), DNS and the tz database live in java.base since JDK 22.
MODULES=$("$JAVA_HOME/bin/jdeps" --multi-release 21 --ignore-missing-deps --print-module-deps "$JAR")
echo "modules: $MODULES"

rm -rf "$OUT"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$OUT" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 --generate-cds-archive \
  $(command -v objcopy >/dev/null && echo --strip-native-debug-symbols=exclude-debuginfo-files)
# The uncompressed-oops base archive serves only heaps over 32 GB; alertgate runs in 256 MB.
rm -f "$OUT/lib/server/classes_nocoops.jsa"
cp "$JAR" "$OUT/alertgate.jar"

# Training run for the AppCDS archive: the built-in console destination, a free port, one webhook.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/train.yaml" <<'YAML'
server:
  listen: "127.0.0.1:0"
tenants:
  train:
    environments:
      prod:
        slack:
          channels:
            default: console
YAML
cat > "$work/payload.json" <<'JSON'
{"version":"4","groupKey":"{}:{alertname=\"Train\"}","truncatedAlerts":0,"status":"firing",
 "receiver":"alertgate","groupLabels":{"alertname":"Train"},"commonLabels":{"alertname":"Train","severity":"critical"},
 "commonAnnotations":{"summary":"training run"},"externalURL":"http://alertmanager:9093",
 "alerts":[{"status":"firing","labels":{"alertname":"Train","severity":"critical"},"annotations":{"summary":"training run"},
  "startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph","fingerprint":"0123456789abcdef"}]}
JSON
"$OUT/bin/java" -XX:ArchiveClassesAtExit="$OUT/alertgate.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -jar "$OUT/alertgate.jar" serve --config "$work/train.yaml" >"$work/out" 2>"$work/err" &
pid=$!
port=
for _ in $(seq 1 300); do
  port=$(sed -n 's#.*listening on http://[^:]*:\([0-9]*\).*#\1#p' "$work/err")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { cat "$work/err" >&2; kill "$pid"; exit 1; }
curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz"
curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary @"$work/payload.json" \
  "http://127.0.0.1:$port/api/v1/alerts/train"
kill -TERM "$pid"
wait "$pid" || [[ $? == 143 ]]

"$OUT/bin/java" -XX:SharedArchiveFile="$OUT/alertgate.jsa" -Xshare:on -jar "$OUT/alertgate.jar" version
du -sh "$OUT"
