#!/usr/bin/env python3
"""Calls Predict on a running `client-party serve` from Python and prints the label.

Needs gRPC for Python and the protobuf compiler plugin; on Debian/Ubuntu:
    apt-get install python3-grpcio python3-grpc-tools     (python3-protobuf comes with them)
The gRPC stubs are generated at run time from proto/src/main/proto/sirnn.proto (grpc_tools.protoc) into a
temporary directory, so nothing generated is committed and the stubs always match the .proto and the installed
protobuf runtime.

The input is the model's integer encoding, the same file `client-party infer --input` reads: one integer per
line (`#` starts a comment) or a JSON array. Example (serve's Inference API on 127.0.0.1:7002, plaintext):
    python3 examples/python/predict.py --server 127.0.0.1:7002 --model google30 --input models/google30/input.txt
prints
    google30: label 24
With --json it prints one JSON object: {"model": ..., "label": ..., "label_name": ..., "scores": [...]}.
"""
import argparse
import json
import os
import sys
import tempfile

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def read_input(path):
    text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    if text.strip().startswith("["):
        values = json.loads(text)
        if not values or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise ValueError(f"{path}: expected a non-empty JSON array of integers")
        return values
    values = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            values.append(int(line))
        except ValueError:
            raise ValueError(f"{path} line {n}: not an integer: {line!r}") from None
    if not values:
        raise ValueError(f"{path}: no input integers")
    return values


def load_stubs(proto_dir, out_dir):
    """Generates sirnn_pb2 / sirnn_pb2_grpc from sirnn.proto into out_dir and imports them."""
    try:
        from grpc_tools import protoc
    except ImportError:
        sys.exit("predict.py: grpc_tools missing (apt-get install python3-grpc-tools, or pip install grpcio-tools)")
    proto = os.path.join(proto_dir, "sirnn.proto")
    if not os.path.isfile(proto):
        sys.exit(f"predict.py: {proto} not found (set --proto-dir)")
    rc = protoc.main(["grpc_tools.protoc", f"-I{proto_dir}", f"--python_out={out_dir}",
                      f"--grpc_python_out={out_dir}", proto])
    if rc != 0:
        sys.exit(f"predict.py: grpc_tools.protoc failed on {proto} (exit {rc})")
    sys.path.insert(0, out_dir)
    import sirnn_pb2
    import sirnn_pb2_grpc
    return sirnn_pb2, sirnn_pb2_grpc


def main():
    ap = argparse.ArgumentParser(description="Predict on client-party serve's Inference API (plaintext gRPC).")
    ap.add_argument("--server", default="127.0.0.1:7002", help="Inference API HOST:PORT (default: %(default)s)")
    ap.add_argument("--model", required=True, help="model name, e.g. google30")
    ap.add_argument("--input", required=True, help="integers in the model's encoding: one per line or a JSON array")
    ap.add_argument("--proto-dir", default=os.path.join(REPO, "proto", "src", "main", "proto"),
                    help="directory holding sirnn.proto (default: %(default)s)")
    ap.add_argument("--deadline", type=float, default=120.0, help="seconds (default: %(default)s)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()

    try:
        import grpc
    except ImportError:
        sys.exit("predict.py: grpc missing (apt-get install python3-grpcio, or pip install grpcio)")
    try:
        values = read_input(args.input)
    except (OSError, ValueError) as e:
        print(f"predict.py: --input {e}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="sirnn-stubs-") as stubs:
        pb, pb_grpc = load_stubs(args.proto_dir, stubs)
        request = pb.PredictRequest(model=args.model,
                                    input=pb.Tensor(shape=[len(values)], values=values))
        with grpc.insecure_channel(args.server, options=[("grpc.max_receive_message_length", 16 << 20)]) as ch:
            try:
                r = pb_grpc.InferenceStub(ch).Predict(request, timeout=args.deadline)
            except grpc.RpcError as e:
                print(f"predict.py: {e.code().name}: {e.details()}", file=sys.stderr)
                return 1

    name = r.label_name
    if args.json:
        o = {"model": args.model, "label": r.label}
        if name:
            o["label_name"] = name
        if r.HasField("scores"):
            o["scores"] = list(r.scores.values)
            o["scale"] = r.scores.scale
        print(json.dumps(o))
    else:
        print(f"{args.model}: label {r.label}" + (f" '{name}'" if name else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
