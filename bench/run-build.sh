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
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export DOCKER_BUILDKIT=0
REF=/tmp/bench-build-docker
BERTH=/tmp/bench-build-berth
FIXTURE=/tmp/bench-build-busybox.tar
CTX=/tmp/bench-build-context

bench_need_root bench/run-build.sh
bench_require_absent "$REF" "$BERTH" "$CTX"
BENCH_DIRS=("$REF" "$BERTH")
BENCH_FILES=("$FIXTURE" "$CTX")
bench_traps

mkdir -p "$REF" "$BERTH" "$CTX"
log "building the fixture and berthd"
bench_fixture "$FIXTURE"

bench_start_dockerd "$REF" --bridge none --iptables=false --ip-masq=false
bench_start_berthd "$BERTH"
bench_wait_daemons

export DOCKER_CONFIG="$BERTH/docker-config"
bench_load "$FIXTURE"

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

round() { # label [build flags...]
  local label="$1"; shift
  one_build "unix://$REF/docker.sock" "$@" >/dev/null   # warm-up (and, for "cached", fills the cache)
  one_build "unix://$BERTH/berth.sock" "$@" >/dev/null
  bench_alternate "$N" one_build "$@"
  printf "%-7s builds=%-3s dockerd median %6s ms   berthd median %6s ms   berthd/dockerd %s\n" \
    "$label" "$N" "$REF_MEDIAN" "$BERTH_MEDIAN" "$RATIO"
}

for host in "unix://$REF/docker.sock" "unix://$BERTH/berth.sock"; do
  out="$(DOCKER_HOST="$host" "$DOCKER" build -q --network none -t bench-build:1 "$CTX" 2>/dev/null)"
  DOCKER_HOST="$host" "$DOCKER" run --rm --network none bench-build:1 >/dev/null || { log "the built image does not run on $host"; exit 1; }
done

echo "10-step multi-stage docker build (classic builder), $(nproc) cores, $(uname -r), dockerd $(dockerd --version | awk '{print $3}' | tr -d ,), $(date -u +%Y-%m-%dT%H:%MZ)"
round cold --no-cache
round cached
