#!/usr/bin/env bash
# chargpt against the PyTorch reference (benchmarks/reference), both sides in one run, one table.
#
#   benchmarks/run.sh                      speed: train ms/step (cpu-small 60 steps, gpu-baby 3 steps; ~40 min),
#                                          generation chars/s (500 chars, cpu-small), peak RSS, ratios,
#                                          each side at 1, 2 and 1x2 (1 OpenMP + 2 BLAS) threads
#   benchmarks/run.sh --gpu-baby-steps 0   the same without gpu-baby (minutes instead of ~25)
#   benchmarks/run.sh --time-to-quality [--chargpt-history models/<run>/history.jsonl]
#                                          seconds until validation loss <= 1.88 on tiny Shakespeare
#   benchmarks/run.sh --workers 2          2 workers in one process against 2 one-worker processes side by
#                                          side (the machine's ceiling), interleaved rounds (~4 min)
#   benchmarks/run.sh --time-to-quality --target 1.90 --nanogpt DIR
#                                          nanoGPT's own CPU recipe (DIR: a checkout of karpathy/nanoGPT) and
#                                          the default ./chargpt train, seconds from start to validation <= 1.90
#   benchmarks/run.sh --help               every option (benchmarks/compare.py)
#
# Needs: a JDK 17 and Maven (chargpt is compiled here, offline), and Debian's PyTorch with OpenBLAS:
#   apt-get install -y python3-torch libopenblas0-pthread
# Without OpenBLAS, Debian's torch falls back to the reference BLAS (~6 GFLOP/s) and the comparison
# would flatter chargpt: this script refuses to run then.
# Every measurement takes the lock file (default /tmp/chargpt-build.lock) so that it has the cores.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
python="${PYTHON:-/usr/bin/python3}"
lock="/tmp/chargpt-build.lock"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    [[ "${args[$i]}" == "--lock" ]] && lock="${args[$((i + 1))]:-}"
    [[ "${args[$i]}" == --lock=* ]] && lock="${args[$i]#--lock=}"
done
locked() { if [[ -n "$lock" ]]; then flock "$lock" "$@"; else "$@"; fi; }

for arg in "$@"; do
    if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then exec "$python" benchmarks/compare.py --help; fi
done

if ! "$python" -c 'import torch' 2>/dev/null; then
    echo "run.sh: $python cannot import torch; install it: apt-get install -y python3-torch libopenblas0-pthread (or set PYTHON=)" >&2
    exit 1
fi
blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)"
if [[ "$blas" != *openblas* && "$blas" != *mkl* && "$blas" != *blis* ]]; then
    echo "run.sh: libblas.so.3 is '$blas', not an optimised BLAS; PyTorch would be ~10x too slow." >&2
    echo "        install OpenBLAS: apt-get install -y libopenblas0-pthread" >&2
    exit 1
fi

needs_chargpt=1
for arg in "$@"; do
    case "$arg" in
        --time-to-quality|--side=pytorch) needs_chargpt=0 ;;
    esac
done
if [[ " $* " == *" --side pytorch "* ]]; then needs_chargpt=0; fi

cp_args=()
if [[ $needs_chargpt == 1 ]]; then
    # The benchmark programs (dev.chargpt.bench) live in the test source set, out of the shipped jar:
    # test-compile builds them into target/test-classes. They need only chargpt's runtime dependencies.
    echo "run.sh: compiling chargpt and its benchmark programs (mvn -o -q test-compile) ..." >&2
    locked mvn -o -q test-compile >&2
    classpath_file="target/bench-classpath.txt"
    if [[ ! -s "$classpath_file" || pom.xml -nt "$classpath_file" ]]; then
        locked mvn -o -q dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$classpath_file" >&2
    fi
    cp_args=(--classpath "target/test-classes:target/classes:$(cat "$classpath_file")")
fi

exec "$python" benchmarks/compare.py "${cp_args[@]}" "$@"
