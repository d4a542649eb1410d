#!/usr/bin/env bash
# Start-to-ready time and RSS of alertgate: launch `serve` (console destination, free port), poll
# /readyz every 5 ms until 200, read VmRSS, SIGTERM. Prints one line per run and the median.
#
#   native/measure-start.sh RUNS -- COMMAND…      e.g.
#   native/measure-start.sh 7 -- java -jar target/alertgate.jar
#   native/measure-start.sh 7 -- target/alertgate-runtime/bin/java -XX:SharedArchiveFile=target/alertgate-runtime/alertgate.jsa -jar target/alertgate-runtime/alertgate.jar
set -euo pipefail
runs=$1; shift; [[ $1 == -- ]] && shift
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
printf 'server:\n  listen: "127.0.0.1:0"\ntenants:\n  m:\n    environments:\n      prod:\n        slack:\n          channels:\n            default: console\n' > "$work/c.yaml"
ms=(); rss=()
for ((i = 0; i < runs; i++)); do
  : > "$work/err"
  t0=$(date +%s%N)
  "$@" serve --config "$work/c.yaml" >/dev/null 2>"$work/err" &
  pid=$!
  until port=$(sed -n 's#.*listening on http://[^:]*:\([0-9]*\).*#\1#p' "$work/err") && [[ -n $port ]] \
        && curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.005; done
  t1=$(date +%s%N)
  r=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  ms+=($(( (t1 - t0) / 1000000 ))); rss+=($(( r / 1024 )))
  echo "run $i: ready ${ms[-1]} ms, RSS ${rss[-1]} MiB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median: ready $(median "${ms[@]}") ms, RSS $(median "${rss[@]}") MiB ($runs runs)"
