#!/usr/bin/env bash
# The CPU image's training step against ./chargpt's on the same machine, side by side:
#   benchmarks/docker-step-time.sh [IMAGE]        (default chargpt; scripts/docker-check.sh KEEP=1 ... builds one)
# PAIRS (default 3) interleaved pairs, ./chargpt then the image, of the default run's first STEPS (default
# 200) steps each, no sample; prints each run's ms/step (the run's last progress line: the mean since its
# first step) and the medians. Both pick OpenBLAS's kernels with src/main/sh/openblas-coretype, printed
# first. CORPUS: tiny Shakespeare (default ../shared/data/tinyshakespeare.txt beside this checkout).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
docker="${DOCKER:-docker}"
image="${1:-chargpt}"
pairs="${PAIRS:-3}"
steps="${STEPS:-200}"
corpus="${CORPUS:-$root/../shared/data/tinyshakespeare.txt}"

work="$(mktemp -d "${TMPDIR:-/tmp}/chargpt-step-time.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data" "$work/models" "$work/charts"
cp "$corpus" "$work/data/tinyshakespeare.txt"

echo "OpenBLAS kernels: ./chargpt '$(sh src/main/sh/openblas-coretype)'," \
    "image '$("$docker" run --rm --entrypoint /app/image-entrypoint "$image" sh -c 'echo "${OPENBLAS_CORETYPE:-}"')'"

ms_per_step() { sed -n 's/^step .*  \([0-9][0-9]*\) ms\/step .*/\1/p' "$1" | tail -n 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

outside=()
inside=()
for i in $(seq 1 "$pairs"); do
    ./chargpt train --max-steps "$steps" --sample-length 0 --data-dir "$work/data" --models-dir "$work/models" \
        --charts-dir "$work/charts" --out "$work/models/outside-$i" >"$work/outside-$i.log" 2>&1
    outside+=("$(ms_per_step "$work/outside-$i.log")")
    "$docker" run --rm -v "$work/data:/app/data" -v "$work/models:/app/models" -v "$work/charts:/app/charts" "$image" \
        train --max-steps "$steps" --sample-length 0 --out "models/inside-$i" >"$work/inside-$i.log" 2>&1
    inside+=("$(ms_per_step "$work/inside-$i.log")")
    echo "pair $i: ./chargpt ${outside[$((i - 1))]} ms/step, image ${inside[$((i - 1))]} ms/step"
done
a=$(printf '%s\n' "${outside[@]}" | median)
b=$(printf '%s\n' "${inside[@]}" | median)
echo "median of $pairs: ./chargpt $a ms/step, image $b ms/step ($(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f%%", (b / a - 1) * 100 }'))"
