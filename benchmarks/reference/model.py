"""chargpt's model and training step, written in PyTorch as the yardstick for speed and parity.

The same network as dev.chargpt.model.GptNetwork, module by module:

  CharEmbeddingLayer        token embedding + learned position embedding, dropout
  CausalSelfAttentionBlock  x + attn(ln1(x)), x + mlp(ln2(x)); fused qkv projection split as
                            [q | k | v], each [head0 | head1 | ...]; hand-written causal attention
                            (QK^T / sqrt(hs), mask, softmax, dropout, times V; with qk_norm=True
                            each head's q and k first RMS-normalised over its channels, eps as
                            LayerNorm's, times a learned gain per channel); 4x MLP with the
                            exact (erf) GELU or, with activation="relu2", relu(x)^2; dropout on
                            each residual branch
  LanguageModelHead         final LayerNorm, bias-free linear head (NOT tied to the token
                            embedding, unlike nanoGPT), mean cross-entropy per character in nats

LayerNorm eps is 1e-5 with gain and bias. Weights N(0, 0.02), the two projections into the residual
stream N(0, 0.02 / sqrt(2 * layers)), biases 0, LayerNorm gains 1. With zero_init=True (train
--zero-init, modded-nanogpt's initialisation) the two projections into the residual stream (proj, fc2)
and the head start at exactly 0 instead.

Linear layers are torch's nn.Linear (weight stored [out, in], what a PyTorch user would write);
chargpt stores [in, out]. `chargpt_parameters` gives every tensor under chargpt's param-table key
("<layerIndex>_<name>") in chargpt's layout.

LayerNorm epsilon: PyTorch's usual 1e-5 by default. DL4J 1.0.0-M2.1's sd.nn().layerNorm, which
chargpt uses, has NO epsilon ((x - mean) / sqrt(var), found by the parity fixture); `ln_eps=0`
reproduces chargpt as it is.

The optimizer (Dl4jAdamW) is DL4J's Adam with decoupled weight decay, formula for formula, on
exactly the parameters chargpt declares with addWeightParam (wte, wpe, qkv/proj/fc/fc2 weights,
head weight). It differs from torch.optim.AdamW only in where epsilon sits: DL4J divides by
sqrt(v_t) + eps with the bias correction of v folded into the step size, torch by
sqrt(v_t / (1 - beta2^t)) + eps. For elements with tiny gradients early in training that changes the
step by up to ~10%, so the parity fixture needs DL4J's formula; `optimizer="torch"` selects torch's.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

INIT_STD = 0.02
LN_EPS = 1e-5


class Block(nn.Module):
    def __init__(self, width, heads, block_size, dropout, ln_eps=LN_EPS, activation="gelu", qk_norm=False):
        super().__init__()
        assert width % heads == 0
        assert activation in ("gelu", "relu2")
        self.activation = activation
        self.qk_norm = qk_norm
        self.ln_eps = ln_eps
        self.width = width
        self.heads = heads
        self.ln1 = nn.LayerNorm(width, eps=ln_eps)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width, eps=ln_eps)
        self.fc = nn.Linear(width, 4 * width)
        self.fc2 = nn.Linear(4 * width, width)
        self.attn_dropout = nn.Dropout(dropout)
        self.attn_out_dropout = nn.Dropout(dropout)
        self.mlp_out_dropout = nn.Dropout(dropout)
        mask = torch.full((block_size, block_size), float("-inf")).triu(1)
        self.register_buffer("causal_mask", mask, persistent=False)
        if qk_norm:
            # train --qk-norm: a gain per channel for the normalised queries and keys, head-major like them
            self.q_gain = nn.Parameter(torch.ones(width))
            self.k_gain = nn.Parameter(torch.ones(width))

    def normalise(self, x, gain):
        """QK-norm of [B, H, T, hs] queries or keys: x / sqrt(mean(x^2) + eps) over each head's channels, times gain."""
        hs = x.size(-1)
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.ln_eps) * gain.view(self.heads, 1, hs)

    def queries_keys_values(self, x):
        q, k, v = self.split_heads(self.qkv(self.ln1(x)))
        if self.qk_norm:
            q, k = self.normalise(q, self.q_gain), self.normalise(k, self.k_gain)
        return q, k, v

    def attend(self, q, k, v, mask):
        hs = q.size(-1)
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        if mask is not None:
            scores = scores + mask
        weights = self.attn_dropout(F.softmax(scores, dim=-1))
        return weights @ v

    def act(self, x):
        # exact erf GELU (chargpt's default), or ReLU squared (train --activation relu2)
        return F.relu(x).square() if self.activation == "relu2" else F.gelu(x)

    def split_heads(self, qkv):
        b, t, _ = qkv.shape
        # [B, T, 3C] -> [B, T, 3, H, hs] -> [3, B, H, T, hs]: chargpt's split order
        return qkv.view(b, t, 3, self.heads, self.width // self.heads).permute(2, 0, 3, 1, 4)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.queries_keys_values(x)
        y = self.attend(q, k, v, self.causal_mask[:t, :t])
        y = y.transpose(1, 2).reshape(b, t, c)
        x = x + self.attn_out_dropout(self.proj(y))
        x = x + self.mlp_out_dropout(self.fc2(self.act(self.fc(self.ln2(x)))))
        return x

    def forward_cached(self, x, cache):
        """x: [B, t_new, C] at positions after the cached ones; cache: None or (k, v) [B, H, t_old, hs]."""
        b, t, c = x.shape
        q, k, v = self.queries_keys_values(x)  # the cache keeps normalised keys
        if cache is not None:
            k = torch.cat([cache[0], k], dim=2)
            v = torch.cat([cache[1], v], dim=2)
        total = k.size(2)
        # new queries sit at positions total - t .. total - 1
        mask = self.causal_mask[total - t:total, :total] if t > 1 else None
        y = self.attend(q, k, v, mask)
        y = y.transpose(1, 2).reshape(b, t, c)
        x = x + self.proj(y)
        x = x + self.fc2(self.act(self.fc(self.ln2(x))))
        return x, (k, v)


class Gpt(nn.Module):
    def __init__(self, vocab_size, layers, heads, width, block_size, dropout=0.0, ln_eps=LN_EPS, activation="gelu",
                 zero_init=False, qk_norm=False):
        super().__init__()
        self.zero_init = zero_init
        self.qk_norm = qk_norm
        self.vocab_size = vocab_size
        self.layers = layers
        self.block_size = block_size
        self.wte = nn.Embedding(vocab_size, width)
        self.wpe = nn.Embedding(block_size, width)
        self.emb_dropout = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(Block(width, heads, block_size, dropout, ln_eps, activation, qk_norm) for _ in range(layers))
        self.lnf = nn.LayerNorm(width, eps=ln_eps)
        self.head = nn.Linear(width, vocab_size, bias=False)
        self.reset_parameters()

    @torch.no_grad()
    def reset_parameters(self):
        residual_std = INIT_STD / math.sqrt(2 * self.layers)
        for name, p in self.named_parameters():
            if self.zero_init and (name.endswith("proj.weight") or name.endswith("fc2.weight") or name == "head.weight"):
                nn.init.zeros_(p)  # train --zero-init: each block starts as the identity, the logits at 0
            elif name.endswith("proj.weight") or name.endswith("fc2.weight"):
                nn.init.normal_(p, 0.0, residual_std)
            elif name.endswith("_gain"):
                nn.init.ones_(p)  # QK-norm's gains
            elif name.endswith("weight") and p.dim() == 2:
                nn.init.normal_(p, 0.0, INIT_STD)
            elif ".ln" in name or name.startswith("lnf"):
                nn.init.ones_(p) if name.endswith("weight") else nn.init.zeros_(p)
            else:
                nn.init.zeros_(p)

    def forward(self, ids, targets=None):
        b, t = ids.shape
        x = self.wte(ids) + self.wpe.weight[:t]
        x = self.emb_dropout(x)
        for block in self.blocks:
            x = block(x)
        logits = self.head(self.lnf(x))
        if targets is None:
            return logits, None
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.reshape(-1))
        return logits, loss

    def forward_cached(self, ids, start, caches):
        """Logits of the last position for ids [B, t_new] placed at positions start.., with per-block caches."""
        t = ids.size(1)
        x = self.wte(ids) + self.wpe.weight[start:start + t]
        new_caches = []
        for block, cache in zip(self.blocks, caches):
            x, cache = block.forward_cached(x, cache)
            new_caches.append(cache)
        return self.head(self.lnf(x[:, -1, :])), new_caches

    def decayed_and_not(self):
        """chargpt's split: weight params (matrices, embeddings included) decay; gains (QK-norm's too) and biases not."""
        decay, no_decay = [], []
        for name, p in self.named_parameters():
            (decay if p.dim() == 2 else no_decay).append(p)
        return decay, no_decay

    def parameter_count(self):
        return sum(p.numel() for p in self.parameters())


def chargpt_keys(layers, qk_norm=False):
    """(chargpt key, torch parameter name, transpose?) for every parameter, in chargpt's order."""
    out = [("0_wte", "wte.weight", False), ("0_wpe", "wpe.weight", False)]
    for i in range(layers):
        n = i + 1
        p = f"blocks.{i}."
        out += [
            (f"{n}_ln1Gain", p + "ln1.weight", False), (f"{n}_ln1Bias", p + "ln1.bias", False),
            (f"{n}_qkvWeight", p + "qkv.weight", True), (f"{n}_qkvBias", p + "qkv.bias", False),
        ]
        if qk_norm:
            out += [(f"{n}_queryGain", p + "q_gain", False), (f"{n}_keyGain", p + "k_gain", False)]
        out += [
            (f"{n}_projWeight", p + "proj.weight", True), (f"{n}_projBias", p + "proj.bias", False),
            (f"{n}_ln2Gain", p + "ln2.weight", False), (f"{n}_ln2Bias", p + "ln2.bias", False),
            (f"{n}_fcWeight", p + "fc.weight", True), (f"{n}_fcBias", p + "fc.bias", False),
            (f"{n}_fc2Weight", p + "fc2.weight", True), (f"{n}_fc2Bias", p + "fc2.bias", False),
        ]
    h = layers + 1
    out += [(f"{h}_lnfGain", "lnf.weight", False), (f"{h}_lnfBias", "lnf.bias", False),
            (f"{h}_headWeight", "head.weight", True)]
    return out


def chargpt_parameters(model, grads=False):
    """{chargpt key: tensor in chargpt's layout ([in, out] for linear weights)} of weights or gradients."""
    params = dict(model.named_parameters())
    out = {}
    for key, name, transpose in chargpt_keys(model.layers, model.qk_norm):
        t = params[name].grad if grads else params[name]
        t = t.detach()
        out[key] = t.t().contiguous() if transpose else t.clone()
    return out


def lr_at(iteration, peak, minimum, warmup, decay_steps):
    """dev.chargpt.train.WarmupCosineSchedule.valueAt: iteration = the step about to be taken, from 0."""
    if iteration < warmup:
        return peak * (iteration + 1) / (warmup + 1)
    if iteration >= decay_steps:
        return minimum
    progress = (iteration - warmup) / max(1, decay_steps - warmup)
    return minimum + 0.5 * (1 + math.cos(math.pi * progress)) * (peak - minimum)


class Dl4jAdamW(torch.optim.Optimizer):
    """DL4J 1.0.0-M2.1's Adam (libnd4j adam_updater) plus its decoupled WeightDecay(coeff, applyLR=true).

    m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  t = step count from 1
    update = lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)  +  lr * wd * p
    p = p - update
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr, (b1, b2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["m"] = torch.zeros_like(p)
                    state["v"] = torch.zeros_like(p)
                state["step"] += 1
                t = state["step"]
                m, v, g = state["m"], state["v"], p.grad
                m.mul_(b1).add_(g, alpha=1 - b1)
                v.mul_(b2).addcmul_(g, g, value=1 - b2)
                step_size = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                if wd != 0:
                    p.mul_(1 - lr * wd)
                p.addcdiv_(m, v.sqrt().add_(eps), value=-step_size)


class Trainer:
    """One optimizer step as chargpt takes it: forward, backward, global-norm clip, AdamW with the schedule.

    The clip is torch.nn.utils.clip_grad_norm_ on the gradient of the mean loss (nanoGPT's), which is
    what chargpt's GlobalNormClipping means to do.
    """

    def __init__(self, model, lr=1e-3, min_lr=1e-4, warmup=100, decay_steps=5000, weight_decay=0.1,
                 beta1=0.9, beta2=0.99, grad_clip=1.0, optimizer="dl4j"):
        self.model = model
        self.schedule = (lr, min_lr, warmup, decay_steps)
        self.grad_clip = grad_clip
        decay, no_decay = model.decayed_and_not()
        groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
        if optimizer == "dl4j":
            self.optimizer = Dl4jAdamW(groups, lr=lr, betas=(beta1, beta2), eps=1e-8)
        elif optimizer == "torch":
            self.optimizer = torch.optim.AdamW(groups, lr=lr, betas=(beta1, beta2), eps=1e-8)
        else:
            raise ValueError(optimizer)
        self.iteration = 0

    def step(self, x, y):
        lr = lr_at(self.iteration, *self.schedule)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        _, loss = self.model(x, y)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if self.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.grad_clip)
        self.optimizer.step()
        self.iteration += 1
        return loss


@torch.no_grad()
def generate_plain(model, prompt, count, generator):
    """nanoGPT's generation: the whole (cropped) window through the model for every new character."""
    ids = prompt
    for _ in range(count):
        window = ids[:, -model.block_size:]
        logits, _ = model(window)
        probs = F.softmax(logits[:, -1, :], dim=-1)
        ids = torch.cat([ids, torch.multinomial(probs, 1, generator=generator)], dim=1)
    return ids


@torch.no_grad()
def generate_cached(model, prompt, count, generator):
    """Exact key/value caching, the same text as generate_plain (chargpt's KvCacheModel semantics).

    While the window has room, each new character costs one position through every block, reusing
    the cached keys and values. Once the window is full every character sits at a new position
    (learned absolute position embeddings), so all cached keys and values are stale: the whole window
    is recomputed, with the head applied to the last position only.
    """
    ids = prompt
    empty = [None] * len(model.blocks)
    logits, caches = model.forward_cached(ids[:, -model.block_size:], 0, empty)
    position = min(ids.size(1), model.block_size)
    for i in range(count):
        nxt = torch.multinomial(F.softmax(logits, dim=-1), 1, generator=generator)
        ids = torch.cat([ids, nxt], dim=1)
        if i == count - 1:
            break
        if position < model.block_size:
            logits, caches = model.forward_cached(nxt, position, caches)
            position += 1
        else:
            logits, _ = model.forward_cached(ids[:, -model.block_size:], 0, empty)
    return ids


@torch.no_grad()
def generate_cached_shift(model, prompt, count, generator):
    """Approximate caching ("context shift"): not the same text as generate_plain.

    When the window is full, only its last half is re-encoded from position 0 (one prefill pass) and
    incremental decoding continues, so each character sees between block/2 and block characters
    instead of always block. Faster; shown for what an inexact cache would buy.
    """
    ids = prompt
    keep = model.block_size // 2
    empty = [None] * len(model.blocks)
    logits, caches = model.forward_cached(ids[:, -model.block_size:], 0, empty)
    position = min(ids.size(1), model.block_size)
    for i in range(count):
        nxt = torch.multinomial(F.softmax(logits, dim=-1), 1, generator=generator)
        ids = torch.cat([ids, nxt], dim=1)
        if i == count - 1:
            break
        if position == model.block_size:
            logits, caches = model.forward_cached(ids[:, -keep:], 0, empty)
            position = keep
        else:
            logits, caches = model.forward_cached(nxt, position, caches)
            position += 1
    return ids
