"""chargpt against the PyTorch reference, on this machine, in one run. Called by benchmarks/run.sh.

Speed mode (default), for each thread setting (--threads, default 1,2,1x2; OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS for both sides, plus torch.set_num_threads; "1x2" = 1 OpenMP, 2 BLAS threads):
  chargpt  dev.chargpt.bench.StepBenchmark <preset>:<steps>  (TrainingStep; DL4J's layer-by-layer fit shown too)
           dev.chargpt.bench.GenerationBenchmark <chars> 3   (if compiled; else marked "not built")
           (both in the test source set, target/test-classes: benchmarks are not in the shipped jar)
  PyTorch  benchmarks/reference/bench.py                      (model.py: the same model and step)
and prints one table: median ms per training step (cpu-small and gpu-baby), characters per second
generating on cpu-small, peak resident memory, each side at 1 and 2 threads, the best of each, and
the ratios. Every measurement runs in its own process under `flock <lock>`, so a build or another
benchmark never shares the cores with it.

Time-to-quality mode (--time-to-quality): runs benchmarks/reference/time_to_quality.py (nanoGPT's CPU
recipe, tiny Shakespeare, validation loss on the whole validation split) and, if --chargpt-history
names a chargpt run's history.jsonl, reads chargpt's side from it (first row with val_loss <= target:
elapsed_s, step; last val_loss). chargpt's run is not started here: train it first, e.g.
`./chargpt train --preset cpu-small ...`, then pass its models/<run>/history.jsonl.

Contract with GenerationBenchmark's output (parsed by regex GEN_LINE): lines
  "full window      500 chars      96.1 chars/s ..."
  "kv cache exact   500 chars     648.3 chars/s ..."   (slides by one: the same text as the full window)
  "kv cache shift   500 chars    2648.3 chars/s ..."   (chargpt sample's default context policy)
(optionally "median 1.234 s" before the rate)
Peak RSS of that JVM is measured from outside (wait4 of its process tree).
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, "benchmarks", "reference")
RECORDS = []


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def thread_env(threads):
    """"2": 2 OpenMP and 2 BLAS threads; "1x2": 1 OpenMP (torch intra-op / ND4J ops) and 2 BLAS threads."""
    parts = str(threads).split("x")
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = parts[0]
    env["OPENBLAS_NUM_THREADS"] = parts[-1]
    env["MKL_NUM_THREADS"] = parts[-1]
    # Both sides run OpenBLAS, whose own CPU detection can fall back to generic kernels on CPUs newer
    # than it (both do on Sapphire Rapids): give both the kernels ./chargpt picks, unless set already.
    if not env.get("OPENBLAS_CORETYPE"):
        core = subprocess.run(["sh", os.path.join(ROOT, "src", "main", "sh", "openblas-coretype")],
                              capture_output=True, text=True).stdout.strip()
        if core:
            env["OPENBLAS_CORETYPE"] = core
    return env


def label(threads):
    return f"{threads}t" if "x" not in str(threads) else str(threads)


def run(cmd, env, lock):
    """Runs cmd (under flock if lock), returns (stdout, peak RSS MB of the whole process tree)."""
    if lock:
        cmd = ["flock", lock] + cmd
    log("  $ " + " ".join(("<classpath>" if len(c) > 200 else c) for c in cmd))
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        log(out)
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return out, usage.ru_maxrss / 1024.0


def java_cmd(classpath, main, *args):
    return ["java", "-cp", classpath, main] + list(args)


STEP_LINE = re.compile(r"^(\S+)\s+(step|layered|plain)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(-?\d+) MB")
GEN_LINE = re.compile(r"^(full window|kv cache exact|kv cache shift)\s+(\d+) chars\s+(?:median\s+([\d.]+) s\s+)?([\d.]+) chars/s")


def chargpt_steps(classpath, preset, steps, threads, lock):
    out, _ = run(java_cmd(classpath, "dev.chargpt.bench.StepBenchmark", f"{preset}:{steps}"), thread_env(threads), lock)
    found = {}
    for line in out.splitlines():
        m = STEP_LINE.match(line.strip())
        if m and m.group(1) == preset:
            rec = {"kind": "train", "side": "chargpt", "variant": m.group(2), "preset": preset, "threads": threads,
                   "steps": int(m.group(3)), "median_ms": float(m.group(4)), "p90_ms": float(m.group(5)),
                   "chars_per_s": int(m.group(6)), "peak_rss_mb": int(m.group(7))}
            RECORDS.append(rec)
            found[m.group(2)] = rec
    if "step" not in found:
        log(out)
        raise SystemExit("could not read StepBenchmark's output")
    return found


def chargpt_generation(classpath, chars, threads, lock):
    if not os.path.exists(os.path.join(ROOT, "target", "test-classes", "dev", "chargpt", "bench", "GenerationBenchmark.class")):
        return None  # HOOK: dev.chargpt.bench.GenerationBenchmark not built yet
    out, rss = run(java_cmd(classpath, "dev.chargpt.bench.GenerationBenchmark", str(chars), "3"), thread_env(threads), lock)
    found = {}
    for line in out.splitlines():
        m = GEN_LINE.match(line.strip())
        if m:
            variant = {"full window": "plain", "kv cache exact": "cached", "kv cache shift": "cached-shift"}[m.group(1)]
            rec = {"kind": "generate", "side": "chargpt", "variant": variant, "threads": threads,
                   "chars": int(m.group(2)), "chars_per_s": float(m.group(4)), "peak_rss_mb": round(rss)}
            RECORDS.append(rec)
            found[variant] = rec
    same = re.search(r"same text: (true|false)", out)
    if same:
        for rec in found.values():
            rec["same_text"] = same.group(1) == "true"
    if not found:
        log(out)
        raise SystemExit("could not read GenerationBenchmark's output (see GEN_LINE in compare.py)")
    return found


def pytorch(python, cases, threads, lock):
    cmd = [python, os.path.join(REFERENCE, "bench.py"), "--threads", str(threads), "--cases", cases]
    if lock:
        cmd += ["--lock", lock]
    out, _ = run(cmd, thread_env(threads), None)  # bench.py takes the lock per child itself
    recs = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    RECORDS.extend(recs)
    return recs


def fmt(value, digits=1):
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}"


def best(by_threads, key, lower_is_better):
    items = [(t, r) for t, r in by_threads.items() if r is not None and r.get(key) is not None]
    if not items:
        return None, None
    t, r = (min if lower_is_better else max)(items, key=lambda tr: tr[1][key])
    return t, r


def speed(args):
    """Measures (every record goes to RECORDS and, at once, to --json), then renders the table."""
    threads = args.threads.split(",")
    presets = [("cpu-small", args.cpu_small_steps)] if args.cpu_small_steps > 0 else []
    if args.gpu_baby_steps > 0:
        presets.append(("gpu-baby", args.gpu_baby_steps))
    hook_missing = False
    for t in threads:
        log(f"== threads {t} (OpenMP x BLAS)")
        for preset, steps in presets:
            if args.side in ("both", "chargpt"):
                chargpt_steps(args.classpath, preset, steps, t, args.lock)
            if args.side in ("both", "pytorch"):
                pytorch(args.python, f"{preset}:{steps}", t, args.lock)
            flush_json(args)
        if args.gen_chars > 0:
            if args.side in ("both", "chargpt"):
                hook_missing |= chargpt_generation(args.classpath, args.gen_chars, t, args.lock) is None
            if args.side in ("both", "pytorch"):
                pytorch(args.python, f"generate:{args.gen_chars}", t, args.lock)
            flush_json(args)
    render(RECORDS)
    if hook_missing:
        print("\nchargpt generation: dev.chargpt.bench.GenerationBenchmark is not built (HOOK in compare.py: chargpt_generation)")


CEILING_ROW = re.compile(r"^(one|ceiling|workers)\s+(.+?)\s+([\d.]+)\s+(\d+)\s+([\d.]+)x\s+(-?\d+) MB")


def workers_ceiling(args):
    """--workers N: N workers in one process against N one-worker processes side by side (the machine's
    ceiling), dev.chargpt.bench.WorkerCeiling, with the launcher's environment (one OpenMP and one BLAS
    thread per worker, its malloc threshold)."""
    env = thread_env("1")
    env.setdefault("MALLOC_MMAP_THRESHOLD_", launcher_malloc_threshold())
    out, _ = run(java_cmd(args.classpath, "dev.chargpt.bench.WorkerCeiling", str(args.workers), "cpu-small",
                          str(args.cpu_small_steps), str(args.rounds)), env, args.lock)
    rows = {}
    for line in out.splitlines():
        m = CEILING_ROW.match(line.strip())
        if m:
            rows[m.group(1)] = {"kind": "workers", "row": m.group(1), "what": m.group(2), "ms_per_step": float(m.group(3)),
                                "chars_per_s": int(m.group(4)), "x_one": float(m.group(5)), "peak_rss_mb": int(m.group(6)),
                                "workers": args.workers}
    if set(rows) != {"one", "ceiling", "workers"}:
        log(out)
        raise SystemExit("could not read WorkerCeiling's output")
    RECORDS.extend(rows.values())
    print()
    print(f"workers against the machine's ceiling: cpu-small, {args.workers} workers, {args.rounds} interleaved rounds"
          f" of {args.cpu_small_steps} steps, the median round of each row")
    print(f"machine: {os.cpu_count()} CPUs; {cpu_model()}; OPENBLAS_CORETYPE={env.get('OPENBLAS_CORETYPE')},"
          f" MALLOC_MMAP_THRESHOLD_={env.get('MALLOC_MMAP_THRESHOLD_')}")
    print()
    header = ["row", "what", "ms/step", "chars/s", "x one process", "peak RSS MB"]
    print_table(header, [[r["row"], r["what"], fmt(r["ms_per_step"]), fmt(r["chars_per_s"], 0), f"{r['x_one']:.2f}x",
                          fmt(r["peak_rss_mb"], 0)] for r in (rows["one"], rows["ceiling"], rows["workers"])])
    ratio = rows["workers"]["chars_per_s"] / rows["ceiling"]["chars_per_s"]
    print(f"\nworkers / ceiling = {ratio:.2f} (goal: at least 0.9)")
    for line in out.splitlines():
        if line.startswith("workers / ceiling"):
            print("per round: " + line.split("rounds:", 1)[1].strip(" )"))


def launcher_malloc_threshold():
    """The MALLOC_MMAP_THRESHOLD_ that ./chargpt exports, read from the launcher (one owner)."""
    with open(os.path.join(ROOT, "chargpt")) as f:
        m = re.search(r"export MALLOC_MMAP_THRESHOLD_=(\d+)", f.read())
    if not m:
        raise SystemExit("could not read MALLOC_MMAP_THRESHOLD_ from ./chargpt")
    return m.group(1)


def flush_json(args, _written=[0]):
    if args.json:
        with open(args.json, "a") as f:
            for r in RECORDS[_written[0]:]:
                f.write(json.dumps(r) + "\n")
        _written[0] = len(RECORDS)


def render(records):
    """The speed table from measurement records (also: --from-json FILE re-renders a saved run)."""
    threads = []
    for r in records:
        t = str(r.get("threads"))
        if r.get("kind") in ("train", "generate") and t not in threads:
            threads.append(t)
    train = {}   # (side, variant, preset) -> {threads: record}
    gen = {}     # (side, variant) -> {threads: record}
    presets = []
    for r in records:
        t = str(r.get("threads"))
        if r.get("kind") == "train":
            variant = r.get("variant", "layered" if r["side"] == "chargpt" else "reference")
            train.setdefault((r["side"], variant, r["preset"]), {})[t] = r
            if (r["preset"], r["steps"]) not in presets:
                presets.append((r["preset"], r["steps"]))
        elif r.get("kind") == "generate":
            gen.setdefault((r["side"], r["variant"]), {})[t] = r
            gen_chars = r["chars"]

    header = ["metric"] + [f"chargpt {label(t)}" for t in threads] + [f"PyTorch {label(t)}" for t in threads] + \
             ["chargpt best", "PyTorch best", "chargpt/PyTorch"]
    rows = []

    def row(title, side_a, side_b, key, lower_is_better, digits=1, pick=None):
        """pick: (threads of a, threads of b) to report instead of the best by key (for memory)."""
        a = side_a or {}
        b = side_b or {}
        ta, ra = best(a, key, lower_is_better) if pick is None else (pick[0], a.get(pick[0]) if pick[0] else None)
        tb, rb = best(b, key, lower_is_better) if pick is None else (pick[1], b.get(pick[1]) if pick[1] else None)
        cells = [title] + [fmt((a.get(t) or {}).get(key), digits) for t in threads] + \
                [fmt((b.get(t) or {}).get(key), digits) for t in threads]
        cells.append(f"{fmt(ra[key], digits)} ({label(ta)})" if ra else "-")
        cells.append(f"{fmt(rb[key], digits)} ({label(tb)})" if rb else "-")
        cells.append(f"{ra[key] / rb[key]:.2f}x" if ra and rb and rb[key] else "-")
        rows.append(cells)
        return ta, tb

    def chargpt_main(preset):
        """The training loop's step ("step"); records from before it existed name DL4J's fit "layered"."""
        return "step" if train.get(("chargpt", "step", preset)) else "layered"

    fastest = {}
    for preset, steps in presets:
        main = chargpt_main(preset)
        fastest[preset] = row(f"{preset} train ms/step (median of {steps})", train.get(("chargpt", main, preset)),
                              train.get(("pytorch", "reference", preset)), "median_ms", True)
        if main == "step" and train.get(("chargpt", "layered", preset)):
            row(f"  {preset} chargpt via DL4J's layer-by-layer fit", train.get(("chargpt", "layered", preset)), None,
                "median_ms", True)
        if train.get(("chargpt", "plain", preset)):
            row(f"  {preset} chargpt plain SameDiff graph", train.get(("chargpt", "plain", preset)), None,
                "median_ms", True)
    for preset, _ in presets:
        row(f"{preset} train peak RSS MB (at fastest)", train.get(("chargpt", chargpt_main(preset), preset)),
            train.get(("pytorch", "reference", preset)), "peak_rss_mb", True, 0, pick=fastest[preset])
    if gen:
        n = gen_chars
        c_cached, c_plain = gen.get(("chargpt", "cached")), gen.get(("chargpt", "plain"))
        c_shift = gen.get(("chargpt", "cached-shift"))
        fast = row(f"generate {n}: chargpt sample (cached, shift) vs PyTorch plain, chars/s", c_shift,
                   gen.get(("pytorch", "plain")), "chars_per_s", False)
        row(f"generate {n}: cached, context shift, both", c_shift, gen.get(("pytorch", "cached-shift")),
            "chars_per_s", False)
        row(f"generate {n}: cached, exact, both", c_cached, gen.get(("pytorch", "cached")), "chars_per_s", False)
        row(f"generate {n}: full window, both", c_plain, gen.get(("pytorch", "plain")), "chars_per_s", False)
        row("generation peak RSS MB (at fastest)", c_shift, gen.get(("pytorch", "plain")), "peak_rss_mb", True, 0, pick=fast)

    envs = [r for r in records if r.get("kind") == "env"]
    print()
    print("chargpt vs PyTorch reference: the same model and training step, same machine, same run")
    print(f"machine: {os.cpu_count()} CPUs; {cpu_model()}")
    for e in envs[:1]:
        print(f"PyTorch {e['torch']}: BLAS {', '.join(os.path.basename(p) for p in e['blas_libraries'] if 'blas' in p)}"
              f" (libblas.so.3 -> {e['libblas_alternative']}); OPENBLAS_CORETYPE={e.get('OPENBLAS_CORETYPE')}")
    print("chargpt: ND4J 1.0.0-M2.1 nd4j-native (bundled OpenBLAS 0.3.19 via JavaCPP); threads = OMP_NUM_THREADS and"
          " OPENBLAS_NUM_THREADS (ThreadSettings)")
    print("threads: N = N OpenMP + N BLAS threads; OxB = O OpenMP (torch intra-op, ND4J ops) + B BLAS threads")
    print("ratio = chargpt best / PyTorch best: ms and MB > 1 means chargpt slower or larger; chars/s > 1 means chargpt faster")
    print()
    print_table(header, rows)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def print_table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = " | ".join(h.ljust(widths[0]) if i == 0 else h.rjust(widths[i]) for i, h in enumerate(header))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(c).ljust(widths[0]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(r)))


def chargpt_history(path, target):
    reached = None
    final = None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue  # a torn last line of a crashed run
            if r.get("val_loss") is None:
                continue
            final = r
            if reached is None and r["val_loss"] <= target:
                reached = r
    return {"side": "chargpt", "reached": reached is not None,
            "iter": reached["step"] if reached else None,
            "seconds_wall": reached.get("elapsed_s") if reached else None,
            "final_iter": final["step"] if final else None,
            "final_val_loss": final["val_loss"] if final else None}


def time_to_quality(args):
    cmd = [args.python, os.path.join(REFERENCE, "time_to_quality.py"), "--threads", str(args.ttq_threads),
           "--target", str(args.target), "--eval-interval", str(args.eval_interval), "--iters", str(args.ttq_iters)]
    out, rss = run(cmd, thread_env(args.ttq_threads), args.lock)
    recs = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    RECORDS.extend(recs)
    ref = [r for r in recs if r["kind"] == "time_to_quality"][0]
    chargpt = chargpt_history(args.chargpt_history, args.target) if args.chargpt_history else None
    if chargpt:
        RECORDS.append(dict(chargpt, kind="time_to_quality"))
    print()
    print(f"time to validation loss <= {args.target} on tiny Shakespeare (whole validation split, nats/char)")
    print(f"PyTorch: nanoGPT CPU recipe (4x4x128, block 64, batch 12, lr 1e-3 -> 1e-4, warmup 100, {args.ttq_iters} iters),"
          f" {args.ttq_threads} thread(s), validation every {args.eval_interval} iters (included in wall time)")
    header = ["metric", "chargpt", "PyTorch", "chargpt/PyTorch"]
    c = chargpt or {}

    def ratio(a, b):
        return f"{a / b:.2f}x" if a is not None and b else "-"
    rows = [
        ["seconds to target (wall, incl. evals)", fmt(c.get("seconds_wall")), fmt(ref["seconds_wall"]),
         ratio(c.get("seconds_wall"), ref["seconds_wall"])],
        ["  training steps only (s)", "-", fmt(ref["seconds_training"]), "-"],
        ["step when reached", fmt(c.get("iter"), 0), fmt(ref["iter"], 0), "-"],
        ["final step", fmt(c.get("final_iter"), 0), fmt(ref["final_iter"], 0), "-"],
        ["final validation loss", fmt(c.get("final_val_loss"), 4), fmt(ref["final_val_loss"], 4), "-"],
        ["peak RSS MB", "-", fmt(ref["peak_rss_mb"], 0), "-"],
    ]
    print_table(header, rows)
    if not chargpt:
        print("\nchargpt: pass --chargpt-history models/<run>/history.jsonl of a `./chargpt train` run to fill its column")


NANOGPT_VAL = re.compile(r"^step (\d+): train loss [\d.]+, val loss ([\d.]+)")
CHARGPT_VAL = re.compile(r"(?:^step ([\d,]+): |: step ([\d,]+), ).*validation loss ([\d.]+) nats/char")


def timed_lines(cmd, env, cwd, lock):
    """Runs cmd, yields (seconds since it started, line) as each line arrives; under flock if lock."""
    if lock:
        cmd = ["flock", lock] + cmd
    log("  $ " + " ".join(cmd))
    start = None
    # A session of its own: a stop reaches the run itself, not only flock in front of it.
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
                            start_new_session=True)
    import signal
    import time
    start = time.monotonic()
    try:
        for line in proc.stdout:
            yield time.monotonic() - start, line.rstrip("\n")
    except GeneratorExit:  # the caller has what it needs: stop the run (chargpt saves and exits on SIGTERM)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
        return
    if proc.wait() != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")


def first_below(lines, pattern, target, loss_group, step_groups, echo, stop_when_reached=False):
    """The first (seconds, step, loss) whose loss <= target, the last one, and the total seconds
    (the run's whole length, or when it was stopped at the target)."""
    reached, last, total = None, None, 0.0
    for seconds, line in lines:
        if reached and stop_when_reached:
            lines.close()
            break
        total = seconds
        if echo:
            log("    " + line)
        m = pattern.search(line)
        if m:
            step = next(int(m.group(g).replace(",", "")) for g in step_groups if m.group(g))
            last = (seconds, step, float(m.group(loss_group)))
            if reached is None and last[2] <= target:
                reached = last
    return reached, last, total


def nanogpt_against_chargpt(args):
    """nanoGPT's own CPU recipe (its README's train_shakespeare_char command, default threads) and the
    default ./chargpt train, one after the other in this run: wall seconds from each process's start
    until its first validation loss <= --target (each side's own validation: nanoGPT's estimate from
    --eval-iters random batches, chargpt's whole validation split)."""
    import shutil
    import tempfile
    nano = os.path.abspath(args.nanogpt)
    data = os.path.join(nano, "data", "shakespeare_char")
    if not os.path.exists(os.path.join(data, "train.bin")):
        corpus = os.path.join(os.path.abspath(args.data_dir), "tinyshakespeare.txt")
        shutil.copyfile(corpus, os.path.join(data, "input.txt"))  # prepare.py downloads only when it is missing
        subprocess.run([args.python, "prepare.py"], cwd=data, check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="chargpt-ttq-")
    env = thread_env("1")  # only for OPENBLAS_CORETYPE: both sides get the same kernels
    nano_env = {k: v for k, v in env.items() if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    nano_env["PYTHONUNBUFFERED"] = "1"
    recipe = ["config/train_shakespeare_char.py", "--device=cpu", "--compile=False", "--eval_iters=20", "--log_interval=1",
              "--block_size=64", "--batch_size=12", "--n_layer=4", "--n_head=4", "--n_embd=128", "--max_iters=2000",
              "--lr_decay_iters=2000", "--dropout=0.0", "--dtype=float32", f"--out_dir={os.path.join(work, 'nanogpt')}"]
    nano_reached, nano_last, nano_total = first_below(
        timed_lines([args.python, "train.py"] + recipe, nano_env, nano, args.lock), NANOGPT_VAL, args.target, 2, (1,), False)
    charg_env = {k: v for k, v in env.items() if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    chargpt = [os.path.join(ROOT, "chargpt"), "train", "--out", os.path.join(work, "chargpt"),
               "--charts-dir", os.path.join(work, "charts"), "--data-dir", os.path.abspath(args.data_dir)] + args.chargpt_args.split()
    c_reached, c_last, c_total = first_below(timed_lines(chargpt, charg_env, ROOT, args.lock), CHARGPT_VAL, args.target, 3,
                                             (1, 2), True, stop_when_reached=not args.whole_chargpt_run)
    RECORDS.append({"kind": "time_to_quality_nanogpt", "target": args.target, "nanogpt": nano_reached, "chargpt": c_reached,
                    "nanogpt_last": nano_last, "chargpt_last": c_last, "nanogpt_total_s": nano_total, "chargpt_total_s": c_total})
    print()
    print(f"time to validation loss <= {args.target} on tiny Shakespeare, wall seconds from each process's start,"
          " validations included")
    print(f"nanoGPT: its README's CPU command (train_shakespeare_char, 4x4x128, 2,000 iterations, --dtype=float32),"
          f" default threads, OPENBLAS_CORETYPE={env.get('OPENBLAS_CORETYPE')}; its validation: 20 random batches")
    print(f"chargpt: ./chargpt train {args.chargpt_args}".rstrip() + "; its validation: the whole validation split at epoch ends,"
          " 384 evenly spread windows of it at an --eval-every point, corrected by an n-gram model")
    print(f"machine: {os.cpu_count()} CPUs; {cpu_model()}")
    print()

    def cells(reached):
        return [fmt(reached[0]), fmt(reached[1], 0), fmt(reached[2], 4)] if reached else ["not reached", "-", "-"]
    rows = [["nanoGPT"] + cells(nano_reached) + [fmt(nano_last[2], 4) if nano_last else "-", fmt(nano_total)],
            ["chargpt"] + cells(c_reached) + [fmt(c_last[2], 4) if c_last else "-", fmt(c_total)]]
    print_table(["run", "seconds to target", "step", "loss then", "last validation", "run s (until stopped)"], rows)
    if nano_reached and c_reached:
        print(f"\nchargpt / nanoGPT = {c_reached[0] / nano_reached[0]:.2f}x (goal: at most 1.5x)")
    shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--classpath", required=False, help="target/test-classes (the bench programs), target/classes and chargpt's runtime dependencies (run.sh sets it)")
    p.add_argument("--python", default=os.environ.get("PYTHON", "/usr/bin/python3"))
    p.add_argument("--lock", default="/tmp/chargpt-build.lock", help="flock file; '' to run without")
    p.add_argument("--threads", default="1,2,1x2",
                   help="thread settings to measure, each N (N OpenMP + N BLAS threads) or OxB (default 1,2,1x2)")
    p.add_argument("--side", choices=("both", "chargpt", "pytorch"), default="both")
    p.add_argument("--cpu-small-steps", type=int, default=60, help="0 skips cpu-small training")
    p.add_argument("--gpu-baby-steps", type=int, default=3, help="0 skips gpu-baby")
    p.add_argument("--gen-chars", type=int, default=500, help="0 skips generation")
    p.add_argument("--time-to-quality", action="store_true")
    p.add_argument("--chargpt-history", default=None)
    p.add_argument("--target", type=float, default=1.88)
    p.add_argument("--nanogpt", default=None,
                   help="with --time-to-quality: a checkout of karpathy/nanoGPT; runs its own CPU recipe and the default"
                        " ./chargpt train side by side instead of the reference (use --target 1.90)")
    p.add_argument("--whole-chargpt-run", action="store_true",
                   help="with --nanogpt: let ./chargpt train finish instead of stopping it once it reaches --target")
    p.add_argument("--chargpt-args", default="", help="with --nanogpt: extra options for ./chargpt train")
    p.add_argument("--data-dir", default=os.path.join(ROOT, "data"), help="with --nanogpt: where tinyshakespeare.txt is")
    p.add_argument("--ttq-threads", default="1x2", help="PyTorch's threads for --time-to-quality (best measured: 1x2)")
    p.add_argument("--eval-interval", type=int, default=100)
    p.add_argument("--ttq-iters", type=int, default=2000,
                   help="reference run length; the cosine ends there (nanoGPT's CPU recipe: 2000)")
    p.add_argument("--workers", type=int, default=0,
                   help="measure N workers in one process against N one-worker processes side by side (the machine's"
                        " ceiling) instead of the speed table; --cpu-small-steps steps per round")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds for --workers")
    p.add_argument("--json", default=None, help="also append every raw measurement to this JSON-lines file")
    p.add_argument("--from-json", default=None, help="only re-render the speed table of a run saved with --json")
    args = p.parse_args()
    args.lock = args.lock or None
    if args.from_json:
        with open(args.from_json) as f:
            render([json.loads(line) for line in f if line.strip()])
        return
    if args.time_to_quality and args.nanogpt:
        nanogpt_against_chargpt(args)
    elif args.time_to_quality:
        time_to_quality(args)
    elif args.workers > 0:
        workers_ceiling(args)
    else:
        if args.side != "pytorch" and not args.classpath:
            raise SystemExit("--classpath is required for chargpt's side (use benchmarks/run.sh)")
        speed(args)
    flush_json(args)


if __name__ == "__main__":
    main()
