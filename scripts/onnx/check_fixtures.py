#!/usr/bin/python3
"""Re-check the fixtures under examples/onnx/ without onnxruntime.

Debian bookworm has no onnxruntime package (and onnx 1.12 has no onnx.reference),
so this is a tiny pure-numpy evaluator for exactly the ONNX ops the fixtures use.
For each model it runs onnx.checker.check_model, evaluates samples.npy (batch 100)
and samples[:1] (batch 1, to exercise the dynamic batch), and prints the max abs
difference to expected.npy plus accuracy against labels.json.

    /usr/bin/python3 scripts/onnx/check_fixtures.py

Not run in CI (needs python3-onnx and python3-numpy from apt).
"""

import json
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper as nh

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "examples", "onnx")


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


ACT = {b"Sigmoid": sigmoid, b"Tanh": np.tanh, b"Relu": lambda v: np.maximum(v, 0)}


def rnn_common(ins, a, gates):
    x, w, r = ins[0], ins[1], ins[2]          # x [T,B,I], w [1,G*H,I], r [1,G*H,H]
    assert a.get("direction", b"forward") == b"forward"
    hs = a["hidden_size"]
    b = ins[3] if len(ins) > 3 and ins[3] is not None else np.zeros((1, 2 * gates * hs), np.float32)
    assert len(ins) <= 4 or ins[4] is None    # sequence_lens unused
    h0 = ins[5] if len(ins) > 5 and ins[5] is not None else np.zeros((1, x.shape[1], hs), np.float32)
    return x, w[0], r[0], b[0, :gates * hs], b[0, gates * hs:], h0[0], hs


def op_rnn(ins, a):
    x, w, r, wb, rb, h, hs = rnn_common(ins, a, 1)
    f = ACT[a.get("activations", [b"Tanh"])[0]]
    ys = []
    for t in range(x.shape[0]):
        h = f(x[t] @ w.T + wb + h @ r.T + rb)
        ys.append(h)
    return [np.stack(ys)[:, None], h[None]]


def op_gru(ins, a):
    x, w, r, wb, rb, h, hs = rnn_common(ins, a, 3)
    assert a.get("activations", [b"Sigmoid", b"Tanh"]) == [b"Sigmoid", b"Tanh"]
    lbr = a.get("linear_before_reset", 0)
    S = lambda m, k: m[k * hs:(k + 1) * hs]     # gate order z, r, h
    ys = []
    for t in range(x.shape[0]):
        xt = x[t]
        z = sigmoid(xt @ S(w, 0).T + S(wb, 0) + h @ S(r, 0).T + S(rb, 0))
        rr = sigmoid(xt @ S(w, 1).T + S(wb, 1) + h @ S(r, 1).T + S(rb, 1))
        if lbr:
            n = np.tanh(xt @ S(w, 2).T + S(wb, 2) + rr * (h @ S(r, 2).T + S(rb, 2)))
        else:
            n = np.tanh(xt @ S(w, 2).T + S(wb, 2) + (rr * h) @ S(r, 2).T + S(rb, 2))
        h = (1 - z) * n + z * h
        ys.append(h)
    return [np.stack(ys)[:, None], h[None]]


def op_lstm(ins, a):
    x, w, r, wb, rb, h, hs = rnn_common(ins, a, 4)
    c = ins[6][0] if len(ins) > 6 and ins[6] is not None else np.zeros_like(h)
    assert len(ins) <= 7 or ins[7] is None    # no peepholes
    S = lambda m, k: m[k * hs:(k + 1) * hs]     # gate order i, o, f, c
    ys = []
    for t in range(x.shape[0]):
        g = [x[t] @ S(w, k).T + S(wb, k) + h @ S(r, k).T + S(rb, k) for k in range(4)]
        i, o, f, cc = sigmoid(g[0]), sigmoid(g[1]), sigmoid(g[2]), np.tanh(g[3])
        c = f * c + i * cc
        h = o * np.tanh(c)
        ys.append(h)
    return [np.stack(ys)[:, None], h[None], c[None]]


def conv2d(x, w, b, a):
    kh, kw = w.shape[2:]
    assert a.get("group", 1) == 1 and a.get("dilations", [1, 1]) == [1, 1]
    st = a.get("strides", [1, 1])
    p = a.get("pads", [0, 0, 0, 0])
    x = np.pad(x, ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])))
    n, ci, hh, ww = x.shape
    oh, ow = (hh - kh) // st[0] + 1, (ww - kw) // st[1] + 1
    out = np.zeros((n, w.shape[0], oh, ow), np.float32)
    for i in range(oh):
        for j in range(ow):
            patch = x[:, :, i * st[0]:i * st[0] + kh, j * st[1]:j * st[1] + kw]
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))
    return out + (b[None, :, None, None] if b is not None else 0)


def pool(x, a, red):
    assert a.get("pads", [0, 0, 0, 0]) == [0, 0, 0, 0] and not a.get("ceil_mode", 0)
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    n, c, hh, ww = x.shape
    oh, ow = (hh - kh) // sh + 1, (ww - kw) // sw + 1
    out = np.zeros((n, c, oh, ow), np.float32)
    for i in range(oh):
        for j in range(ow):
            out[:, :, i, j] = red(x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw], axis=(2, 3))
    return out


def gemm(ins, a):
    A, B = ins[0], ins[1]
    if a.get("transA", 0):
        A = A.T
    if a.get("transB", 0):
        B = B.T
    y = a.get("alpha", 1.0) * (A @ B)
    if len(ins) > 2 and ins[2] is not None:
        y = y + a.get("beta", 1.0) * ins[2]
    return [y]


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


OPS = {
    "Constant": lambda i, a: [nh.to_array(a["value"]) if isinstance(a["value"], onnx.TensorProto) else np.array(a["value"])],
    "Identity": lambda i, a: [i[0]],
    "Shape": lambda i, a: [np.array(i[0].shape, np.int64)],
    "Gather": lambda i, a: [np.take(i[0], i[1], axis=a.get("axis", 0))],
    "Unsqueeze": lambda i, a: [np.expand_dims(i[0], tuple(int(v) for v in i[1]))],
    "Squeeze": lambda i, a: [np.squeeze(i[0], tuple(int(v) for v in i[1]))],
    "Concat": lambda i, a: [np.concatenate(i, axis=a["axis"])],
    "ConstantOfShape": lambda i, a: [np.full(tuple(i[0]), nh.to_array(a["value"])[0]
                                             if "value" in a else np.float32(0))],
    "Transpose": lambda i, a: [np.transpose(i[0], a.get("perm"))],
    "Reshape": lambda i, a: [i[0].reshape(tuple(int(v) for v in i[1]))],
    "Flatten": lambda i, a: [i[0].reshape(int(np.prod(i[0].shape[:a.get("axis", 1)])), -1)],
    "Gemm": gemm,
    "MatMul": lambda i, a: [i[0] @ i[1]],
    "Add": lambda i, a: [i[0] + i[1]],
    "Sub": lambda i, a: [i[0] - i[1]],
    "Mul": lambda i, a: [i[0] * i[1]],
    "Div": lambda i, a: [i[0] / i[1]],
    "Sigmoid": lambda i, a: [sigmoid(i[0])],
    "Tanh": lambda i, a: [np.tanh(i[0])],
    "Relu": lambda i, a: [np.maximum(i[0], 0)],
    "Softmax": lambda i, a: [softmax(i[0], a.get("axis", -1))],
    "Conv": lambda i, a: [conv2d(i[0], i[1], i[2] if len(i) > 2 else None, a)],
    "MaxPool": lambda i, a: [pool(i[0], a, np.max)],
    "AveragePool": lambda i, a: [pool(i[0], a, np.mean)],
    "GlobalAveragePool": lambda i, a: [i[0].mean(axis=(2, 3), keepdims=True)],
    "RNN": op_rnn,
    "GRU": op_gru,
    "LSTM": op_lstm,
}


def run(model, x):
    env = {t.name: nh.to_array(t) for t in model.graph.initializer}
    env[model.graph.input[0].name] = x.astype(np.float64)
    for n in model.graph.node:
        ins = [env[i] if i else None for i in n.input]
        outs = OPS[n.op_type](ins, attrs(n))
        for name, v in zip(n.output, outs):
            if name:
                env[name] = v
    return env[model.graph.output[0].name]


def main():
    ok = True
    for name in sorted(os.listdir(OUT)):
        d = os.path.join(OUT, name)
        if not os.path.isdir(d):
            continue
        m = onnx.load(os.path.join(d, "model.onnx"))
        onnx.checker.check_model(m)
        xs = np.load(os.path.join(d, "samples.npy"))
        exp = np.load(os.path.join(d, "expected.npy"))
        labels = np.array(json.load(open(os.path.join(d, "labels.json"))))
        cal = np.load(os.path.join(d, "calibration.npy"))
        got = run(m, xs)
        got1 = run(m, xs[:1])
        diff = float(np.abs(got - exp).max())
        diff1 = float(np.abs(got1 - exp[:1]).max())
        acc = float((got.argmax(1) == labels).mean())
        good = diff < 1e-4 and diff1 < 1e-4 and got.shape == exp.shape
        ok &= good
        print(f"{name:20s} check_model ok; numpy-eval max|diff| batch100 {diff:.2e}, batch1 {diff1:.2e}; "
              f"acc {acc:.2f}; calib {cal.shape} {cal.dtype.str}; samples {xs.shape} {xs.dtype.str} "
              f"-> {'OK' if good else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
