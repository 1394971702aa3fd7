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
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REF=/tmp/bench-docker
BERTH=/tmp/bench-berth
FIXTURE=/tmp/bench-busybox.tar

bench_need_root bench/run-start.sh
bench_require_absent "$REF" "$BERTH"
BENCH_DIRS=("$REF" "$BERTH")
BENCH_FILES=("$FIXTURE")
bench_traps

mkdir -p "$REF" "$BERTH"
log "building the fixture and berthd"
bench_fixture "$FIXTURE"

# dockerd: on a bridge of its own made here (no docker0), no iptables rules on the host.
bench_make_bridge berthbench0 10.213.77.1/24
bench_start_dockerd "$REF" --bridge berthbench0 --iptables=false --ip-masq=false
bench_start_berthd "$BERTH"
bench_wait_daemons

export DOCKER_CONFIG="$BERTH/docker-config"
bench_load "$FIXTURE"

one_run() { # host [run flags...] → prints milliseconds
  local host="$1"; shift
  local t0 t1
  t0=$(date +%s%N)
  DOCKER_HOST="$host" "$DOCKER" run --rm "$@" busybox true >/dev/null
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

round() { # label [run flags...]
  local label="$1"; shift
  local i
  for i in 1 2 3; do   # warm-up, not counted
    one_run "unix://$REF/docker.sock" "$@" >/dev/null
    one_run "unix://$BERTH/berth.sock" "$@" >/dev/null
  done
  bench_alternate "$N" one_run "$@"
  printf "%-8s runs=%-3s dockerd median %6s ms   berthd median %6s ms   berthd/dockerd %s\n" \
    "$label" "$N" "$REF_MEDIAN" "$BERTH_MEDIAN" "$RATIO"
}

echo "docker run --rm busybox true, $(nproc) cores, $(uname -r), dockerd $(dockerd --version | awk '{print $3}' | tr -d ,), $(date -u +%Y-%m-%dT%H:%MZ)"
round none --network none
round default
