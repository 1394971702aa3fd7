#!/usr/bin/env bash
# bench/run-start.sh [N] — median wall-clock time of `docker run --rm busybox true` on berthd and on
# Debian's dockerd (docker.io), side by side on this machine, runs alternating between the two.
#
# Both daemons run on their own socket and data root under /tmp (never /run/berth.sock, never
# /var/lib/docker). Two rounds, like with like:
#   none     both daemons, `--network none`
#   default  both daemons, default network: dockerd on bridge berthbench0 (made here,
#            --iptables=false) vs berthd's default bridge (CNI bridge plugin + iptables)
# The busybox image is the project's fixture (bin/berth-fixture), loaded into both.
# Everything is stopped and removed at the end, also on failure or Ctrl-C. Needs root.
set -euo pipefail

N="${1:-30}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
DOCKER=/usr/local/bin/docker
REF=/tmp/bench-docker
BERTH=/tmp/bench-berth
FIXTURE=/tmp/bench-busybox.tar
REF_BRIDGE=berthbench0

log() { echo "bench: $*" >&2; }

[[ "$(id -u)" == 0 ]] || { log "needs root (sudo bench/run-start.sh)"; exit 1; }
for d in "$REF" "$BERTH"; do
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
  ip link show "$REF_BRIDGE" >/dev/null 2>&1 && ip link del "$REF_BRIDGE"
  for d in "$REF" "$BERTH"; do
    # Unmount whatever a daemon left below its dirs before removing them (deepest first).
    awk -v p="$d/" 'index($5, p) == 1 {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l
    rm -rf "$d"
  done
  rm -f "$FIXTURE"
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

mkdir -p "$REF" "$BERTH"
log "building the fixture and berthd"
"$ROOT/bin/berth-fixture" busybox "$FIXTURE" busybox:latest >/dev/null

# dockerd: on a bridge of its own made here (no docker0), no iptables rules on the host.
ip link add "$REF_BRIDGE" type bridge
ip addr add 10.213.77.1/24 dev "$REF_BRIDGE"
ip link set "$REF_BRIDGE" up
dockerd -H "unix://$REF/docker.sock" --data-root "$REF/data" --exec-root "$REF/exec" \
  --pidfile "$REF/docker.pid" --bridge "$REF_BRIDGE" --iptables=false --ip-masq=false \
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

one_run() { # host [run flags...] → prints milliseconds
  local host="$1"; shift
  local t0 t1
  t0=$(date +%s%N)
  DOCKER_HOST="$host" "$DOCKER" run --rm "$@" busybox true >/dev/null
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }

round() { # label [run flags...]
  local label="$1"; shift
  local rf bf i
  rf="$(mktemp)"; bf="$(mktemp)"
  for i in 1 2 3; do   # warm-up, not counted
    one_run "unix://$REF/docker.sock" "$@" >/dev/null
    one_run "unix://$BERTH/berth.sock" "$@" >/dev/null
  done
  for i in $(seq "$N"); do
    if (( i % 2 )); then
      one_run "unix://$REF/docker.sock" "$@" >>"$rf"
      one_run "unix://$BERTH/berth.sock" "$@" >>"$bf"
    else
      one_run "unix://$BERTH/berth.sock" "$@" >>"$bf"
      one_run "unix://$REF/docker.sock" "$@" >>"$rf"
    fi
  done
  local rm bm
  rm="$(median <"$rf")"; bm="$(median <"$bf")"
  printf "%-8s runs=%-3s dockerd median %6s ms   berthd median %6s ms   berthd/dockerd %s\n" \
    "$label" "$N" "$rm" "$bm" "$(awk -v b="$bm" -v r="$rm" 'BEGIN {printf "%.2f", b / r}')"
  rm -f "$rf" "$bf"
}

echo "docker run --rm busybox true, $(nproc) cores, $(uname -r), dockerd $(dockerd --version | awk '{print $3}' | tr -d ,), $(date -u +%Y-%m-%dT%H:%MZ)"
round none --network none
round default
