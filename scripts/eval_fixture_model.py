#!/usr/bin/python3
"""Measures a spec'd TorchScript embedding model on near-duplicates of a photo folder (Python-side check
used while designing doppel-filterbank-v1; the Java numbers come from doppel.bench.CnnQuality).

Usage: /usr/bin/python3 scripts/eval_fixture_model.py models/doppel-filterbank-v1.pt /work/shared/photos [threshold]
"""
import glob
import io
import json
import os
import sys

import numpy as np
import torch
from PIL import Image, ImageEnhance


def variants(img):
    w, h = img.size
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=60)
    yield "jpeg-q60", Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    yield "resize-50%", img.resize((max(1, w // 2), max(1, h // 2)), Image.BILINEAR)
    cw, ch = int(w * 0.9), int(h * 0.9)
    x0, y0 = (w - cw) // 2, (h - ch) // 2
    yield "crop-90%", img.crop((x0, y0, x0 + cw, y0 + ch))
    yield "brightness+15%", ImageEnhance.Brightness(img).enhance(1.15)
    yield "colour+20%/contrast-10%", ImageEnhance.Contrast(ImageEnhance.Color(img).enhance(1.2)).enhance(0.9)


def main():
    model_path, folder = sys.argv[1], sys.argv[2]
    thr = float(sys.argv[3]) if len(sys.argv) > 3 else 0.9
    spec = json.load(open(os.path.splitext(model_path)[0] + ".json"))
    size = (spec["inputWidth"], spec["inputHeight"])
    model = torch.jit.load(model_path).eval()

    def embed(imgs):
        arr = np.stack([np.asarray(i.resize(size, Image.BILINEAR), dtype=np.float32) / 255.0 for i in imgs])
        x = torch.from_numpy(arr).permute(0, 3, 1, 2).contiguous()
        with torch.no_grad():
            v = model(x)
        return torch.nn.functional.normalize(v, dim=1).numpy()

    files = sorted(f for f in glob.glob(os.path.join(folder, "p*")) if f.rsplit(".", 1)[-1] in ("jpg", "png", "webp"))
    originals, per_kind = [], {}
    for f in files:
        img = Image.open(f).convert("RGB")
        originals.append(img)
    base = embed(originals)
    for i, img in enumerate(originals):
        names, vs = zip(*variants(img))
        e = embed(list(vs))
        for n, v in zip(names, e):
            per_kind.setdefault(n, []).append(float(v @ base[i]))
    sim = base @ base.T
    iu = np.triu_indices(len(files), 1)
    d = sim[iu]
    print(f"{len(files)} photos, dim {base.shape[1]}, threshold {thr}")
    for n, s in per_kind.items():
        s = np.array(s)
        print(f"  {n:24s} TPR {np.mean(s >= thr):.3f}  min {s.min():.3f}  median {np.median(s):.3f}")
    allv = np.concatenate([np.array(s) for s in per_kind.values()])
    print(f"  all near-duplicates      TPR {np.mean(allv >= thr):.3f}")
    print(f"  distinct pairs {len(d)}: FP rate {np.mean(d >= thr):.4f} ({int(np.sum(d >= thr))} pairs), "
          f"median {np.median(d):.3f}, p99 {np.percentile(d, 99):.3f}, max {d.max():.3f}")
    top = np.argsort(-d)[:5]
    for t in top:
        print(f"    {os.path.basename(files[iu[0][t]])} {os.path.basename(files[iu[1][t]])} {d[t]:.3f}")


if __name__ == "__main__":
    main()
