"""Writes the parity fixture that PyTorchParityTest reads (no Python needed at test time).

    python3 benchmarks/reference/make_fixture.py [src/test/resources/parity/tiny-gpt.json]
    python3 benchmarks/reference/make_fixture.py --activation relu2 [src/test/resources/parity/tiny-gpt-relu2.json]
    python3 benchmarks/reference/make_fixture.py --zero-init [src/test/resources/parity/tiny-gpt-zeroinit.json]
    python3 benchmarks/reference/make_fixture.py --qk-norm [src/test/resources/parity/tiny-gpt-qknorm.json]

A small model (vocab 11, 2 layers, 2 heads, width 8, block 8) in float64 with EVERY parameter
(LayerNorm gains and biases, biases, head included) drawn from N(0, 0.3) and rounded to 4 decimals
(so the file is small and Java parses exactly the values torch used), and one batch of 3 windows.

Expected results, for two LayerNorms: "pytorch" (nn.LayerNorm, eps 1e-5, what nanoGPT uses) and
"chargptLayerNorm" (eps 0, what DL4J 1.0.0-M2.1's sd.nn().layerNorm computes):
  logits, loss (mean cross-entropy per character, nats), gradientNorm (L2 norm of the gradient of
  that loss), gradients (of that loss), and paramsAfterSteps: the parameters after `steps` optimizer
  steps on the same batch with Dl4jAdamW, the warmup+cosine schedule and weight decay on matrices
  only (settings in "optimizer"; no clipping).

With --activation relu2 the MLP is ReLU squared (train --activation relu2): the same weights and
batch, "config" says "activation": "relu2", and only the "pytorch" LayerNorm is expected (no model
with relu2 was ever saved without an epsilon). Without it the file is the GELU fixture, byte for byte.

With --qk-norm the attention normalises queries and keys (train --qk-norm): the same weights and
batch as the GELU fixture, plus each block's query and key gains, drawn after the batch from
N(1.5, 0.3) and rounded likewise (gains near 0 would flatten the attention and hide a mistake);
"config" says "qkNorm": true, and only the "pytorch" LayerNorm is expected.

With --zero-init the file holds no weights or expectations, only what PyTorch's own initialisation
leaves at exactly zero (train --zero-init changes the starting weights, not the maths): "initialZeros"
lists the parameters that are all zeros in a freshly built model, with zero_init ("zeroInit") and
without ("default"), and "shapes" every parameter's shape in chargpt's layout.

Format: JSON. "params", "gradients", "paramsAfterSteps" map chargpt's param-table keys
("<layer>_<name>") to {"shape": [...], "data": [flat, row-major]} in chargpt's layout ([in, out]
for linear weights).
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Gpt, Trainer, chargpt_keys, chargpt_parameters  # noqa: E402

VOCAB, LAYERS, HEADS, WIDTH, BLOCK, BATCH = 11, 2, 2, 8, 8, 3
STD = 0.3
SEED = 20240506
OPTIMIZER = {"learningRate": 1e-2, "minLearningRate": 1e-3, "warmupSteps": 1, "decaySteps": 3,
             "weightDecay": 0.1, "beta1": 0.9, "beta2": 0.99, "gradClip": 0.0, "steps": 3}


def tensor_json(t, digits):
    return {"shape": list(t.shape), "data": [float(f"{v:.{digits}g}") for v in t.reshape(-1).tolist()]}


def build(ln_eps, weights, activation="gelu", qk_norm=False):
    model = Gpt(VOCAB, LAYERS, HEADS, WIDTH, BLOCK, dropout=0.0, ln_eps=ln_eps, activation=activation,
                qk_norm=qk_norm).double()
    if weights is not None:
        model.load_state_dict(weights)
    return model


def expected(ln_eps, weights, features, labels, keys, activation="gelu", qk_norm=False):
    model = build(ln_eps, weights, activation, qk_norm)
    logits, loss = model(features, labels)
    loss.backward()
    grads = chargpt_parameters(model, grads=True)
    o = OPTIMIZER
    trainer = Trainer(model, lr=o["learningRate"], min_lr=o["minLearningRate"], warmup=o["warmupSteps"],
                      decay_steps=o["decaySteps"], weight_decay=o["weightDecay"], beta1=o["beta1"],
                      beta2=o["beta2"], grad_clip=o["gradClip"], optimizer="dl4j")
    for _ in range(o["steps"]):
        trainer.step(features, labels)
    after = chargpt_parameters(model)
    return {
        "layerNormEps": ln_eps,
        "loss": loss.item(),
        "gradientNorm": torch.sqrt(sum((g ** 2).sum() for g in grads.values())).item(),
        "logits": tensor_json(logits.detach(), 17),
        "gradients": {k: tensor_json(grads[k], 12) for k in keys},
        "paramsAfterSteps": {k: tensor_json(after[k], 14) for k in keys},
    }


def zero_init_fixture(path):
    """Which parameters a freshly initialised model holds at exactly zero, with and without zero_init."""
    keys = [k for k, _, _ in chargpt_keys(LAYERS)]
    zeros, shapes = {}, {}
    for name, zero_init in (("default", False), ("zeroInit", True)):
        torch.manual_seed(SEED)
        model = Gpt(VOCAB, LAYERS, HEADS, WIDTH, BLOCK, dropout=0.0, zero_init=zero_init).double()
        params = chargpt_parameters(model)
        zeros[name] = [k for k in keys if bool((params[k] == 0).all())]
        shapes = {k: list(params[k].shape) for k in keys}
    fixture = {
        "format": 2,
        "about": "PyTorch " + torch.__version__ + " float64, benchmarks/reference/make_fixture.py --zero-init",
        "config": {"vocabSize": VOCAB, "layers": LAYERS, "heads": HEADS, "width": WIDTH,
                   "blockSize": BLOCK, "dropout": 0.0, "zeroInit": True},
        "shapes": shapes,
        "initialZeros": zeros,
    }
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: zero at initialisation with zero_init: {', '.join(zeros['zeroInit'])}")


def main():
    args = sys.argv[1:]
    activation = "gelu"
    zero_init = False
    qk_norm = False
    while args[:1] and args[0].startswith("--"):
        if args[0] == "--activation":
            activation, args = args[1], args[2:]
        elif args[0] == "--zero-init":
            zero_init, args = True, args[1:]
        elif args[0] == "--qk-norm":
            qk_norm, args = True, args[1:]
        else:
            raise SystemExit("unknown option " + args[0])
    assert activation in ("gelu", "relu2"), activation
    here = os.path.dirname(os.path.abspath(__file__))
    if zero_init:
        assert activation == "gelu", "--zero-init does not change the maths: its fixture holds no activation"
        default = os.path.join(here, "..", "..", "src", "test", "resources", "parity", "tiny-gpt-zeroinit.json")
        zero_init_fixture(os.path.abspath(args[0] if args else default))
        return
    assert not (qk_norm and activation != "gelu"), "one option per fixture"
    name = "tiny-gpt-qknorm.json" if qk_norm else "tiny-gpt.json" if activation == "gelu" else "tiny-gpt-" + activation + ".json"
    default = os.path.join(here, "..", "..", "src", "test", "resources", "parity", name)
    path = os.path.abspath(args[0] if args else default)
    torch.manual_seed(SEED)
    model = build(1e-5, None)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.round(torch.randn_like(p) * STD * 1e4) / 1e4)
    weights = {k: v.clone() for k, v in model.state_dict().items()}
    ids = torch.randint(0, VOCAB, (BATCH, BLOCK + 1))
    features, labels = ids[:, :-1], ids[:, 1:]
    if qk_norm:
        for i in range(LAYERS):
            for gain in ("q_gain", "k_gain"):
                weights[f"blocks.{i}.{gain}"] = torch.round((1.5 + torch.randn(WIDTH) * 0.3) * 1e4).double() / 1e4
        model = build(1e-5, weights, qk_norm=True)
    keys = [k for k, _, _ in chargpt_keys(LAYERS, qk_norm)]
    params = chargpt_parameters(model)
    config = {"vocabSize": VOCAB, "layers": LAYERS, "heads": HEADS, "width": WIDTH,
              "blockSize": BLOCK, "batch": BATCH, "dropout": 0.0}
    if qk_norm:
        config["qkNorm"] = True
        expectations = {"pytorch": expected(1e-5, weights, features, labels, keys, qk_norm=True)}
    elif activation == "gelu":
        expectations = {
            "pytorch": expected(1e-5, weights, features, labels, keys),
            "chargptLayerNorm": expected(0.0, weights, features, labels, keys),
        }
    else:
        config["activation"] = activation
        expectations = {"pytorch": expected(1e-5, weights, features, labels, keys, activation)}
    fixture = {
        "format": 2,
        "about": "PyTorch " + torch.__version__ + " float64, benchmarks/reference/make_fixture.py",
        "config": config,
        "optimizer": OPTIMIZER,
        "features": features.tolist(),
        "labels": labels.tolist(),
        "params": {k: tensor_json(params[k], 17) for k in keys},
        "expected": expectations,
    }
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    e = fixture["expected"]
    print(f"wrote {path}: {os.path.getsize(path)} bytes, {model.parameter_count()} parameters, {activation}"
          + (", qk-norm" if qk_norm else "") + "; loss "
          f"{e['pytorch']['loss']:.10f} (eps 1e-5)"
          + (f", {e['chargptLayerNorm']['loss']:.10f} (eps 0)" if "chargptLayerNorm" in e else ""))


if __name__ == "__main__":
    main()
