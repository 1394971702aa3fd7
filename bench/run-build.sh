#!/usr/bin/env bash
# bench/run-build.sh [N] — a 10-step multi-stage `docker build` (classic builder, DOCKER_BUILDKIT=0),
# cold (--no-cache) and fully cached, on berthd and on Debian's dockerd side by side, runs
# alternating between the two; medians and the ratio berthd/dockerd.
#
# Both daemons run on their own socket and data root under /tmp (never /run/berth.sock, never
# /var/lib/docker); dockerd with --bridge none --iptables=false, and every build uses
# --network none on both, so RUN steps start alike. The base image is the project's busybox
# fixture (bin/berth-fixture), loaded into both: nothing is pulled. Everything is stopped and
# removed at the end, also on failure or Ctrl-C. Needs root.
set -euo pipefail

N="${1:-10}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export DOCKER_BUILDKIT=0
DOCKER=/usr/local/bin/docker
REF=/tmp/bench-build-docker
BERTH=/tmp/bench-build-berth
FIXTURE=/tmp/bench-build-busybox.tar
CTX=/tmp/bench-build-context

log() { echo "bench: $*" >&2; }

[[ "$(id -u)" == 0 ]] || { log "needs root (sudo bench/run-build.sh)"; exit 1; }
for d in "$REF" "$BERTH" "$CTX"; do
  [[ -e "$d" ]] && { log "$d exists (another bench running, or a leftover): remove it first"; exit 1; }
done

ref_pid=""
berth_pid=""

stop_pid() { # pid
  local pid="$1" i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 600); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  log "pid $pid ignored SIGTERM for 30 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  set +e
  for host in "unix://$REF/docker.sock" "unix://$BERTH/berth.sock"; do
    DOCKER_HOST="$host" timeout 30 "$DOCKER" ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="$host" timeout 60 "$DOCKER" rm -f >/dev/null 2>&1
  done
  stop_pid "$ref_pid"
  stop_pid "$berth_pid"
  for d in "$REF" "$BERTH"; do
    # Unmount whatever a daemon left below its dirs before removing them (deepest first).
    awk -v p="$d/" 'index($5, p) == 1 {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l
    rm -rf "$d"
  done
  rm -rf "$FIXTURE" "$CTX"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_ready() { # host name
  local i
  for i in $(seq 600); do
    DOCKER_HOST="$1" "$DOCKER" version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "$2 did not come up; its log:"; cat "$3" >&2; exit 1
}

mkdir -p "$REF" "$BERTH" "$CTX"
log "building the fixture and berthd"
"$ROOT/bin/berth-fixture" busybox "$FIXTURE" busybox:latest >/dev/null

dockerd -H "unix://$REF/docker.sock" --data-root "$REF/data" --exec-root "$REF/exec" \
  --pidfile "$REF/docker.pid" --bridge none --iptables=false --ip-masq=false \
  >"$REF/dockerd.log" 2>&1 &
ref_pid=$!
"$ROOT/bin/berthd" -H "unix://$BERTH/berth.sock" --data-root "$BERTH/data" --exec-root "$BERTH/exec" \
  --pidfile "$BERTH/berthd.pid" >"$BERTH/berthd.log" 2>&1 &
berth_pid=$!
wait_ready "unix://$REF/docker.sock" dockerd "$REF/dockerd.log"
wait_ready "unix://$BERTH/berth.sock" berthd "$BERTH/berthd.log"

export DOCKER_CONFIG="$BERTH/docker-config"
for host in "unix://$REF/docker.sock" "unix://$BERTH/berth.sock"; do
  DOCKER_HOST="$host" "$DOCKER" load -q -i "$FIXTURE" >/dev/null
done

# The project: two stages, ten instructions (WORKDIR, COPY, RUN, COPY --from, ENV, CMD).
head -c 65536 /dev/urandom | base64 >"$CTX/a.txt"
seq 1 20000 >"$CTX/b.txt"
cat >"$CTX/Dockerfile" <<'DOCKERFILE'
FROM busybox AS build
WORKDIR /src
COPY a.txt b.txt ./
RUN cat a.txt b.txt > ab.txt
RUN sha256sum ab.txt > sum.txt
FROM busybox
ENV APP=/app
COPY --from=build /src/sum.txt /app/
RUN wc -c /app/sum.txt > /app/size
CMD ["cat", "/app/size"]
DOCKERFILE

one_build() { # host [build flags...] → prints milliseconds
  local host="$1"; shift
  local t0 t1
  t0=$(date +%s%N)
  DOCKER_HOST="$host" "$DOCKER" build -q --network none -t bench-build:1 "$@" "$CTX" >/dev/null 2>"$BERTH/last-build.err" \
    || { log "build on $host failed:"; cat "$BERTH/last-build.err" >&2; exit 1; }
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }

round() { # label [build flags...]
  local label="$1"; shift
  local rf bf i
  rf="$(mktemp)"; bf="$(mktemp)"
  one_build "unix://$REF/docker.sock" "$@" >/dev/null   # warm-up (and, for "cached", fills the cache)
  one_build "unix://$BERTH/berth.sock" "$@" >/dev/null
  for i in $(seq "$N"); do
    if (( i % 2 )); then
      one_build "unix://$REF/docker.sock" "$@" >>"$rf"
      one_build "unix://$BERTH/berth.sock" "$@" >>"$bf"
    else
      one_build "unix://$BERTH/berth.sock" "$@" >>"$bf"
      one_build "unix://$REF/docker.sock" "$@" >>"$rf"
    fi
  done
  local rm bm
  rm="$(median <"$rf")"; bm="$(median <"$bf")"
  printf "%-7s builds=%-3s dockerd median %6s ms   berthd median %6s ms   berthd/dockerd %s\n" \
    "$label" "$N" "$rm" "$bm" "$(awk -v b="$bm" -v r="$rm" 'BEGIN {printf "%.2f", b / r}')"
  rm -f "$rf" "$bf"
}

for host in "unix://$REF/docker.sock" "unix://$BERTH/berth.sock"; do
  out="$(DOCKER_HOST="$host" "$DOCKER" build -q --network none -t bench-build:1 "$CTX" 2>/dev/null)"
  DOCKER_HOST="$host" "$DOCKER" run --rm --network none bench-build:1 >/dev/null || { log "the built image does not run on $host"; exit 1; }
done

echo "10-step multi-stage docker build (classic builder), $(nproc) cores, $(uname -r), dockerd $(dockerd --version | awk '{print $3}' | tr -d ,), $(date -u +%Y-%m-%dT%H:%MZ)"
round cold --no-cache
round cached
