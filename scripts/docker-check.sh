#!/usr/bin/env bash
# The CPU image, checked end to end as a user uses it (docs/gpu-and-docker.md, "The CPU image, built and run here"):
#   scripts/docker-check.sh
# 1. base images: the Dockerfile's defaults when a registry gives them; otherwise Debian stand-ins made
#    here (debootstrap + docker import; needs root, debootstrap and Debian's apt mirror);
# 2. builds the image from a clean clone of this checkout's HEAD, cold (--no-cache) and again after a
#    source edit (the dependency layer must stay cached), and prints both times and the image size;
# 3. runs `info`, `train --max-steps 30` with data/, models/ and charts/ mounted (--user "$(id -u):$(id -g)",
#    --memory 1500m) and `sample` on the result, and checks that the files on the host are the caller's;
# 4. `docker stop` in the middle of a run: a checkpoint at that step, exit 143, and `--resume` continues.
# Prints one line per check; exits 0 when all pass, 1 at the first that fails.
#
# DOCKER (default: docker) is the client; BuildKit is on (DOCKER_BUILDKIT=1). TRUSTSTORE: a Java trust
# store the build hands Maven as a secret (default: this machine's Java trust store, when there is one;
# TRUSTSTORE= for none). CORPUS: tiny Shakespeare to put in data/ (default: ../shared/data/tinyshakespeare.txt
# beside this checkout; without it the container downloads it). KEEP=1 keeps the work directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
docker="${DOCKER:-docker}"
export DOCKER_BUILDKIT=1
image="chargpt-check:latest"
standin_debian="chargpt-standin/debian:bookworm"
standin_maven="chargpt-standin/maven:3.8-jdk-17"
standin_jre="chargpt-standin/jre:17"

say() { echo "docker-check: $*"; }
fail() { echo "docker-check: FAILED: $*" >&2; exit 1; }

"$docker" info >/dev/null 2>&1 || fail "no Docker daemon answers to '$docker info'; start it (dockerd) or set DOCKER"

work="$(mktemp -d "${TMPDIR:-/tmp}/chargpt-docker-check.XXXXXX")"
cleanup() {
    "$docker" rm -f chargpt-check-train chargpt-check-stop chargpt-check-resume >/dev/null 2>&1 || true
    if [[ "${KEEP:-}" == 1 ]]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# ---- 1. base images
default_arg() { sed -n "s/^ARG $1=//p" "$root/Dockerfile"; }
maven_image="$(default_arg MAVEN_IMAGE)"
jre_image="$(default_arg JRE_IMAGE)"
available() { "$docker" image inspect "$1" >/dev/null 2>&1 || timeout 60 "$docker" pull -q "$1" >/dev/null 2>&1; }

make_standins() {
    if ! "$docker" image inspect "$standin_debian" >/dev/null 2>&1; then
        command -v debootstrap >/dev/null 2>&1 || fail "no registry gives $maven_image, and debootstrap (to make a Debian stand-in) is not installed: apt-get install debootstrap"
        [[ "$(id -u)" == 0 ]] || fail "no registry gives $maven_image; making a Debian stand-in with debootstrap needs root"
        say "making $standin_debian (debootstrap --variant=minbase bookworm) ..."
        debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
            || fail "debootstrap failed; see $work/debootstrap.log (KEEP=1 keeps it)"
        rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
        tar -C "$work/rootfs" -c . | "$docker" import - "$standin_debian" >/dev/null
        rm -rf "$work/rootfs"
    fi
    if ! "$docker" image inspect "$standin_maven" >/dev/null 2>&1; then
        say "making $standin_maven (Debian's openjdk-17-jdk-headless and maven) ..."
        "$docker" build -q -t "$standin_maven" - >/dev/null <<EOF
FROM $standin_debian
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven \\
    && rm -rf /var/lib/apt/lists/*
EOF
    fi
    if ! "$docker" image inspect "$standin_jre" >/dev/null 2>&1; then
        say "making $standin_jre (Debian's openjdk-17-jre-headless, copied whole to /opt/java/openjdk) ..."
        "$docker" build -q -t "$standin_jre" - >/dev/null <<EOF
FROM $standin_debian
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \\
    && rm -rf /var/lib/apt/lists/* && mkdir -p /opt/java \\
    && cp -rL "/usr/lib/jvm/java-17-openjdk-\$(dpkg --print-architecture)" /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
EOF
    fi
    maven_image="$standin_maven"
    jre_image="$standin_jre"
}

if available "$maven_image" && available "$jre_image"; then
    say "ok: base images $maven_image and $jre_image"
else
    make_standins
    say "ok: no registry gives the Dockerfile's base images; stand-ins $maven_image and $jre_image"
fi

# ---- 2. build from a clean clone, cold and after a source edit
git clone -q "$root" "$work/clone"
build_args=(--build-arg "MAVEN_IMAGE=$maven_image" --build-arg "JRE_IMAGE=$jre_image")
if [[ -z "${TRUSTSTORE+set}" ]]; then
    for store in "${JAVA_HOME:-/nonexistent}/lib/security/cacerts" /etc/ssl/certs/java/cacerts; do
        if [[ -s "$store" ]]; then TRUSTSTORE="$store"; break; fi
    done
fi
if [[ -n "${TRUSTSTORE:-}" ]]; then
    build_args+=(--secret "id=truststore,src=$TRUSTSTORE")
fi

build() { # build LOG [extra docker build options]: seconds on stdout
    local log="$1" start end
    shift
    start=$(date +%s)
    if ! (cd "$work/clone" && "$docker" build --progress=plain "${build_args[@]}" "$@" -t "$image" .) >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        fail "docker build failed (the end of its log is above)"
    fi
    end=$(date +%s)
    echo $((end - start))
}

cold=$(build "$work/build-cold.log" --no-cache)
size=$("$docker" image inspect -f '{{.Size}}' "$image")
say "ok: built $image from a clean clone in ${cold} s (--no-cache), image size $((size / 1000000)) MB"

# a source edit: a comment at the end of one Java file
main_java="src/main/java/dev/chargpt/cli/Main.java"
echo "// docker-check: a source edit" >>"$work/clone/$main_java"
warm=$(build "$work/build-warm.log")
grep -q "dependency:go-offline" "$work/build-warm.log" || fail "no go-offline step in the build log"
if ! grep -A2 "image-maven dependency:go-offline" "$work/build-warm.log" | grep -q CACHED; then
    fail "after a source edit the dependency layer was built again (see $work/build-warm.log)"
fi
say "ok: rebuilt after a source edit in ${warm} s, the dependency layer cached"

# ---- 3. run it as the README and docs/gpu-and-docker.md do
host="$work/host"
mkdir -p "$host/data" "$host/models" "$host/charts"
corpus="${CORPUS:-$root/../shared/data/tinyshakespeare.txt}"
if [[ -f "$corpus" ]]; then
    cp "$corpus" "$host/data/tinyshakespeare.txt"
fi
run_args=(--user "$(id -u):$(id -g)" -v "$host/data:/app/data" -v "$host/models:/app/models" -v "$host/charts:/app/charts")

"$docker" run --rm "$image" info >"$work/info.log" 2>&1 || { cat "$work/info.log" >&2; fail "info failed"; }
grep -qi "nd4j\|backend" "$work/info.log" || { cat "$work/info.log" >&2; fail "info printed no backend"; }
say "ok: info ($(grep -i -m1 "openblas\|backend" "$work/info.log" | sed 's/^ *//'))"

name="chargpt-check-train"
"$docker" rm -f "$name" >/dev/null 2>&1 || true
status=0
"$docker" run --name "$name" --memory 1500m "${run_args[@]}" "$image" train --max-steps 30 --out models/check \
    >"$work/train.log" 2>&1 || status=$?
oom=$("$docker" inspect -f '{{.State.OOMKilled}}' "$name")
"$docker" rm "$name" >/dev/null
[[ "$status" == 0 ]] || { tail -n 20 "$work/train.log" >&2; fail "train --max-steps 30 exited with $status (OOM killed: $oom)"; }
[[ "$oom" == false ]] || fail "train --max-steps 30 was killed for memory under --memory 1500m"
for file in models/check/latest.zip models/check/best.zip models/check/history.jsonl charts/check/loss.png; do
    [[ -s "$host/$file" ]] || fail "train wrote no $file on the host"
done
say "ok: train --max-steps 30 under --memory 1500m wrote models/check and charts/check/loss.png on the host"

"$docker" run --rm "${run_args[@]}" "$image" sample --model models/check --length 200 --seed 1 >"$work/sample.log" 2>&1 \
    || { cat "$work/sample.log" >&2; fail "sample failed"; }
[[ $(wc -c <"$work/sample.log") -ge 200 ]] || { cat "$work/sample.log" >&2; fail "sample printed too little"; }
say "ok: sample --model models/check"

# ---- 4. docker stop in the middle of a run, then --resume
stop_name="chargpt-check-stop"
"$docker" rm -f "$stop_name" >/dev/null 2>&1 || true
"$docker" run -d --name "$stop_name" "${run_args[@]}" "$image" train --out models/stopped --max-steps 2000 >/dev/null
for _ in $(seq 1 120); do
    "$docker" logs "$stop_name" 2>&1 | grep -q "^step " && break
    sleep 1
done
"$docker" logs "$stop_name" 2>&1 | grep -q "^step " || fail "the run to stop printed no progress line in 2 minutes"
"$docker" stop -t 120 "$stop_name" >/dev/null
code=$("$docker" inspect -f '{{.State.ExitCode}}' "$stop_name")
"$docker" logs "$stop_name" >"$work/stop.log" 2>&1
"$docker" rm "$stop_name" >/dev/null
[[ "$code" == 143 ]] || { tail -n 5 "$work/stop.log" >&2; fail "docker stop: exit $code, not 143"; }
grep -q "SIGTERM: saving after this step" "$work/stop.log" || { tail -n 5 "$work/stop.log" >&2; fail "no SIGTERM line"; }
[[ -s "$host/models/stopped/latest.zip" ]] || fail "docker stop left no models/stopped/latest.zip"
say "ok: docker stop: $(grep -m1 "SIGTERM" "$work/stop.log"), exit 143, latest.zip saved"

resume_name="chargpt-check-resume"
"$docker" rm -f "$resume_name" >/dev/null 2>&1 || true
"$docker" run --rm --name "$resume_name" "${run_args[@]}" "$image" train --resume --out models/stopped --max-steps 2000 \
    >"$work/resume.log" 2>&1 &
resume_pid=$!
for _ in $(seq 1 120); do
    grep -q "^resuming " "$work/resume.log" && break
    sleep 1
done
resumed=$(grep -m1 "^resuming " "$work/resume.log" || true)
"$docker" stop -t 120 "$resume_name" >/dev/null 2>&1 || true
wait "$resume_pid" || true
[[ "$resumed" =~ at\ step\ ([1-9][0-9,]*) ]] || { tail -n 5 "$work/resume.log" >&2; fail "--resume did not continue from a step"; }
say "ok: --resume continues: $resumed"

# ---- the host's files belong to the caller: readable and removable
foreign=$(find "$host" ! -user "$(id -u)" -print | head -n 3)
[[ -z "$foreign" ]] || fail "files on the host that are not yours: $foreign"
find "$host" -type f -exec cat {} + >/dev/null || fail "files on the host that you cannot read"
rm -rf "$host" || fail "cannot remove what the container wrote"
say "ok: the files written on the host are yours ($(id -un)), readable and removable"
say "all checks passed"
