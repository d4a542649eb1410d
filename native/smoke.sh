#!/usr/bin/env bash
# Smoke test of a built alertgate, whatever its form: `version`, then `serve` on a free port with the
# console destination, /healthz and /readyz, one real-shaped webhook (202 and a Block Kit line on
# stdout), SIGTERM, and a clean stop (exit 0 or 143).
#
#   native/smoke.sh target/alertgate                       the GraalVM binary
#   native/smoke.sh java -jar target/alertgate.jar         the jar (how this script was checked)
set -euo pipefail
(($#)) || { echo "usage: $0 COMMAND…" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

"$@" version | tee "$work/version"
grep -Eq '^alertgate [0-9]+\.[0-9]+\.[0-9]+' "$work/version" || { echo "FAIL: version" >&2; exit 1; }

printf 'server:\n  listen: "127.0.0.1:0"\ntenants:\n  smoke:\n    environments:\n      prod:\n        slack:\n          channels:\n            default: console\n' > "$work/c.yaml"
cat > "$work/payload.json" <<'JSON'
{"version":"4","groupKey":"{}:{alertname=\"Smoke\"}","truncatedAlerts":0,"status":"firing","receiver":"alertgate",
 "groupLabels":{"alertname":"Smoke"},"commonLabels":{"alertname":"Smoke","severity":"critical"},"commonAnnotations":{"summary":"smoke test"},
 "externalURL":"http://alertmanager:9093","alerts":[{"status":"firing","labels":{"alertname":"Smoke","severity":"critical"},
 "annotations":{"summary":"smoke test"},"startsAt":"2026-01-01T00:00:00.123456789+02:00","endsAt":"0001-01-01T00:00:00Z",
 "generatorURL":"http://prometheus:9090/graph","fingerprint":"0123456789abcdef"}]}
JSON
"$@" serve --config "$work/c.yaml" >"$work/out" 2>"$work/err" &
pid=$!
port=
for _ in $(seq 1 600); do
  port=$(sed -n 's#.*listening on http://[^:]*:\([0-9]*\).*#\1#p' "$work/err"); [[ -n $port ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n $port ]] || { echo "FAIL: never listened" >&2; cat "$work/err" >&2; exit 1; }
base=http://127.0.0.1:$port
curl -fsS "$base/healthz" >/dev/null
curl -fsS "$base/readyz" >/dev/null
code=$(curl -sS -o "$work/answer" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary @"$work/payload.json" "$base/api/v1/alerts/smoke")
[[ $code == 202 ]] || { echo "FAIL: webhook answered $code: $(cat "$work/answer")" >&2; kill "$pid"; exit 1; }
for _ in $(seq 1 100); do grep -q '"blocks"' "$work/out" && break; sleep 0.1; done
grep -q '"blocks"' "$work/out" || { echo "FAIL: no Block Kit message on stdout" >&2; kill "$pid"; exit 1; }
kill -TERM "$pid"
status=0; wait "$pid" || status=$?
[[ $status == 0 || $status == 143 ]] || { echo "FAIL: exit $status after SIGTERM" >&2; cat "$work/err" >&2; exit 1; }
echo "smoke: OK (port $port, exit $status after SIGTERM)"
