#!/usr/bin/env bash
# Pull and push of a 5-layer, ~200 MB image through a local docker-registry: Berth vs Debian's
# dockerd, side by side.
#
# The image is built once by dockerd (classic builder, FROM scratch, five ~40 MB layers of base64
# noise, so gzip has real work) and pushed to a registry on 127.0.0.1 that this script starts.
# Pull: each round times `docker pull` into an empty store on each daemon in turn (alternating who
# goes first), then removes the image untimed. Push: each round times `docker push` of the same
# image into an empty registry (the registry is wiped and restarted, untimed, before every push).
# Prints the medians and the ratios Berth/dockerd.
#
# Both daemons run on their own sockets and temp data roots (dockerd with --bridge none
# --iptables=false); everything is stopped and removed at exit.
#
# Usage: bench/run-pull-push.sh [ROUNDS]   (default 5; needs root)
set -euo pipefail
ROUNDS=${1:-5}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need_root bench/run-pull-push.sh
JAR=$BENCH_ROOT/berth-daemon/target/berthd.jar
[ -f "$JAR" ] || (cd "$BENCH_ROOT" && mvn -B -o -q package -DskipTests)

T=$(mktemp -d /tmp/bench-pullpush.XXXXXX)
BENCH_DIRS=("$T")
BENCH_PID_VARS=(REG_PID)
REG_PID=""
bench_traps
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
REG=127.0.0.1:$PORT
IMAGE=$REG/bench/big:1

cat >"$T/registry.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $T/registry
  delete:
    enabled: true
http:
  addr: $REG
YML

start_registry() {
  /usr/bin/docker-registry serve "$T/registry.yml" >>"$T/registry.log" 2>&1 &
  REG_PID=$!
  for _ in $(seq 1 300); do curl -sf "http://$REG/v2/" >/dev/null && return 0; sleep 0.05; done
  echo "registry did not start" >&2; tail "$T/registry.log" >&2; exit 1
}
reset_registry() {
  kill "$REG_PID"; wait "$REG_PID" 2>/dev/null || true
  rm -rf "$T/registry"
  start_registry
}

start_registry
bench_start_berthd "$T/berth" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -jar "$JAR"
bench_start_dockerd "$T/ref" --bridge none --iptables=false
bench_wait_daemons
BERTH_SOCK=$T/berth/berth.sock
REF_SOCK=$T/ref/docker.sock

# The image: five layers of ~40 MB each, built and pushed by dockerd (untimed).
mkdir -p "$T/ctx"
printf 'FROM scratch\n' >"$T/ctx/Dockerfile"
for i in 1 2 3 4 5; do
  head -c 30000000 /dev/urandom | base64 >"$T/ctx/layer$i"
  printf 'COPY layer%s /layer%s\n' "$i" "$i" >>"$T/ctx/Dockerfile"
done
DOCKER_BUILDKIT=0 "$DOCKER" -H "unix://$REF_SOCK" build -q -t "$IMAGE" "$T/ctx" >/dev/null 2>&1
rm -rf "$T/ctx"
"$DOCKER" -H "unix://$REF_SOCK" push "$IMAGE" >/dev/null
"$DOCKER" -H "unix://$REF_SOCK" rmi "$IMAGE" >/dev/null

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# These run in this shell (not in $(…)), so the registry's pid stays known; each sets LAST (ms).
pull_once() { # socket; leaves the store empty again
  local t0
  t0=$(now_ms)
  "$DOCKER" -H "unix://$1" pull -q "$IMAGE" >/dev/null
  LAST=$(( $(now_ms) - t0 ))
  "$DOCKER" -H "unix://$1" rmi "$IMAGE" >/dev/null
}
push_once() { # socket; into an empty registry
  local t0
  reset_registry
  t0=$(now_ms)
  "$DOCKER" -H "unix://$1" push "$IMAGE" >/dev/null
  LAST=$(( $(now_ms) - t0 ))
}

# One warm-up pull each (JIT, page cache), not counted.
pull_once "$BERTH_SOCK"; pull_once "$REF_SOCK"
BP=(); RP=()
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 )); then pull_once "$BERTH_SOCK"; BP+=("$LAST"); pull_once "$REF_SOCK"; RP+=("$LAST")
  else pull_once "$REF_SOCK"; RP+=("$LAST"); pull_once "$BERTH_SOCK"; BP+=("$LAST"); fi
done
"$DOCKER" -H "unix://$BERTH_SOCK" pull -q "$IMAGE" >/dev/null
"$DOCKER" -H "unix://$REF_SOCK" pull -q "$IMAGE" >/dev/null
BU=(); RU=()
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 )); then push_once "$BERTH_SOCK"; BU+=("$LAST"); push_once "$REF_SOCK"; RU+=("$LAST")
  else push_once "$REF_SOCK"; RU+=("$LAST"); push_once "$BERTH_SOCK"; BU+=("$LAST"); fi
done

SIZE=$("$DOCKER" -H "unix://$BERTH_SOCK" image inspect -f '{{.Size}}' "$IMAGE")
echo "image: 5 layers, $((SIZE / 1000000)) MB unpacked; $ROUNDS rounds each"
echo "pull into an empty store (ms): berth ${BP[*]}"
echo "pull into an empty store (ms): dockerd ${RP[*]}"
echo "push into an empty registry (ms): berth ${BU[*]}"
echo "push into an empty registry (ms): dockerd ${RU[*]}"
awk -v b="$(printf '%s\n' "${BP[@]}" | median)" -v r="$(printf '%s\n' "${RP[@]}" | median)" \
  'BEGIN { printf "pull: median berth %.0f ms, dockerd %.0f ms, ratio berth/dockerd %.2fx\n", b, r, b / r }'
awk -v b="$(printf '%s\n' "${BU[@]}" | median)" -v r="$(printf '%s\n' "${RU[@]}" | median)" \
  'BEGIN { printf "push: median berth %.0f ms, dockerd %.0f ms, ratio berth/dockerd %.2fx\n", b, r, b / r }'
