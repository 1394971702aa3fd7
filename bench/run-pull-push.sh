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
HERE=$(cd "$(dirname "$0")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR=$HERE/berth-daemon/target/berthd.jar
[ -f "$JAR" ] || (cd "$HERE" && mvn -B -o -q package -DskipTests)

T=$(mktemp -d /tmp/bench-pullpush.XXXXXX)
BERTH_SOCK=$T/berth.sock
REF_SOCK=$T/ref.sock
BERTH_PID=""
REF_PID=""
REG_PID=""
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
REG=127.0.0.1:$PORT
IMAGE=$REG/bench/big:1

cleanup() {
  set +e
  [ -n "$BERTH_PID" ] && kill "$BERTH_PID" 2>/dev/null && wait "$BERTH_PID" 2>/dev/null
  [ -n "$REF_PID" ] && kill "$REF_PID" 2>/dev/null && wait "$REF_PID" 2>/dev/null
  [ -n "$REG_PID" ] && kill "$REG_PID" 2>/dev/null && wait "$REG_PID" 2>/dev/null
  grep -o " $T[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

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

wait_sock() { # socket, log
  for _ in $(seq 1 600); do
    docker -H "unix://$1" version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "daemon on $1 did not start; log:" >&2; tail -20 "$2" >&2; exit 1
}

start_registry
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -jar "$JAR" \
  -H "unix://$BERTH_SOCK" --data-root "$T/bdata" --exec-root "$T/bexec" --pidfile "$T/berth.pid" \
  >"$T/berth.log" 2>&1 &
BERTH_PID=$!
dockerd -H "unix://$REF_SOCK" --data-root "$T/refdata" --exec-root "$T/refexec" --pidfile "$T/ref.pid" \
  --bridge none --iptables=false >"$T/ref.log" 2>&1 &
REF_PID=$!
wait_sock "$BERTH_SOCK" "$T/berth.log"
wait_sock "$REF_SOCK" "$T/ref.log"

# The image: five layers of ~40 MB each, built and pushed by dockerd (untimed).
mkdir -p "$T/ctx"
printf 'FROM scratch\n' >"$T/ctx/Dockerfile"
for i in 1 2 3 4 5; do
  head -c 30000000 /dev/urandom | base64 >"$T/ctx/layer$i"
  printf 'COPY layer%s /layer%s\n' "$i" "$i" >>"$T/ctx/Dockerfile"
done
DOCKER_BUILDKIT=0 docker -H "unix://$REF_SOCK" build -q -t "$IMAGE" "$T/ctx" >/dev/null 2>&1
rm -rf "$T/ctx"
docker -H "unix://$REF_SOCK" push "$IMAGE" >/dev/null
docker -H "unix://$REF_SOCK" rmi "$IMAGE" >/dev/null

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# These run in this shell (not in $(…)), so the registry's pid stays known; each sets LAST (ms).
pull_once() { # socket; leaves the store empty again
  local t0
  t0=$(now_ms)
  docker -H "unix://$1" pull -q "$IMAGE" >/dev/null
  LAST=$(( $(now_ms) - t0 ))
  docker -H "unix://$1" rmi "$IMAGE" >/dev/null
}
push_once() { # socket; into an empty registry
  local t0
  reset_registry
  t0=$(now_ms)
  docker -H "unix://$1" push "$IMAGE" >/dev/null
  LAST=$(( $(now_ms) - t0 ))
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# One warm-up pull each (JIT, page cache), not counted.
pull_once "$BERTH_SOCK"; pull_once "$REF_SOCK"
BP=(); RP=()
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 )); then pull_once "$BERTH_SOCK"; BP+=("$LAST"); pull_once "$REF_SOCK"; RP+=("$LAST")
  else pull_once "$REF_SOCK"; RP+=("$LAST"); pull_once "$BERTH_SOCK"; BP+=("$LAST"); fi
done
docker -H "unix://$BERTH_SOCK" pull -q "$IMAGE" >/dev/null
docker -H "unix://$REF_SOCK" pull -q "$IMAGE" >/dev/null
BU=(); RU=()
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 )); then push_once "$BERTH_SOCK"; BU+=("$LAST"); push_once "$REF_SOCK"; RU+=("$LAST")
  else push_once "$REF_SOCK"; RU+=("$LAST"); push_once "$BERTH_SOCK"; BU+=("$LAST"); fi
done

SIZE=$(docker -H "unix://$BERTH_SOCK" image inspect -f '{{.Size}}' "$IMAGE")
echo "image: 5 layers, $((SIZE / 1000000)) MB unpacked; $ROUNDS rounds each"
echo "pull into an empty store (ms): berth ${BP[*]}"
echo "pull into an empty store (ms): dockerd ${RP[*]}"
echo "push into an empty registry (ms): berth ${BU[*]}"
echo "push into an empty registry (ms): dockerd ${RU[*]}"
awk -v b="$(median "${BP[@]}")" -v r="$(median "${RP[@]}")" \
  'BEGIN { printf "pull: median berth %.0f ms, dockerd %.0f ms, ratio berth/dockerd %.2fx\n", b, r, b / r }'
awk -v b="$(median "${BU[@]}")" -v r="$(median "${RU[@]}")" \
  'BEGIN { printf "push: median berth %.0f ms, dockerd %.0f ms, ratio berth/dockerd %.2fx\n", b, r, b / r }'
