"""`make train-speech`: train the FSDD digit models in PyTorch (optional dependency: training only).

    python -m speech.train --data DIR --kind dense|hcgs --k1 K1 --k2 K2 --seed S --out model.npz
        [--epochs N] [--batch 32] [--lr 3e-3] [--threads 1]

The LSTM has the `timit` preset's shape (2 layers x 512 cells, 440 inputs). An HCGS model has
fixed masks from the golden package (`golden.model.random_masks`, seeded, padded width 512) and
is trained quantisation-aware: the forward pass uses `q(w) * mask` with `q` exactly the golden
model's 6-bit weight quantisation (round half to even of w * 32, saturated to -32 .. 31, / 32),
the backward pass the straight-through estimator (gradient of q taken as 1); the latent float
weights are kept in [-1, 31/32]. The file then holds the 6-bit weights `q(w) * mask`, which is
what the chip runs. The dense model is plain float. The classifier (off chip) takes the mean of
the last layer's h over the utterance. Every random choice comes from the printed seed.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from golden import model as gm
from golden.config import LayerKeep, ModelShape

from . import corpus, data, features, modelfile

LAYERS, HIDDEN, PADDED = 2, 512, 512
W_STEP, W_MIN, W_MAX = 1 / 32, -32, 31


def masks_for(k1: int, k2: int, seed: int):
    shape = ModelShape(LAYERS, PADDED, HIDDEN, (LayerKeep(k1, k2, k1, k2),) * LAYERS, features.SPLICED)
    return gm.random_masks(shape, seed)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m speech.train", description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="folder of FSDD wav files")
    ap.add_argument("--kind", choices=("dense", "hcgs"), required=True)
    ap.add_argument("--k1", type=int, default=4)
    ap.add_argument("--k2", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads (default 1: on 2 shared cores, 2 threads spin: 7x the CPU per frame)")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    try:
        import torch
    except ImportError:
        print("speech.train: error: PyTorch is needed for training only: pip install -r requirements-train.txt "
              "(a CPU wheel; the evaluation runs without it)", file=sys.stderr)
        return 2
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    t_start, cpu_start = time.perf_counter(), time.process_time()
    what = "dense float" if a.kind == "dense" else f"HCGS K1={a.k1} K2={a.k2}, 6-bit QAT"
    print(f"train: {what}, 2 x {HIDDEN}, seed {a.seed}, {a.epochs} epochs, batch {a.batch}, lr {a.lr}, "
          f"{a.threads} threads", flush=True)

    try:
        train_u = data.find(a.data, "train")
        test_u = data.find(a.data, "test")
    except data.DataError as e:
        print(f"speech.train: error: {e}", file=sys.stderr)
        return 2
    mean, std = corpus.normalisation(train_u)
    xs_train = corpus.frames(train_u, mean, std)
    xs_test = corpus.frames(test_u, mean, std)
    y_train = np.array([u.digit for u in train_u])
    y_test = np.array([u.digit for u in test_u])
    print(f"data: {len(train_u)} training, {len(test_u)} test utterances, "
          f"{sum(len(x) for x in xs_train)} training frames ({time.perf_counter() - t_start:.1f} s)", flush=True)

    net = _Net(a.kind, masks_for(a.k1, a.k2, a.seed) if a.kind == "hcgs" else None, torch)
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    steps_per_epoch = -(-len(train_u) // a.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.epochs * steps_per_epoch,
                                                pct_start=0.15)
    order = np.argsort([len(x) for x in xs_train], kind="stable")
    batches = [order[i:i + a.batch] for i in range(0, len(order), a.batch)]
    for ep in range(a.epochs):
        net.train()
        t0 = time.perf_counter()
        loss_sum = 0.0
        for bi in rng.permutation(len(batches)):
            idx = rng.permutation(batches[bi])
            x, lens = _pad([xs_train[i] for i in idx], torch)
            loss = torch.nn.functional.cross_entropy(net(x, lens), torch.as_tensor(y_train[idx]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            net.clip()
            loss_sum += float(loss.detach()) * len(idx)
        acc = _accuracy(net, xs_test, y_test, torch)
        print(f"epoch {ep + 1}/{a.epochs}: loss {loss_sum / len(train_u):.4f}, test accuracy "
              f"({'6-bit weights, float datapath' if a.kind == 'hcgs' else 'float'}) {100 * acc:.1f}% "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
    m = net.export(mean, std)
    modelfile.save(m, a.out)
    total, cpu = time.perf_counter() - t_start, time.process_time() - cpu_start
    print(f"wrote {a.out}: training took {total / 60:.1f} min wall, {cpu / 60:.1f} min of CPU "
          f"({cpu / 60 / a.threads:.1f} min on {a.threads} free cores), seed {a.seed}")
    return 0


def _pad(xs, torch):
    lens = [len(x) for x in xs]
    out = np.zeros((len(xs), max(lens), xs[0].shape[1]), dtype=np.float32)
    for i, x in enumerate(xs):
        out[i, :len(x)] = x
    return torch.from_numpy(out), torch.as_tensor(lens)


def _accuracy(net, xs, ys, torch) -> float:
    net.eval()
    right = 0
    with torch.no_grad():
        order = np.argsort([len(x) for x in xs], kind="stable")
        for i in range(0, len(order), 64):
            idx = order[i:i + 64]
            x, lens = _pad([xs[j] for j in idx], torch)
            right += int((net(x, lens).argmax(1).numpy() == ys[idx]).sum())
    return right / len(xs)


class _Net:
    """2-layer LSTM (nn.LSTM parameters and names) + linear classifier on the mean of h."""

    def __new__(cls, kind, masks, torch):
        nn = torch.nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(features.SPLICED, HIDDEN, LAYERS, batch_first=True)
                self.fc = nn.Linear(HIDDEN, modelfile.CLASSES)
                self.kind = kind
                self.masks = []
                if masks is not None:
                    with torch.no_grad():
                        for k, (mi, mh) in enumerate(masks):
                            cols = features.SPLICED if k == 0 else HIDDEN
                            m_ih = torch.from_numpy(np.tile(mi[:, :cols], (4, 1)).astype(np.float32))
                            m_hh = torch.from_numpy(np.tile(mh, (4, 1)).astype(np.float32))
                            self.masks.append((m_ih, m_hh))
                            # weight scale for the kept fan-in (ih + hh), well inside the 6-bit range
                            a = float(np.sqrt(3.0 / (mi[0].sum() + mh[0].sum())))
                            getattr(self.lstm, f"weight_ih_l{k}").uniform_(-a, a)
                            getattr(self.lstm, f"weight_hh_l{k}").uniform_(-a, a)
                    self.masks_np = masks

            def weights(self):
                out = []
                for k in range(LAYERS):
                    w_ih = getattr(self.lstm, f"weight_ih_l{k}")
                    w_hh = getattr(self.lstm, f"weight_hh_l{k}")
                    if self.masks:
                        w_ih = _ste(w_ih, torch) * self.masks[k][0]
                        w_hh = _ste(w_hh, torch) * self.masks[k][1]
                    out += [w_ih, w_hh, getattr(self.lstm, f"bias_ih_l{k}"), getattr(self.lstm, f"bias_hh_l{k}")]
                return out

            def forward(self, x, lens):
                b = x.shape[0]
                h0 = torch.zeros(LAYERS, b, HIDDEN)
                y, _, _ = torch._VF.lstm(x, (h0, h0), self.weights(), True, LAYERS, 0.0, self.training, False, True)
                valid = (torch.arange(x.shape[1])[None, :] < lens[:, None]).float()
                pooled = (y * valid[..., None]).sum(1) / lens[:, None].float()
                return self.fc(pooled)

            def clip(self):
                if self.masks:
                    with torch.no_grad():
                        for k in range(LAYERS):
                            for n in ("ih", "hh"):
                                getattr(self.lstm, f"weight_{n}_l{k}").clamp_(W_MIN * W_STEP, W_MAX * W_STEP)

            def export(self, mean, std) -> modelfile.SpeechModel:
                with torch.no_grad():
                    w = [t.detach().numpy().astype(np.float64) for t in self.weights()]
                arrays = {}
                for k in range(LAYERS):
                    arrays[f"weight_ih_l{k}"], arrays[f"weight_hh_l{k}"], arrays[f"bias_ih_l{k}"], \
                        arrays[f"bias_hh_l{k}"] = w[4 * k:4 * k + 4]
                    if self.masks:
                        arrays[f"mask_ih_l{k}"], arrays[f"mask_hh_l{k}"] = self.masks_np[k]
                return modelfile.SpeechModel(gm.from_arrays(arrays), self.fc.weight.detach().numpy().astype(np.float64),
                                             self.fc.bias.detach().numpy().astype(np.float64), mean, std)

        return Net()


def _ste(w, torch):
    """The golden model's 6-bit weight quantiser forward, identity backward (straight-through)."""
    q = torch.clamp(torch.round(w / W_STEP), W_MIN, W_MAX) * W_STEP
    return w + (q - w).detach()


if __name__ == "__main__":
    sys.exit(main())
