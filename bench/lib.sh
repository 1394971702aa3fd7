# bench/lib.sh — sourced by the bench/run-*.sh scripts: the root check, the leftover-dir check,
# starting berthd and Debian's dockerd side by side (each in a dir of its own under /tmp: socket
# DIR/<name>.sock, data root DIR/data, exec root DIR/exec, pidfile and log in DIR), loading the
# fixture, the alternating timed loop with its medians, and one cleanup for the EXIT trap that
# removes the containers, stops the daemons (and any pids the script adds), deletes the reference
# bridge if one was made, unmounts and removes the dirs and removes the files it was given.
#
# The sourcing script sets what differs before calling these: BENCH_DIRS / BENCH_FILES (what the
# cleanup removes), BENCH_PID_VARS (names of further pid variables to stop, read at cleanup time).

export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DOCKER=/usr/local/bin/docker
BENCH_DIRS=()
BENCH_FILES=()
BENCH_PID_VARS=()
BENCH_BRIDGE=""
BENCH_REF=""        # dockerd's dir, set by bench_start_dockerd
BENCH_BERTH=""      # berthd's dir, set by bench_start_berthd
BENCH_REF_PID=""
BENCH_BERTH_PID=""

log() { echo "bench: $*" >&2; }

bench_need_root() { # script name, for the message
  [[ "$(id -u)" == 0 ]] || { log "needs root (sudo $1)"; exit 1; }
}

bench_require_absent() { # dir... — refuse to run over another bench's (or a leftover's) dirs
  local d
  for d in "$@"; do
    [[ -e "$d" ]] && { log "$d exists (another bench running, or a leftover): remove it first"; exit 1; }
  done
  return 0
}

stop_pid() { # pid
  local pid="$1" i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 600); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  log "pid $pid ignored SIGTERM for 30 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

bench_cleanup() {
  set +e
  local host v d
  for host in ${BENCH_REF:+"unix://$BENCH_REF/docker.sock"} ${BENCH_BERTH:+"unix://$BENCH_BERTH/berth.sock"}; do
    DOCKER_HOST="$host" timeout 30 "$DOCKER" ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="$host" timeout 60 "$DOCKER" rm -f >/dev/null 2>&1
  done
  stop_pid "$BENCH_REF_PID"
  stop_pid "$BENCH_BERTH_PID"
  for v in "${BENCH_PID_VARS[@]}"; do stop_pid "${!v}"; done
  [[ -n "$BENCH_BRIDGE" ]] && ip link show "$BENCH_BRIDGE" >/dev/null 2>&1 && ip link del "$BENCH_BRIDGE"
  for d in "${BENCH_DIRS[@]}"; do
    # Unmount whatever a daemon left below the dir before removing it (deepest first).
    awk -v p="$d/" 'index($5, p) == 1 {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l
    rm -rf "$d"
  done
  rm -rf "${BENCH_FILES[@]}"
}

bench_traps() {
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_fixture() { # tar path — the project's busybox fixture as busybox:latest
  "$BENCH_ROOT/bin/berth-fixture" busybox "$1" busybox:latest >/dev/null
}

bench_make_bridge() { # name address/prefix — a bridge of dockerd's own (no docker0); deleted at cleanup
  BENCH_BRIDGE="$1"
  ip link add "$1" type bridge
  ip addr add "$2" dev "$1"
  ip link set "$1" up
}

bench_start_dockerd() { # dir [dockerd flags...] — in the background, on unix://dir/docker.sock
  local dir="$1"; shift
  BENCH_REF="$dir"
  mkdir -p "$dir"
  dockerd -H "unix://$dir/docker.sock" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/docker.pid" "$@" >"$dir/dockerd.log" 2>&1 &
  BENCH_REF_PID=$!
}

bench_start_berthd() { # dir [launcher...] — in the background, on unix://dir/berth.sock; launcher: bin/berthd
  local dir="$1"; shift
  (($#)) || set -- "$BENCH_ROOT/bin/berthd"
  BENCH_BERTH="$dir"
  mkdir -p "$dir"
  "$@" -H "unix://$dir/berth.sock" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/berthd.pid" >"$dir/berthd.log" 2>&1 &
  BENCH_BERTH_PID=$!
}

wait_ready() { # host name log
  local i
  for i in $(seq 600); do
    DOCKER_HOST="$1" "$DOCKER" version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "$2 did not come up; its log:"; cat "$3" >&2; exit 1
}

bench_wait_daemons() {
  wait_ready "unix://$BENCH_REF/docker.sock" dockerd "$BENCH_REF/dockerd.log"
  wait_ready "unix://$BENCH_BERTH/berth.sock" berthd "$BENCH_BERTH/berthd.log"
}

bench_load() { # tar path — into both daemons
  local host
  for host in "unix://$BENCH_REF/docker.sock" "unix://$BENCH_BERTH/berth.sock"; do
    DOCKER_HOST="$host" "$DOCKER" load -q -i "$1" >/dev/null
  done
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# bench_alternate n fn [args...]: runs `fn host args...` (which prints milliseconds) n times against
# each daemon, alternating which goes first; sets REF_MEDIAN, BERTH_MEDIAN and RATIO (berthd/dockerd).
bench_alternate() {
  local n="$1" fn="$2"; shift 2
  local ref="unix://$BENCH_REF/docker.sock" berth="unix://$BENCH_BERTH/berth.sock" rf bf i
  rf="$(mktemp)"; bf="$(mktemp)"
  for i in $(seq "$n"); do
    if (( i % 2 )); then
      "$fn" "$ref" "$@" >>"$rf"
      "$fn" "$berth" "$@" >>"$bf"
    else
      "$fn" "$berth" "$@" >>"$bf"
      "$fn" "$ref" "$@" >>"$rf"
    fi
  done
  REF_MEDIAN="$(median <"$rf")"; BERTH_MEDIAN="$(median <"$bf")"
  RATIO="$(awk -v b="$BERTH_MEDIAN" -v r="$REF_MEDIAN" 'BEGIN {printf "%.2f", b / r}')"
  rm -f "$rf" "$bf"
}
