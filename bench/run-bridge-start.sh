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
HERE=$(cd "$(dirname "$0")/.." && pwd)

T=$(mktemp -d /tmp/bench-bridge.XXXXXX)
BERTH_SOCK=$T/berth.sock
REF_SOCK=$T/ref.sock
DKR_BRIDGE=benchdkr0
BERTH_PID=""
REF_PID=""

cleanup() {
  set +e
  for s in "$BERTH_SOCK" "$REF_SOCK"; do
    [ -S "$s" ] && docker -H "unix://$s" rm -f $(docker -H "unix://$s" ps -aq 2>/dev/null) >/dev/null 2>&1
  done
  [ -n "$BERTH_PID" ] && kill "$BERTH_PID" 2>/dev/null && wait "$BERTH_PID" 2>/dev/null
  [ -n "$REF_PID" ] && kill "$REF_PID" 2>/dev/null && wait "$REF_PID" 2>/dev/null
  ip link del "$DKR_BRIDGE" 2>/dev/null
  grep -o " $T[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

wait_sock() { # socket, log
  for _ in $(seq 1 300); do
    docker -H "unix://$1" version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "daemon on $1 did not start; log:" >&2; tail -20 "$2" >&2; exit 1
}

# The image: busybox-static as a one-layer image, imported into both daemons.
ROOTFS=$T/rootfs
mkdir -p "$ROOTFS/bin"
cp /bin/busybox "$ROOTFS/bin/busybox"
for app in sh sleep true echo; do ln -s busybox "$ROOTFS/bin/$app"; done

# bin/berthd builds the jar when stale and runs it with the project's JVM flags and AOT cache.
"$HERE/bin/berthd" -H "unix://$BERTH_SOCK" --data-root "$T/bdata" --exec-root "$T/bexec" --pidfile "$T/berth.pid" \
  >"$T/berth.log" 2>&1 &
BERTH_PID=$!

ip link add "$DKR_BRIDGE" type bridge
ip addr add 10.213.0.1/24 dev "$DKR_BRIDGE"
ip link set "$DKR_BRIDGE" up
dockerd -H "unix://$REF_SOCK" --data-root "$T/refdata" --exec-root "$T/refexec" --pidfile "$T/ref.pid" \
  -b "$DKR_BRIDGE" --iptables=false --ip-masq=false >"$T/ref.log" 2>&1 &
REF_PID=$!

wait_sock "$BERTH_SOCK" "$T/berth.log"
wait_sock "$REF_SOCK" "$T/ref.log"
for s in "$BERTH_SOCK" "$REF_SOCK"; do
  tar -C "$ROOTFS" -c . | docker -H "unix://$s" import - bench/busybox:bridge >/dev/null
done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
one() { # socket → prints ms
  local t0 t1 id
  t0=$(now_ms)
  id=$(docker -H "unix://$1" run -d bench/busybox:bridge sleep 60)
  t1=$(now_ms)
  docker -H "unix://$1" inspect -f '{{.NetworkSettings.IPAddress}}' "$id" | grep -q . \
    || { echo "container on $1 has no bridge address" >&2; exit 1; }
  docker -H "unix://$1" rm -f "$id" >/dev/null
  echo $((t1 - t0))
}

# One warm-up run each (JIT, page cache), not counted.
one "$BERTH_SOCK" >/dev/null; one "$REF_SOCK" >/dev/null
B=(); R=()
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 )); then B+=("$(one "$BERTH_SOCK")"); R+=("$(one "$REF_SOCK")")
  else R+=("$(one "$REF_SOCK")"); B+=("$(one "$BERTH_SOCK")"); fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
MB=$(median "${B[@]}"); MR=$(median "${R[@]}")
echo "docker run -d on the default bridge, $ROUNDS rounds (ms): berth ${B[*]}"
echo "docker run -d on the default bridge, $ROUNDS rounds (ms): dockerd ${R[*]}"
awk -v b="$MB" -v r="$MR" 'BEGIN { printf "median berth %.0f ms, dockerd %.0f ms, ratio berth/dockerd %.2fx\n", b, r, b / r }'
