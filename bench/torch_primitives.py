#!/usr/bin/env python3
"""The calls `bench primitives` times, in PyTorch, at the same sizes (Float32, the GNN peer's
batch of 256 steps, 90 edges, 10 bodies, width 128); one JSON line each with µs per call.

    python bench/torch_primitives.py [--device cpu|cuda] [--threads N] [--repeats 50]
"""
import argparse, json, time
import torch

p = argparse.ArgumentParser()
p.add_argument("--device", default="cpu")
p.add_argument("--threads", type=int, default=None)
p.add_argument("--repeats", type=int, default=50)
args = p.parse_args()
if args.threads:
    torch.set_num_threads(args.threads)
dev = torch.device(args.device)
if dev.type == "cuda" and not torch.cuda.is_available():
    raise SystemExit(f"--device {args.device}: torch.cuda.is_available() is False")

def sync():
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)

g = torch.Generator().manual_seed(1)
def tensor(*shape):
    return (torch.rand(*shape, generator=g) * 4 - 2).to(dev)

steps, edges, bodies, width = 256, 90, 10, 128
rows = steps * edges
activations, other, bias = tensor(rows, width), tensor(rows, width), tensor(width)
weights = tensor(width, width)
messages, wide, positions = tensor(steps, edges, 3), tensor(steps, edges, width), tensor(steps, bodies, 3)
receivers = torch.tensor([r for s in range(bodies) for r in range(bodies) if r != s], device=dev)

cases = [
    ("add [23040,128] + [23040,128]", lambda: activations + other),
    ("add bias [23040,128] + [128]", lambda: activations + bias),
    ("silu [23040,128]", lambda: torch.nn.functional.silu(activations)),
    ("sum over rows [23040,128] -> [128]", lambda: activations.sum(0)),
    ("gather [256,10,3] -> [256,90,3]", lambda: positions.index_select(1, receivers)),
    ("scatter-add [256,90,3] -> [256,10,3]",
     lambda: torch.zeros(steps, bodies, 3, device=dev).index_add_(1, receivers, messages)),
    ("scatter-add [256,90,128] -> [256,10,128]",
     lambda: torch.zeros(steps, bodies, width, device=dev).index_add_(1, receivers, wide)),
    ("matmul [23040,128] x [128,128]", lambda: activations @ weights),
]
name = torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu"
for op, body in cases:
    times = []
    for trial in range(6):
        sync(); t0 = time.perf_counter()
        for _ in range(args.repeats):
            out = body()
        sync(); times.append(time.perf_counter() - t0)
    times = sorted(times[1:])
    print(json.dumps({"bench": "torch-primitives", "device": name, "torch": torch.__version__, "op": op,
                      "us_per_call": times[len(times) // 2] / args.repeats * 1e6,
                      "best_us_per_call": times[0] / args.repeats * 1e6}), flush=True)
