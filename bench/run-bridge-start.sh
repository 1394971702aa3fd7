#!/usr/bin/env bash
# Time to start a container on the default bridge: Berth vs Debian's dockerd, side by side.
#
# Each round times `docker run -d IMAGE sleep 60` (create + network set-up + start; the CLI returns
# once the container runs) against each daemon in turn, alternating which goes first, then removes
# the container untimed. Prints both medians and the ratio Berth/dockerd.
#
# Both daemons run on their own sockets and temp data roots. dockerd uses a bridge this script
# makes (benchdkr0, 10.213.0.0/24) with --iptables=false so it never touches docker0 or the host's
# firewall; Berth uses its default bridge (berth-<hash>, with NAT). Everything is removed at exit.
#
# Usage: bench/run-bridge-start.sh [ROUNDS]   (default 15; needs root)
set -euo pipefail
ROUNDS=${1:-15}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need_root bench/run-bridge-start.sh

T=$(mktemp -d /tmp/bench-bridge.XXXXXX)
BENCH_DIRS=("$T")
bench_traps

# The image: busybox-static as a one-layer image, imported into both daemons.
ROOTFS=$T/rootfs
mkdir -p "$ROOTFS/bin"
cp /bin/busybox "$ROOTFS/bin/busybox"
for app in sh sleep true echo; do ln -s busybox "$ROOTFS/bin/$app"; done

# bin/berthd builds the jar when stale and runs it with the project's JVM flags and AOT cache.
bench_start_berthd "$T/berth"
bench_make_bridge benchdkr0 10.213.0.1/24
bench_start_dockerd "$T/ref" -b benchdkr0 --iptables=false --ip-masq=false
bench_wait_daemons
BERTH_SOCK=$T/berth/berth.sock
REF_SOCK=$T/ref/docker.sock
for s in "$BERTH_SOCK" "$REF_SOCK"; do
  tar -C "$ROOTFS" -c . | "$DOCKER" -H "unix://$s" import - bench/busybox:bridge >/dev/null
done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
one() { # socket → prints ms
  local t0 t1 id
  t0=$(now_ms)
  id=$("$DOCKER" -H "unix://$1" run -d bench/busybox:bridge sleep 60)
  t1=$(now_ms)
  "$DOCKER" -H "unix://$1" inspect -f '{{.NetworkSettings.IPAddress}}' "$id" | grep -q . \
    || { echo "container on $1 has no bridge address" >&2; exit 1; }
  "$DOCKER" -H "unix://$1" rm -f "$id" >/dev/null
  echo $((t1 - t0))
}

# One warm-up run each (JIT, page cache), not counted.
one "$BERTH_SOCK" >/dev/null; one "$REF_SOCK" >/dev/null
B=(); R=()
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 )); then B+=("$(one "$BERTH_SOCK")"); R+=("$(one "$REF_SOCK")")
  else R+=("$(one "$REF_SOCK")"); B+=("$(one "$BERTH_SOCK")"); fi
done
MB=$(printf '%s\n' "${B[@]}" | median); MR=$(printf '%s\n' "${R[@]}" | median)
echo "docker run -d on the default bridge, $ROUNDS rounds (ms): berth ${B[*]}"
echo "docker run -d on the default bridge, $ROUNDS rounds (ms): dockerd ${R[*]}"
awk -v b="$MB" -v r="$MR" 'BEGIN { printf "median berth %.0f ms, dockerd %.0f ms, ratio berth/dockerd %.2fx\n", b, r, b / r }'
