"""Time to quality of the PyTorch reference: wall-clock seconds until the validation loss on tiny
Shakespeare first reaches the target (1.88 nats per character by default).

    python3 benchmarks/reference/time_to_quality.py [--threads 1x2] [--eval-interval 100] [--target 1.88]
                                                     [--iters 2000] [--lr-decay-iters ITERS]
                                                     [--corpus /work/shared/data/tinyshakespeare.txt]

Recipe: nanoGPT's CPU recipe for shakespeare_char (4 layers x 4 heads x 128, block 64, batch 12,
lr 1e-3 -> 1e-4, warmup 100, 2000 iterations, decay over 2000, dropout 0, AdamW betas 0.9/0.99,
weight decay 0.1, clip 1.0) on our model.py (chargpt's architecture: untied head, biases).

Data as chargpt reads it: vocabulary = sorted set of the corpus's characters (code points), first 90%
train, the rest validation; training batches are nanoGPT's random windows.

Validation loss as dev.chargpt.eval.TextEvaluator computes it: the WHOLE validation split in windows
of block+1 characters overlapping by one ([kT, kT+T]), so every character after the first is scored
exactly once; mean cross-entropy per character in nats.

Prints one JSON line per evaluation and a final summary line ("kind": "time_to_quality") with
seconds_wall (training plus evaluations, from the first step) and seconds_training (steps only) at
the first evaluation that reached the target, and the final validation loss.
"""
import argparse
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import time

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--corpus", default="/work/shared/data/tinyshakespeare.txt")
parser.add_argument("--threads", default="1x2",
                    help="N (N OpenMP + N OpenBLAS threads) or OxB; 1x2 measured fastest on 2 cores")
parser.add_argument("--iters", type=int, default=2000)
parser.add_argument("--lr-decay-iters", type=int, default=None, help="end of the cosine (default: --iters)")
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--min-lr", type=float, default=1e-4)
parser.add_argument("--warmup", type=int, default=100)
parser.add_argument("--batch", type=int, default=12)
parser.add_argument("--grad-clip", type=float, default=1.0)
parser.add_argument("--eval-interval", type=int, default=100)
parser.add_argument("--eval-batch", type=int, default=64, help="validation windows per forward pass")
parser.add_argument("--target", type=float, default=1.88)
parser.add_argument("--seed", type=int, default=1337)
args = parser.parse_args()

# The native thread pools read these when torch loads.
OMP_THREADS, BLAS_THREADS = int(args.threads.split("x")[0]), int(args.threads.split("x")[-1])
os.environ["OMP_NUM_THREADS"] = str(OMP_THREADS)
os.environ["OPENBLAS_NUM_THREADS"] = str(BLAS_THREADS)
os.environ["MKL_NUM_THREADS"] = str(BLAS_THREADS)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Gpt, Trainer  # noqa: E402

LAYERS, HEADS, WIDTH, BLOCK = 4, 4, 128, 64
BATCH = args.batch
LR, MIN_LR, WARMUP = args.lr, args.min_lr, args.warmup
DECAY = args.lr_decay_iters or args.iters


def validation_windows(ids, block):
    """Windows [kT, kT+T] of the whole split as (features, labels, scored), padded with id 0 at the end."""
    n = ids.numel()
    windows = (n - 2) // block + 1   # windows start at 0, T, 2T, ... while a label remains
    positions = torch.arange(windows).unsqueeze(1) * block + torch.arange(block).unsqueeze(0)
    scored = positions < n - 1
    x = torch.where(scored, ids[positions.clamp(max=n - 1)], 0)
    y = torch.where(scored, ids[(positions + 1).clamp(max=n - 1)], 0)
    return x, y, scored


@torch.inference_mode()
def validation_loss(model, windows, windows_per_batch):
    x, y, scored = windows
    model.eval()
    total = 0.0
    for first in range(0, x.size(0), windows_per_batch):
        xb, yb, sb = (t[first:first + windows_per_batch] for t in (x, y, scored))
        logits, _ = model(xb)
        nll = F.cross_entropy(logits.reshape(-1, logits.size(-1)).double(), yb.reshape(-1), reduction="none")
        total += nll[sb.reshape(-1)].sum().item()
    model.train()
    return total / int(scored.sum().item())


def main():
    torch.set_num_threads(OMP_THREADS)
    with open(args.corpus, encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    stoi = {ch: i for i, ch in enumerate(chars)}
    data = torch.tensor([stoi[ch] for ch in text], dtype=torch.long)
    split = int(len(data) * 0.9)
    train, val = data[:split], data[split:]
    val_windows = validation_windows(val, BLOCK)

    torch.manual_seed(args.seed)
    model = Gpt(len(chars), LAYERS, HEADS, WIDTH, BLOCK, dropout=0.0)
    model.train()
    trainer = Trainer(model, lr=LR, min_lr=MIN_LR, warmup=WARMUP, decay_steps=DECAY, weight_decay=0.1,
                      beta1=0.9, beta2=0.99, grad_clip=args.grad_clip)
    print(json.dumps({"kind": "setup", "side": "pytorch", "torch": torch.__version__, "threads": args.threads,
                      "vocab": len(chars), "train_chars": train.numel(), "val_chars": val.numel(),
                      "params": model.parameter_count(), "iters": args.iters, "eval_interval": args.eval_interval,
                      "batch": BATCH, "lr": LR, "min_lr": MIN_LR, "warmup": WARMUP, "lr_decay_iters": DECAY,
                      "grad_clip": args.grad_clip}),
          flush=True)

    reached = None
    start = time.perf_counter()
    training_seconds = 0.0
    recent = []
    val_loss = float("nan")
    for it in range(args.iters + 1):
        if it % args.eval_interval == 0 or it == args.iters:
            val_loss = validation_loss(model, val_windows, args.eval_batch)
            wall = time.perf_counter() - start
            record = {"kind": "eval", "iter": it, "val_loss": round(val_loss, 5),
                      "train_loss": round(sum(recent) / len(recent), 5) if recent else None,
                      "seconds_wall": round(wall, 2), "seconds_training": round(training_seconds, 2)}
            print(json.dumps(record), flush=True)
            recent = []
            if reached is None and val_loss <= args.target:
                reached = record
        if it == args.iters:
            break
        ix = torch.randint(train.numel() - BLOCK, (BATCH,))
        x = torch.stack([train[i:i + BLOCK] for i in ix])
        y = torch.stack([train[i + 1:i + 1 + BLOCK] for i in ix])
        t0 = time.perf_counter()
        loss = trainer.step(x, y)
        training_seconds += time.perf_counter() - t0
        recent.append(loss.item())

    summary = {"kind": "time_to_quality", "side": "pytorch", "threads": args.threads, "target": args.target,
               "reached": reached is not None,
               "iter": reached["iter"] if reached else None,
               "seconds_wall": reached["seconds_wall"] if reached else None,
               "seconds_training": reached["seconds_training"] if reached else None,
               "final_iter": args.iters, "final_val_loss": round(val_loss, 5),
               "total_seconds_wall": round(time.perf_counter() - start, 2),
               "peak_rss_mb": round(__import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss / 1024)}
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
