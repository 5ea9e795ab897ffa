#!/usr/bin/python3
"""Make the small ONNX test-model fixtures under examples/onnx/.

Each model is trained on REAL data available offline: scikit-learn's bundled
``load_digits()`` (1797 real 8x8 handwritten digits, pixel values 0..16, scaled
here to 0..1 by dividing by 16).  Nothing is downloaded.

How to run (Debian bookworm packages; the ``python3`` on PATH may be a pyenv
shim without these modules, so call /usr/bin/python3 explicitly):

    apt-get update
    apt-get install -y python3-torch python3-onnx python3-sklearn python3-numpy
    /usr/bin/python3 scripts/onnx/make_fixtures.py            # from the repo root
    /usr/bin/python3 scripts/onnx/check_fixtures.py           # optional re-check

CI never runs this script: its outputs are committed as fixtures under
examples/onnx/<name>/ (model.onnx, calibration.npy, samples.npy, labels.json,
expected.npy, README.md).  The script is deterministic (fixed numpy/torch
seeds, single-threaded CPU training); re-running it with the same torch/onnx
versions reproduces the same files.

Models: gru-digits, lstm-digits, cell-digits, rnn-digits, conv-digits,
gru-softmax-digits.  Exported with torch's classic TorchScript-based exporter,
opset 17, dynamic batch axis, input "x", output "logits", default exporter
settings (no onnx-simplifier, no extra constant folding).
"""

import io
import json
import os
import sys
from collections import Counter, OrderedDict

import numpy as np
import onnx
import sklearn
import torch
import torch.nn as nn
from sklearn.datasets import load_digits

SEED = 0
N_TRAIN = 1297
HIDDEN = 16
OPSET = 17
N_CALIB = 256
N_SAMPLES = 100

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "examples", "onnx")


# --------------------------------------------------------------------------- data
def load_data():
    d = load_digits()
    x = (d.data.astype(np.float32) / np.float32(16.0)).reshape(-1, 8, 8)
    y = d.target.astype(np.int64)
    perm = np.random.RandomState(SEED).permutation(len(x))
    x, y = x[perm], y[perm]
    return (x[:N_TRAIN], y[:N_TRAIN]), (x[N_TRAIN:], y[N_TRAIN:])


# --------------------------------------------------------------------------- models
class GRUDigits(nn.Module):
    """rows as an 8-step sequence of 8 features -> GRU(8,16) -> last h -> Linear(16,10)."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(8, HIDDEN, batch_first=True)
        self.fc = nn.Linear(HIDDEN, 10)

    def forward(self, x):
        _, h = self.rnn(x)          # h: [1, batch, 16]
        return self.fc(h[0])


class LSTMDigits(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(8, HIDDEN, batch_first=True)
        self.fc = nn.Linear(HIDDEN, 10)

    def forward(self, x):
        _, (h, _c) = self.rnn(x)
        return self.fc(h[0])


class RNNDigits(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(8, HIDDEN, batch_first=True, nonlinearity="tanh")
        self.fc = nn.Linear(HIDDEN, 10)

    def forward(self, x):
        _, h = self.rnn(x)
        return self.fc(h[0])


class CellDigits(nn.Module):
    """FastGRNN-style cell, unrolled by hand over the 8 rows.

    z = sigmoid(x W + h U + bz); c = tanh(x W' + h U' + bc);
    h = (zeta * (1 - z) + nu) * c + z * h   (zeta, nu plain scalar parameters)
    """

    def __init__(self):
        super().__init__()
        self.wz = nn.Linear(8, HIDDEN)                 # x W + bz
        self.uz = nn.Linear(HIDDEN, HIDDEN, bias=False)  # h U
        self.wc = nn.Linear(8, HIDDEN)                 # x W' + bc
        self.uc = nn.Linear(HIDDEN, HIDDEN, bias=False)  # h U'
        self.zeta = nn.Parameter(torch.tensor(1.0))
        self.nu = nn.Parameter(torch.tensor(0.0))
        self.fc = nn.Linear(HIDDEN, 10)

    def forward(self, x):
        h = torch.zeros(x.shape[0], HIDDEN)
        for t in range(8):
            xt = x[:, t, :]
            z = torch.sigmoid(self.wz(xt) + self.uz(h))
            c = torch.tanh(self.wc(xt) + self.uc(h))
            h = (self.zeta * (1 - z) + self.nu) * c + z * h
        return self.fc(h)


class ConvDigits(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1),
            nn.BatchNorm2d(4),
            nn.ReLU(),
            nn.MaxPool2d(2),          # 8x8 -> 4x4
            nn.Conv2d(4, 8, 3, padding=1),
            nn.ReLU(),
            # count_include_pad=False (same result, no padding here): with the default True the
            # torch 1.13 exporter emits an extra all-zero Pad node before AveragePool.
            nn.AvgPool2d(2, count_include_pad=False),  # 4x4 -> 2x2
            nn.Flatten(),
            nn.Linear(8 * 2 * 2, 10),
        )

    def forward(self, x):
        return self.net(x)


class WithSoftmax(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return torch.softmax(self.inner(x), dim=-1)


# --------------------------------------------------------------------------- train
def train(model, xtr, ytr, epochs, lr=1e-2, batch=64):
    torch.manual_seed(SEED)
    np_rng = np.random.RandomState(SEED)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(xtr), torch.from_numpy(ytr)
    for _ in range(epochs):
        model.train()
        perm = np_rng.permutation(len(xt))
        for i in range(0, len(xt), batch):
            idx = torch.from_numpy(perm[i:i + batch])
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    model.eval()
    return model


def predict(model, x):
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy().astype(np.float32)


def export(model, example, path):
    kwargs = dict(
        input_names=["x"],
        output_names=["logits"],
        opset_version=OPSET,
        dynamic_axes={"x": {0: "batch"}, "logits": {0: "batch"}},
    )
    import inspect
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    buf = io.BytesIO()
    torch.onnx.export(model, (example,), buf, **kwargs)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def op_counts(m):
    return OrderedDict(sorted(Counter(n.op_type for n in m.graph.node).items()))


# --------------------------------------------------------------------------- main
SPECS = [
    # name, class, image layout?, epochs, architecture text
    ("gru-digits", GRUDigits, False, 30,
     "nn.GRU(8, 16, batch_first=True) -> last hidden state -> nn.Linear(16, 10) -> logits"),
    ("lstm-digits", LSTMDigits, False, 40,
     "nn.LSTM(8, 16, batch_first=True) -> last hidden state h -> nn.Linear(16, 10) -> logits"),
    ("cell-digits", CellDigits, False, 40,
     "hand-written FastGRNN-style cell unrolled over 8 steps: z = sigmoid(x W + h U + bz), "
     "c = tanh(x W' + h U' + bc), h = (zeta*(1-z)+nu)*c + z*h (hidden 16, h0 = zeros[batch,16]) "
     "-> nn.Linear(16, 10) -> logits"),
    ("rnn-digits", RNNDigits, False, 40,
     "nn.RNN(8, 16, batch_first=True, nonlinearity='tanh') -> last hidden state -> "
     "nn.Linear(16, 10) -> logits"),
    ("conv-digits", ConvDigits, True, 20,
     "Conv2d(1,4,3,pad=1) -> BatchNorm2d(4) -> ReLU -> MaxPool2d(2) -> Conv2d(4,8,3,pad=1) "
     "-> ReLU -> AvgPool2d(2, count_include_pad=False) -> Flatten -> Linear(32, 10) -> logits"),
]


def write_model_dir(name, model, arch, layout, xtr, xte, yte, all_pred_te, epochs,
                    out_is_softmax=False, note=""):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    export(model, torch.from_numpy(xte[:2]), path)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    calib = np.ascontiguousarray(xtr[:N_CALIB], dtype="<f4")
    samples = np.ascontiguousarray(xte[:N_SAMPLES], dtype="<f4")
    labels = [int(v) for v in yte[:N_SAMPLES]]
    expected = np.ascontiguousarray(predict(model, samples), dtype="<f4")
    np.save(os.path.join(d, "calibration.npy"), calib)
    np.save(os.path.join(d, "samples.npy"), samples)
    np.save(os.path.join(d, "expected.npy"), expected)
    with open(os.path.join(d, "labels.json"), "w") as f:
        json.dump(labels, f)
        f.write("\n")
    acc100 = float((expected.argmax(1) == yte[:N_SAMPLES]).mean())
    accall = float((all_pred_te.argmax(1) == yte).mean())
    opset = [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")][0]
    ops = op_counts(m)
    ops_txt = ", ".join(f"{k} x{v}" for k, v in ops.items())
    in_shape = "[batch, 1, 8, 8] (NCHW image)" if layout else \
        "[batch, 8, 8] (batch_first: 8 time steps = image rows, 8 features = pixels of a row)"
    out_txt = "softmax probabilities" if out_is_softmax else "logits"
    readme = f"""# {name}

- Architecture: {arch}.{(' ' + note) if note else ''}
- Input `x`: float32 {in_shape}, pixel/16 in [0,1]; output `logits`: float32 [batch, 10] ({out_txt}). Dim 0 is dynamic ("batch").
- Data: sklearn `load_digits()` shuffled with seed {SEED}; train = first {N_TRAIN} (Adam lr 1e-2, batch 64, {epochs} epochs), held-out test = remaining {len(yte)}.
- Held-out accuracy: {acc100*100:.1f}% on the {N_SAMPLES} samples in samples.npy, {accall*100:.2f}% on all {len(yte)} held-out digits.
- Files: calibration.npy [{N_CALIB}, ...] = first {N_CALIB} training inputs; samples.npy [{N_SAMPLES}, ...] = first {N_SAMPLES} held-out inputs; labels.json their labels; expected.npy [{N_SAMPLES}, 10] = torch outputs.
- Exported with torch {torch.__version__} classic exporter (default settings), onnx {onnx.__version__}, opset {opset}.
- ONNX ops ({len(m.graph.node)} nodes): {ops_txt}.
- Made by scripts/onnx/make_fixtures.py (not run in CI).
"""
    with open(os.path.join(d, "README.md"), "w") as f:
        f.write(readme)
    return dict(name=name, ops=ops, order=[n.op_type for n in m.graph.node], opset=opset,
                acc100=acc100, accall=accall, size=os.path.getsize(path),
                bn=("BatchNormalization" in ops))


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    (xtr, ytr), (xte, yte) = load_data()
    results = []
    gru_model = None
    for name, cls, image, epochs, arch in SPECS:
        torch.manual_seed(SEED)
        model = cls()
        xtr_m = xtr[:, None] if image else xtr
        xte_m = xte[:, None] if image else xte
        train(model, xtr_m, ytr, epochs)
        pred = predict(model, xte_m)
        note = ""
        if name == "conv-digits":
            note = ("Exported in eval mode; the exporter fused BatchNorm2d into the first Conv "
                    "(no BatchNormalization node).")
        r = write_model_dir(name, model, arch, image, xtr_m, xte_m, yte, pred, epochs, note=note)
        results.append(r)
        if name == "gru-digits":
            gru_model = model
    # gru-softmax-digits: the trained GRU model (same weights) + final Softmax(dim=-1)
    sm = WithSoftmax(gru_model).eval()
    pred = predict(sm, xte)
    results.append(write_model_dir(
        "gru-softmax-digits", sm,
        "the trained gru-digits model (same weights) followed by torch.softmax(dim=-1)",
        False, xtr, xte, yte, pred, SPECS[0][3], out_is_softmax=True))

    lines = ["# ONNX test-model fixtures", "",
             "Small models trained on sklearn's bundled `load_digits()` (real 8x8 handwritten digits, "
             "pixels/16), made by `scripts/onnx/make_fixtures.py` (deterministic; not run in CI). "
             "Each folder has model.onnx, calibration.npy (256 train inputs), samples.npy (100 held-out "
             "inputs), labels.json, expected.npy (torch outputs [100,10]) and a README.md.", "",
             f"torch {torch.__version__}, onnx {onnx.__version__}, sklearn {sklearn.__version__}, "
             f"numpy {np.__version__}; opset {OPSET}; input `x` / output `logits`, dynamic batch.", "",
             "| folder | model | acc (100 samples) | acc (all held-out) | ops |",
             "| --- | --- | --- | --- | --- |"]
    short = {"gru-digits": "nn.GRU(8,16) + Linear", "lstm-digits": "nn.LSTM(8,16) + Linear",
             "cell-digits": "unrolled FastGRNN-style cell (16) + Linear",
             "rnn-digits": "nn.RNN(8,16,tanh) + Linear",
             "conv-digits": "Conv-BN-ReLU-MaxPool-Conv-ReLU-AvgPool-Linear",
             "gru-softmax-digits": "gru-digits + Softmax"}
    for r in results:
        ops = ", ".join(f"{k}×{v}" for k, v in r["ops"].items())
        lines.append(f"| [{r['name']}]({r['name']}/) | {short[r['name']]} | {r['acc100']*100:.0f}% | "
                     f"{r['accall']*100:.1f}% | {ops} |")
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write("\n".join(lines) + "\n")

    print(f"torch {torch.__version__} onnx {onnx.__version__}")
    for r in results:
        print(f"\n== {r['name']}  opset {r['opset']}  size {r['size']} B  "
              f"acc100 {r['acc100']:.3f}  acc_all {r['accall']:.4f}")
        print("   counts:", dict(r["ops"]))
        print("   order :", " ".join(r["order"]))


if __name__ == "__main__":
    sys.exit(main())
