#!/usr/bin/env bash
# Builds the GraalVM native binary target/alertgate and smoke-tests it (native/smoke.sh).
#
#   native/build.sh                   fully static: --static --libc=musl (needs GraalVM's musl toolchain:
#                                     x86_64-linux-musl-gcc on PATH with a musl-built zlib, as in
#                                     ghcr.io/graalvm/native-image-community:25-muslib)
#   native/build.sh --mostly-static   fallback: everything static but glibc (--static-nolibc)
#
# Needs GraalVM for JDK 25 as JAVA_HOME (native-image on PATH). Not runnable on the dev machines
# (no GraalVM there): native/Containerfile and .github/workflows/native.yml run it.
set -euo pipefail
cd "$(dirname "$0")/.."
profiles=native
case "${1:-}" in
  "") command -v x86_64-linux-musl-gcc >/dev/null || { echo "no musl toolchain (x86_64-linux-musl-gcc); use --mostly-static or the -muslib builder image" >&2; exit 1; } ;;
  --mostly-static) profiles=native,native-mostly-static ;;
  *) echo "usage: $0 [--mostly-static]" >&2; exit 2 ;;
esac
command -v native-image >/dev/null || [[ -x "${JAVA_HOME:-}/bin/native-image" ]] \
  || { echo "native-image not found: set JAVA_HOME to GraalVM for JDK 25" >&2; exit 1; }

./mvnw -B -ntp -P"$profiles" -DskipTests package
file target/alertgate 2>/dev/null || true
ls -l target/alertgate
native/smoke.sh target/alertgate
