#!/usr/bin/env bash
# Spark against this process's own workers, one run after another on the same machine (one table):
#   workers-1, workers-2   ./chargpt train --workers 1 / 2
#   local-2                scripts/chargpt-spark train --spark 'local[2]' (parameter averaging)
#   local-2-sharing        the same with --spark-mode sharing (gradient sharing)
#   cluster                the standalone cluster of scripts/spark-local-cluster.sh, spark-submit, averaging
#   cluster-sharing        the same with --spark-mode sharing
# Each row: characters per second over the run, seconds from start (Spark's start-up included) to
# validation loss <= TARGET, the best validation loss, peak resident memory of the driver and of the
# executor JVMs. cpu-small on tiny Shakespeare, --max-steps STEPS, --eval-every 100.
#   benchmarks/spark.sh [STEPS (800)] [TARGET (2.0)]
#   ROWS="local-2-sharing cluster-sharing" benchmarks/spark.sh ...   only those rows
# Takes the build lock (/tmp/chargpt-build.lock) for the whole run so that nothing else has the cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
steps="${1:-800}"
target="${2:-2.0}"
out="$(mktemp -d /tmp/chargpt-spark-bench.XXXXXX)"
exec 9>/tmp/chargpt-build.lock
flock 9

./chargpt --version >/dev/null
scripts/chargpt-spark --version >/dev/null

# peak RSS (MB) of the executor JVMs while $1 runs
executor_peak() {
    local pid="$1" peak=0 rss
    while kill -0 "$pid" 2>/dev/null; do
        rss="$({ ps -C java -o rss=,args= || true; } | awk '/CoarseGrainedExecutorBackend/ {s += $1} END {print int(s / 1024)}')"
        if ((rss > peak)); then peak="$rss"; fi
        sleep 1
    done
    echo "$peak"
}

# run NAME STEPS COMMAND...: the command with the run's options appended
run() {
    local name="$1" count="$2" start end
    shift 2
    if [[ -n "${ROWS:-}" && " $ROWS " != *" $name "* ]]; then return; fi
    start="$(date +%s.%N)"
    "$@" --max-steps "$count" --eval-every 100 --out "$out/$name" --charts-dir "$out/charts" >"$out/$name.log" 2>&1 &
    local pid=$!
    executor_peak "$pid" >"$out/$name.executors"
    wait "$pid" || { echo "benchmark: $name failed, see $out/$name.log" >&2; exit 1; }
    end="$(date +%s.%N)"
    echo "$start $end" >"$out/$name.wall"
}

run workers-1 "$steps" ./chargpt train --workers 1
run workers-2 "$steps" ./chargpt train --workers 2
run local-2 "$steps" scripts/chargpt-spark train --spark 'local[2]'
run local-2-sharing "$steps" scripts/chargpt-spark train --spark 'local[2]' --spark-mode sharing
if [[ -z "${ROWS:-}" || "$ROWS" == *cluster* ]]; then
scripts/spark-local-cluster.sh start >/dev/null
fi
trap 'scripts/spark-local-cluster.sh stop >/dev/null' EXIT
run cluster "$steps" scripts/spark-local-cluster.sh submit
run cluster-sharing "$steps" scripts/spark-local-cluster.sh submit --spark-mode sharing

python3 - "$out" "$target" <<'PY'
import json, re, sys, pathlib
out, target = pathlib.Path(sys.argv[1]), float(sys.argv[2])
print(f"| run | steps | chars/s | s to val <= {target} | best val | driver peak MB | executors peak MB |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for name in ["workers-1", "workers-2", "local-2", "local-2-sharing", "cluster", "cluster-sharing"]:
    if not (out / name / "history.jsonl").exists():
        continue
    rows = [json.loads(l) for l in (out / name / "history.jsonl").read_text().splitlines() if l.strip()]
    log = (out / f"{name}.log").read_text()
    batch = int(re.search(r"block (\d+), batch (\d+)", log).group(2)); block = int(re.search(r"block (\d+)", log).group(1))
    start, end = map(float, (out / f"{name}.wall").read_text().split())
    last = rows[-1]
    setup = (end - start) - last["elapsed_s"]  # start-up and shut-down: the JVM, Spark, the corpus
    train = [r for r in rows if r["train_loss"] is not None]
    chars = train[-1]["step"] * batch * block / train[-1]["elapsed_s"]
    vals = [r for r in rows if r["val_loss"] is not None]
    reached = next((r for r in vals if r["val_loss"] <= target), None)
    to_target = f"{setup + reached['elapsed_s']:.0f}" if reached else "not reached"
    peak = re.findall(r"peak (\d+) MB", log)
    executors = int((out / f"{name}.executors").read_text() or 0)
    print(f"| {name} | {train[-1]['step']} | {chars:,.0f} | {to_target} | {min(r['val_loss'] for r in vals):.4f} | "
          f"{peak[-1] if peak else '?'} | {executors or '-'} |")
print(f"\n(logs and runs in {out})")
PY
