#!/usr/bin/env bash
# bench/run-commit-import.sh [N] — median wall-clock time of `docker commit` of a container with a
# 200 MB change and of `docker import` of a 200 MB tar, on berthd and on Debian's dockerd (docker.io)
# side by side, runs alternating between the two.
#
# commit: each run makes a fresh container (untimed) that copies a 200 MB file of random bytes from
#         a read-only bind mount into its own filesystem and writes a unique marker, then times
#         `docker commit`; the container and the image are removed afterwards (untimed).
# import: each run times `docker import` of a 200 MB tar (the same random file plus a unique
#         marker, so no run can reuse an earlier layer); the image is removed afterwards (untimed).
# Both daemons run on their own sockets and data roots under /tmp (dockerd with --bridge none
# --iptables=false); everything is stopped and removed at exit, also on failure or Ctrl-C. Needs root.
set -euo pipefail

N="${1:-5}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need_root bench/run-commit-import.sh
T=$(mktemp -d /tmp/bench-commit.XXXXXX)
BENCH_DIRS=("$T")
bench_traps

log "building the fixture and berthd"
bench_fixture "$T/busybox.tar"
bench_start_dockerd "$T/ref" --bridge none --iptables=false
bench_start_berthd "$T/berth"
bench_wait_daemons
export DOCKER_CONFIG="$T/docker-config"
bench_load "$T/busybox.tar"

mkdir -p "$T/src" "$T/tars"
head -c 200000000 /dev/urandom >"$T/src/big"
SEQ=0

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

commit_once() { # host → prints milliseconds
  local host="$1" name t0 t1
  SEQ=$((SEQ + 1))
  name="bench-commit-$$-$SEQ"
  DOCKER_HOST="$host" "$DOCKER" run --name "$name" --network none -v "$T/src:/src:ro" busybox \
    sh -c "cp /src/big /big && echo $name >/marker" >/dev/null
  t0=$(now_ms)
  DOCKER_HOST="$host" "$DOCKER" commit "$name" "bench/commit:$SEQ" >/dev/null
  t1=$(now_ms)
  DOCKER_HOST="$host" "$DOCKER" rm "$name" >/dev/null
  DOCKER_HOST="$host" "$DOCKER" rmi "bench/commit:$SEQ" >/dev/null
  echo $((t1 - t0))
}

import_once() { # host → prints milliseconds
  local host="$1" t0 t1
  SEQ=$((SEQ + 1))
  echo "bench-import-$$-$SEQ" >"$T/src/marker"
  tar -C "$T/src" -cf "$T/tars/layer.tar" big marker
  t0=$(now_ms)
  DOCKER_HOST="$host" "$DOCKER" import "$T/tars/layer.tar" "bench/import:$SEQ" >/dev/null
  t1=$(now_ms)
  DOCKER_HOST="$host" "$DOCKER" rmi "bench/import:$SEQ" >/dev/null
  rm -f "$T/tars/layer.tar" "$T/src/marker"
  echo $((t1 - t0))
}

round() { # label fn
  local i
  for i in 1; do # warm-up, not counted
    "$2" "unix://$T/ref/docker.sock" >/dev/null
    "$2" "unix://$T/berth/berth.sock" >/dev/null
  done
  bench_alternate "$N" "$2"
  printf "%-7s runs=%-3s dockerd median %6s ms   berthd median %6s ms   berthd/dockerd %s\n" \
    "$1" "$N" "$REF_MEDIAN" "$BERTH_MEDIAN" "$RATIO"
}

echo "200 MB commit and import, $(nproc) cores, $(uname -r), dockerd $(dockerd --version | awk '{print $3}' | tr -d ,), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1 /proc/loadavg)"
round commit commit_once
round import import_once
