#!/usr/bin/env python3
"""Convert LAION's aesthetic-predictor state dict (.pth) to Doppel's aesthetic head JSON.

LAION's improved aesthetic predictor is an MLP on L2-normalised CLIP ViT-L/14 image embeddings:
    Linear(768,1024) -> Dropout -> Linear(1024,128) -> Dropout -> Linear(128,64) -> Dropout
    -> Linear(64,16) -> Linear(16,1)
saved as a torch state dict with keys layers.{0,2,4,6,7}.{weight,bias}. Dropout does nothing at inference
and there are no activations, so the head is five linear layers with activation "none".

Usage (needs torch; run it where the .pth was downloaded):
    python3 scripts/convert_laion_aesthetic.py sac+logos+ava1-l14-linearMSE.pth laion-aesthetic.json

The output format is documented in doppel.aesthetic.AestheticHead:
    {"format": "doppel-aesthetic-head", "version": 1, "input_dim": D, "normalize_input": true,
     "layers": [{"weight": [[...]], "bias": [...], "activation": "none"}, ...]}
"""
import argparse
import json
import re
import sys

LINEAR_INDICES = (0, 2, 4, 6, 7)


def load_state_dict(path):
    import torch

    obj = torch.load(path, map_location="cpu")
    # Some copies wrap the weights ({"state_dict": ...}) or carry a DataParallel "module." prefix.
    if isinstance(obj, dict) and "state_dict" in obj and isinstance(obj["state_dict"], dict):
        obj = obj["state_dict"]
    if not isinstance(obj, dict):
        sys.exit(f"{path}: expected a state dict, got {type(obj).__name__}")
    return {re.sub(r"^module\.", "", k): v for k, v in obj.items()}


def convert(state, source, normalize):
    layers = []
    in_dim = prev_out = None
    for i in LINEAR_INDICES:
        wk, bk = f"layers.{i}.weight", f"layers.{i}.bias"
        if wk not in state or bk not in state:
            keys = ", ".join(sorted(state)) or "none"
            sys.exit(f"{source}: missing {wk} / {bk}; this is not LAION's aesthetic predictor (keys: {keys})")
        w = state[wk].detach().double()
        b = state[bk].detach().double()
        if w.dim() != 2 or b.dim() != 1 or b.shape[0] != w.shape[0]:
            sys.exit(f"{source}: {wk} has shape {tuple(w.shape)} and {bk} {tuple(b.shape)}; expected [out, in] and [out]")
        if prev_out is not None and w.shape[1] != prev_out:
            sys.exit(f"{source}: {wk} takes {w.shape[1]} inputs but the previous layer gives {prev_out}")
        if in_dim is None:
            in_dim = int(w.shape[1])
        prev_out = int(w.shape[0])
        # Python floats are doubles; float32 weights convert exactly and json writes them in shortest form.
        layers.append({"weight": w.tolist(), "bias": b.tolist(), "activation": "none"})
    if prev_out != 1:
        sys.exit(f"{source}: last layer has {prev_out} outputs, expected 1")
    return {
        "format": "doppel-aesthetic-head",
        "version": 1,
        "input_dim": in_dim,
        "normalize_input": normalize,
        "layers": layers,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("pth", help="LAION aesthetic predictor state dict, e.g. sac+logos+ava1-l14-linearMSE.pth")
    p.add_argument("out", help="output JSON file")
    p.add_argument("--no-normalize", action="store_true",
                   help="do not L2-normalise embeddings before the head (LAION's predictor expects normalised ones)")
    args = p.parse_args()
    head = convert(load_state_dict(args.pth), args.pth, not args.no_normalize)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(head, f, separators=(",", ":"))
        f.write("\n")
    dims = [head["input_dim"]] + [len(l["bias"]) for l in head["layers"]]
    print(f"wrote {args.out}: {' -> '.join(map(str, dims))}")


if __name__ == "__main__":
    main()
