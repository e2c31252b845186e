"""Recipe harness: which training recipe reaches a validation loss on the fewest characters and seconds.

    benchmarks/recipe.sh [--settings FILE] [--seeds 1337,7] [--eval-every 125] [--targets 1.90,1.75]
                         [--out DIR] [--lock FILE] [--only NAME,...] [--table-only]

Each setting is one line of FILE (default benchmarks/recipes.txt): a name, then the `chargpt train`
options it adds to the default run (`./chargpt train` on tiny Shakespeare), e.g.

    wsd        --schedule wsd --min-learning-rate 0

Each setting trains once per seed, one run at a time (each run holds the lock file, so that nothing
else built or timed on this machine shares its cores), with `--eval-every` validation points, and
writes its run directory under --out. Per setting the table gives, as the mean of its seeds (each
seed's value in brackets where they differ):
  - characters (millions) and wall seconds of training to the first validation point at or below each
    target (wall seconds are the run's own elapsed_s: steps, validation points, checkpoints, charts);
  - the validation loss at the end of the run (the whole split), each run at the end of its own schedule;
  - ms per step (median of the gaps between consecutive steps without a validation point between them)
    and peak resident memory (GNU time's maximum resident set size).
Characters do not depend on the machine; seconds do: compare them only within one table.
A run whose directory already holds a finished history is not trained again (--table-only: none is).
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--settings", default=os.path.join(HERE, "recipes.txt"))
    p.add_argument("--seeds", default="1337,7")
    p.add_argument("--eval-every", type=int, default=125)
    p.add_argument("--targets", default="1.90,1.75")
    p.add_argument("--out", default=os.path.join(ROOT, "models", "recipe"))
    p.add_argument("--lock", default="/tmp/chargpt-build.lock", help="lock file each run holds; '' for none")
    p.add_argument("--only", default="", help="comma-separated setting names to run (default: all)")
    p.add_argument("--table-only", action="store_true", help="train nothing; tabulate the runs already in --out")
    return p.parse_args()


def read_settings(path):
    settings = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                name, _, options = line.partition(" ")
                settings.append((name, shlex.split(options)))
    return settings


def history(run_dir):
    rows = []
    path = os.path.join(run_dir, "history.jsonl")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
    return rows


def config(run_dir):
    props = {}
    path = os.path.join(run_dir, "config.properties")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                key, _, value = line.strip().partition("=")
                props[key] = value
    return props


def finished(run_dir):
    done = os.path.join(run_dir, "done")
    return os.path.exists(done)


def train(run_dir, options, seed, eval_every, lock):
    os.makedirs(os.path.dirname(run_dir), exist_ok=True)
    command = ["./chargpt", "train", "--out", run_dir, "--seed", str(seed), "--eval-every", str(eval_every),
               "--sample-length", "0", "--charts-dir", os.path.join(os.path.dirname(run_dir), "charts")] + options
    timed = ["/usr/bin/time", "-f", "peak_kb=%M", "-o", os.path.join(run_dir + ".time")] + command
    if lock:
        timed = ["flock", lock] + timed
    print("  $ " + " ".join(shlex.quote(c) for c in command), flush=True)
    with open(run_dir + ".log", "w", encoding="utf-8") as log:
        code = subprocess.call(timed, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    if code != 0:
        raise SystemExit(f"recipe.py: the run in {run_dir} failed (exit {code}); see {run_dir}.log")
    open(os.path.join(run_dir, "done"), "w").close()


def measure(run_dir, targets):
    rows = history(run_dir)
    props = config(run_dir)
    chars_per_step = int(props["batchSize"]) * int(props["model.blockSize"])
    validation = [r for r in rows if r["val_loss"] is not None]
    # the run's last point scores the whole validation split, at the end of the run's own schedule
    result = {"best": validation[-1]["val_loss"], "steps": max(r["step"] for r in rows)}
    for target in targets:
        hit = next((r for r in validation if r["val_loss"] <= target), None)
        result[target] = None if hit is None else (hit["step"] * chars_per_step / 1e6, hit["elapsed_s"])
    # ms per step from consecutive training rows with no validation point between them
    validated = {r["step"] for r in validation}
    train_rows = [r for r in rows if r["train_loss"] is not None]
    gaps = [(b["elapsed_s"] - a["elapsed_s"]) * 1000 / (b["step"] - a["step"])
            for a, b in zip(train_rows, train_rows[1:]) if b["step"] > a["step"] and b["step"] not in validated
            and a["step"] not in validated]
    result["ms_per_step"] = statistics.median(gaps) if gaps else None
    result["validation_points"] = len(validation)
    peak = None
    time_file = run_dir + ".time"
    if os.path.exists(time_file):
        with open(time_file, encoding="utf-8") as f:
            for line in f:
                if line.startswith("peak_kb="):
                    peak = int(line.split("=")[1]) / 1024
    result["peak_mb"] = peak
    return result


def cell(values, fmt):
    present = [v for v in values if v is not None]
    if len(present) < len(values):
        return "not reached" if not present else fmt(statistics.mean(present)) + " (" + "/".join(
            "-" if v is None else fmt(v) for v in values) + ")"
    mean = fmt(statistics.mean(present))
    each = [fmt(v) for v in present]
    return mean if len(set(each)) == 1 else f"{mean} ({'/'.join(each)})"


def main():
    args = parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    targets = [float(t) for t in args.targets.split(",")]
    only = set(filter(None, args.only.split(",")))
    settings = [s for s in read_settings(args.settings) if not only or s[0] in only]
    results = {}
    for name, options in settings:
        for seed in seeds:
            run_dir = os.path.join(args.out, f"{name}-seed{seed}")
            if not args.table_only and not finished(run_dir):
                if os.path.exists(run_dir):
                    subprocess.call(["rm", "-rf", run_dir])
                print(f"{name}, seed {seed}:", flush=True)
                train(run_dir, options, seed, args.eval_every, args.lock)
            if finished(run_dir) or (args.table_only and history(run_dir)):
                results.setdefault(name, []).append(measure(run_dir, targets))
    header = ["setting", "options"]
    for t in targets:
        header += [f"M chars to {t:.2f}", f"s to {t:.2f}"]
    header += ["val at end", "ms/step", "peak MB"]
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] * 2 + ["---:"] * (len(header) - 2)) + "|")
    options_of = dict(settings)
    for name, runs in results.items():
        row = [name, "`" + (" ".join(options_of.get(name, [])) or "(default)") + "`"]
        for t in targets:
            row.append(cell([r[t][0] if r[t] else None for r in runs], lambda v: f"{v:.2f}"))
            row.append(cell([r[t][1] if r[t] else None for r in runs], lambda v: f"{v:.0f}"))
        row.append(cell([r["best"] for r in runs], lambda v: f"{v:.4f}"))
        row.append(cell([r["ms_per_step"] for r in runs], lambda v: f"{v:.0f}"))
        row.append(cell([r["peak_mb"] for r in runs], lambda v: f"{v:.0f}"))
        print("| " + " | ".join(row) + " |")
    print(f"\nseeds {', '.join(map(str, seeds))}; validation every {args.eval_every} steps; "
          f"a row's number is the mean of its seeds, each seed's in brackets where they differ")


if __name__ == "__main__":
    main()
