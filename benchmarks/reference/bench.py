"""Speed and memory of the PyTorch reference: training steps and generation, one child process per case.

    python3 benchmarks/reference/bench.py [--threads 1,2,2x1] [--cases cpu-small:60,gpu-baby:3,generate:500]
                                          [--lock /tmp/chargpt-build.lock]

Each case runs in a fresh process (so its peak RSS is its own) with OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS and torch.set_num_threads all set to the thread count; "OxB" sets OpenMP (and
torch's intra-op threads) to O and OpenBLAS to B, e.g. 2x1. Prints one JSON line per
case (and a first line describing the environment: torch version, BLAS library loaded, threads).

  cpu-small:N / gpu-baby:N  median ms per training step over N steps after warm-up (10 steps, or 1
                            when N < 20), the same step as chargpt's StepBenchmark: random batches
                            of vocab 65 (8 batches, cycled), forward, backward, global-norm clip,
                            AdamW with warmup+cosine and weight decay 0.1 on matrices (GELU);
  cpu-small-relu2:N         the same with ReLU squared in the MLP (cpu-small's default activation)
  generate:N                characters per second generating N characters on cpu-small from a
                            one-character prompt, temperature 1: "plain" (nanoGPT's full window per
                            character), "cached" (keys/values kept while the window has room, then
                            the full window: exact, same text; chargpt's KvCacheModel semantics) and
                            "cached-shift" (inexact: re-encodes half a window when full)

With --lock, each child runs under `flock <lock>` so it does not share the 2 cores with a build.
foreign_cpu_s in each record is the CPU time other processes used during the timed part: on a
shared machine, a 2-thread run with foreign_cpu_s near measured_s did not have both cores.
"""
import argparse
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import time

HERE = os.path.dirname(os.path.abspath(__file__))

PRESETS = {
    # layers, heads, width, block, batch per worker, dropout (dev.chargpt.config.Preset): one core's step,
    # with the exact GELU as StepBenchmark's "step"; cpu-small-relu2 is its "step-relu2" (the default's MLP)
    "cpu-small": (4, 4, 128, 64, 8, 0.0),
    "cpu-small-relu2": (4, 4, 128, 64, 8, 0.0),
    "gpu-baby": (6, 6, 384, 256, 64, 0.2),
}
ACTIVATIONS = {"cpu-small-relu2": "relu2"}
VOCAB = 65


def peak_rss_mb():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def busy_seconds():
    """(CPU seconds all processes on the machine have used, CPU seconds this process has used)."""
    import resource
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    busy = (sum(fields[:8]) - fields[3] - fields[4]) / ticks  # all but idle and iowait
    own = resource.getrusage(resource.RUSAGE_SELF)
    return busy, own.ru_utime + own.ru_stime


def foreign_cpu(before):
    """CPU seconds other processes used since `before`: how much the measurement shared the cores."""
    busy, own = busy_seconds()
    return round(max(0.0, (busy - before[0]) - (own - before[1])), 2)


def blas_libraries():
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            base = os.path.basename(path)
            if any(s in base for s in ("blas", "lapack", "mkl", "gomp", "omp")):
                libs.add(path)
    return sorted(libs)


def environment(threads):
    import torch
    torch.set_num_threads(split_threads(threads)[0])
    return {"kind": "env", "side": "pytorch", "torch": torch.__version__, "threads": threads,
            "torch_threads": torch.get_num_threads(), "interop_threads": torch.get_num_interop_threads(),
            "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
            "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "blas_libraries": blas_libraries(),
            "libblas_alternative": os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3"),
            "cpu_capability": torch.backends.cpu.get_cpu_capability()
            if hasattr(torch.backends, "cpu") and hasattr(torch.backends.cpu, "get_cpu_capability") else None}


def child_train(preset_name, steps, threads):
    import torch
    from model import Gpt, Trainer
    torch.set_num_threads(split_threads(threads)[0])
    torch.manual_seed(1)
    layers, heads, width, block, batch, dropout = PRESETS[preset_name]
    model = Gpt(VOCAB, layers, heads, width, block, dropout, activation=ACTIVATIONS.get(preset_name, "gelu"))
    model.train()
    trainer = Trainer(model, lr=1e-3, min_lr=1e-4, warmup=100, decay_steps=5000, weight_decay=0.1,
                      beta1=0.9, beta2=0.99, grad_clip=1.0)
    g = torch.Generator().manual_seed(7)
    batches = [(torch.randint(0, VOCAB, (batch, block), generator=g),
                torch.randint(0, VOCAB, (batch, block), generator=g)) for _ in range(8)]
    warmup = 10 if steps >= 20 else 1
    for i in range(warmup):
        trainer.step(*batches[i % 8])
    times = []
    before = busy_seconds()
    for i in range(steps):
        start = time.perf_counter()
        trainer.step(*batches[(warmup + i) % 8])
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    median = times[steps // 2] if steps % 2 else 0.5 * (times[steps // 2 - 1] + times[steps // 2])
    p90 = times[min(steps - 1, -(-steps * 9 // 10) - 1)]
    return {"kind": "train", "side": "pytorch", "preset": preset_name, "threads": threads, "steps": steps,
            "warmup": warmup, "median_ms": round(median, 2), "p90_ms": round(p90, 2), "min_ms": round(times[0], 2),
            "chars_per_s": round(batch * block / (median / 1000)), "params": model.parameter_count(),
            "foreign_cpu_s": foreign_cpu(before), "measured_s": round(sum(times) / 1000, 2),
            "peak_rss_mb": round(peak_rss_mb())}


def child_generate(count, threads):
    import torch
    from model import Gpt, generate_plain, generate_cached, generate_cached_shift
    torch.set_num_threads(split_threads(threads)[0])
    torch.manual_seed(1)
    layers, heads, width, block, _, _ = PRESETS["cpu-small"]
    model = Gpt(VOCAB, layers, heads, width, block, 0.0)
    model.eval()
    out = []
    texts = {}
    for name, fn in (("plain", generate_plain), ("cached", generate_cached), ("cached-shift", generate_cached_shift)):
        prompt = torch.zeros((1, 1), dtype=torch.long)
        fn(model, prompt, 20, torch.Generator().manual_seed(3))  # warm-up
        runs = []
        before = busy_seconds()
        for r in range(3):
            start = time.perf_counter()
            ids = fn(model, prompt, count, torch.Generator().manual_seed(3 + r))
            runs.append(time.perf_counter() - start)
            assert ids.size(1) == count + 1
            if r == 0:
                texts[name] = ids
        runs.sort()
        seconds = runs[1]
        out.append({"kind": "generate", "side": "pytorch", "variant": name, "preset": "cpu-small",
                    "threads": threads, "chars": count, "median_s": round(seconds, 4),
                    "chars_per_s": round(count / seconds, 1),
                    "same_text_as_plain": bool(torch.equal(texts[name], texts["plain"])),
                    "foreign_cpu_s": foreign_cpu(before), "measured_s": round(sum(runs), 2)})
    rss = round(peak_rss_mb())
    for o in out:
        o["peak_rss_mb"] = rss  # the process peak over all three variants
    return out


def split_threads(spec):
    """"2" -> (2, 2); "2x1" -> 2 OpenMP (torch intra-op) threads, 1 OpenBLAS thread."""
    parts = str(spec).split("x")
    return int(parts[0]), int(parts[-1])


def run_child(case, threads, lock):
    omp, blas = split_threads(threads)
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(omp)
    env["OPENBLAS_NUM_THREADS"] = str(blas)
    env["MKL_NUM_THREADS"] = str(blas)
    cmd = [sys.executable, os.path.abspath(__file__), "--child", case, "--threads", str(threads)]
    if lock:
        cmd = ["flock", lock] + cmd
    result = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise SystemExit(f"reference benchmark child failed: {case} threads {threads}")
    return [line for line in result.stdout.splitlines() if line.startswith("{")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--cases", default="cpu-small:60,gpu-baby:3,generate:500")
    parser.add_argument("--lock", default=None)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, HERE)
        threads = args.threads
        name, n = args.child.split(":")
        print(json.dumps(environment(threads)), flush=True)
        if name == "generate":
            for line in child_generate(int(n), threads):
                print(json.dumps(line), flush=True)
        else:
            print(json.dumps(child_train(name, int(n), threads)), flush=True)
        return
    env_printed = set()
    for threads in args.threads.split(","):
        for case in args.cases.split(","):
            for line in run_child(case, threads, args.lock):
                record = json.loads(line)
                if record["kind"] == "env":
                    if threads in env_printed:
                        continue
                    env_printed.add(threads)
                print(line, flush=True)


if __name__ == "__main__":
    main()
