#!/usr/bin/env bash
# The linux-arm64 build, run on this x86-64 machine under emulation (QEMU user mode in an arm64 container):
#   scripts/arm64-check.sh
# 1. builds a jar with -Djavacpp.platform=linux-arm64 in a copy of the project (target/ stays as it is);
# 2. makes an arm64 Debian image with Debian's Java 17 runtime (debootstrap --arch=arm64 + docker import);
# 3. without the system's libgomp1: `info` must fail with the one line that says to install it;
# 4. with libgomp1: `info`, and a few training steps of a tiny model, with a sample and checkpoints.
# Needs root, Docker (DOCKER, default docker), debootstrap and qemu-user-static with its binfmt handler
# registered (docs/gpu-and-docker.md, "linux-arm64, under emulation in Docker"). CORPUS: a UTF-8 text to train on (default ../shared/data/tinyshakespeare.txt
# beside this checkout). Prints what each step printed; exits 0 when all pass, 1 at the first that fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
docker="${DOCKER:-docker}"
export DOCKER_BUILDKIT=1
base="chargpt-standin/debian-arm64:bookworm"
jre="chargpt-standin/jre-arm64:17"
jre_gomp="chargpt-standin/jre-arm64:17-libgomp1"

say() { echo "arm64-check: $*"; }
fail() { echo "arm64-check: FAILED: $*" >&2; exit 1; }

"$docker" info >/dev/null 2>&1 || fail "no Docker daemon answers to '$docker info'; start it (dockerd) or set DOCKER"
work="$(mktemp -d "${TMPDIR:-/tmp}/chargpt-arm64-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# ---- 1. the linux-arm64 jar
mkdir -p "$work/project/platform"
cp -r "$root/pom.xml" "$root/src" "$work/project/"
cp "$root/platform/pom.xml" "$work/project/platform/"
start=$(date +%s)
(cd "$work/project" && sh src/main/sh/maven-quietly "$work/build.log" -DskipTests -Djavacpp.platform=linux-arm64 package) \
    || fail "the linux-arm64 build failed"
jar="$work/project/target/chargpt.jar"
say "ok: built the linux-arm64 jar in $(($(date +%s) - start)) s, $(($(wc -c <"$jar") / 1000000)) MB"

# ---- 2. an arm64 Debian with Java 17
# docker import records the host's architecture (Docker 20.10 takes --platform there only in experimental
# mode), so no --platform below: the binaries are arm64, and QEMU's binfmt handler runs them.
"$docker" run --rm "$base" uname -m >/dev/null 2>&1 || {
    "$docker" image inspect "$base" >/dev/null 2>&1 && fail "$base does not start: register QEMU's aarch64 binfmt handler (docs/gpu-and-docker.md)"
    command -v debootstrap >/dev/null 2>&1 || fail "debootstrap is not installed: apt-get install debootstrap qemu-user-static"
    say "making $base (debootstrap --arch=arm64 --variant=minbase bookworm) ..."
    debootstrap --arch=arm64 --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
        || fail "debootstrap failed: $(tail -n 1 "$work/debootstrap.log")"
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb
    tar -C "$work/rootfs" -c . | "$docker" import - "$base" >/dev/null
    rm -rf "$work/rootfs"
}
[[ "$("$docker" run --rm "$base" uname -m)" == aarch64 ]] || fail "$base does not run as aarch64"
if ! "$docker" image inspect "$jre" >/dev/null 2>&1; then
    say "making $jre (openjdk-17-jre-headless and fonts, under emulation: minutes) ..."
    "$docker" build -q -t "$jre" - >/dev/null <<EOF
FROM $base
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \\
        fontconfig fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
EOF
fi
if ! "$docker" image inspect "$jre_gomp" >/dev/null 2>&1; then
    "$docker" build -q -t "$jre_gomp" - >/dev/null <<EOF
FROM $jre
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgomp1 \\
        && rm -rf /var/lib/apt/lists/*
EOF
fi
say "ok: images $jre (no libgomp1) and $jre_gomp"

run() { # run IMAGE ARGS...: chargpt in an arm64 container, the jar and a work folder mounted
    local image="$1"
    shift
    "$docker" run --rm -v "$jar:/app/chargpt.jar:ro" -v "$work/run:/app/run" -w /app/run \
        -e OMP_NUM_THREADS=1 -e OPENBLAS_NUM_THREADS=1 "$image" \
        java -Djava.awt.headless=true -Xmx640m -jar /app/chargpt.jar "$@"
}
mkdir -p "$work/run/data"

# ---- 3. without libgomp1: one line on stderr (info prints its first lines, which need no ND4J, before)
status=0
run "$jre" info >"$work/no-gomp.out" 2>"$work/no-gomp.log" || status=$?
sed 's/^/    /' "$work/no-gomp.out" "$work/no-gomp.log"
[[ "$status" != 0 ]] || fail "info worked without libgomp1: what does the jar bring?"
[[ "$(wc -l <"$work/no-gomp.log")" -eq 1 ]] || fail "without libgomp1, info printed more than one line on stderr"
grep -q "install libgomp1 (Debian/Ubuntu: apt-get install libgomp1)" "$work/no-gomp.log" || fail "the line does not name libgomp1"
say "ok: without libgomp1, info says so in one line and exits $status"

# ---- 4. with libgomp1: info and a few steps
start=$(date +%s)
run "$jre_gomp" info >"$work/info.log" 2>&1 || { cat "$work/info.log" >&2; fail "info failed with libgomp1"; }
sed 's/^/    /' "$work/info.log"
say "ok: info under emulation in $(($(date +%s) - start)) s"

corpus="${CORPUS:-$root/../shared/data/tinyshakespeare.txt}"
[[ -f "$corpus" ]] || fail "no text to train on: set CORPUS"
head -c 200000 "$corpus" >"$work/run/data/text.txt"
start=$(date +%s)
run "$jre_gomp" train --corpus data/text.txt --layers 1 --heads 2 --width 32 --block-size 32 --batch-size 4 --workers 1 \
    --max-steps 4 --sample-length 100 --out models/tiny --charts-dir charts >"$work/train.log" 2>&1 \
    || { cat "$work/train.log" >&2; fail "training under emulation failed"; }
sed 's/^/    /' "$work/train.log"
for file in models/tiny/latest.zip models/tiny/best.zip charts/tiny/loss.png; do
    [[ -s "$work/run/$file" ]] || fail "no $file"
done
say "ok: train --max-steps 4 on linux-arm64 under emulation in $(($(date +%s) - start)) s: checkpoints, a sample, the chart"
say "all checks passed"
