#!/usr/bin/python3
"""Builds Doppel's offline baseline embedding model, doppel-filterbank-v1, as TorchScript.

The network has no learned weights. Every filter is written down here by hand:
  * an opponent colour transform (red-green, yellow-blue, intensity),
  * oriented first-derivative (Sobel) filters on the intensity at three scales,
  * a small bank of Gabor filters (4 orientations x 2 wavelengths, even and odd phase -> energy).
Each response map is rectified and average-pooled over 4x4 and 2x2 grids (soft cell borders: 5x5 box blur first) and globally. The grid cells are
taken relative to the map's global mean (a spatial layout, invariant to uniform brightness/colour shifts),
signed-square-rooted and L2-normalised per block; the blocks are weighted and concatenated, then
L2-normalised. Cosine similarity of two outputs is therefore a weighted mean of per-block correlations,
which is near 0 for unrelated photos and near 1 for re-encodes, resizes, small crops and mild edits.

It is the offline baseline of `doppel --encoder cnn`, not a substitute for ImageNet or CLIP features:
it sees layout, colour and texture, not semantics.

Usage: /usr/bin/python3 scripts/make_fixture_model.py [models_dir] [test_resources_dir]
Writes models/doppel-filterbank-v1.pt + .json and, for the encoder's error tests, a tiny model that
returns a 4-D feature map and one that only takes 32x32 inputs
(src/test/resources/doppel/encode/cnn/{map-output,fixed-input-8}.pt).
"""
import hashlib
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

MODEL_ID = "doppel-filterbank-v1"
SIZE = 128

# Block weights (relative importance in the cosine). Layout blocks carry most of the identity of a photo.
W_COLOUR_LAYOUT = 1.0
W_COLOUR_GLOBAL = 0.5
W_EDGE_LAYOUT = 0.5
W_TEXTURE_GLOBAL = 0.5
W_GABOR_LAYOUT = 0.5
LAYOUT_BLUR = 5
GRID = 4


def sobel_bank():
    """4 oriented derivative kernels (0, 45, 90, 135 degrees), 3x3."""
    gx = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8.0
    gy = gx.t().contiguous()
    ks = []
    for theta in (0.0, 45.0, 90.0, 135.0):
        t = math.radians(theta)
        ks.append(math.cos(t) * gx + math.sin(t) * gy)
    return torch.stack(ks).unsqueeze(1)  # 4,1,3,3


def gabor_bank(size=11):
    """Even and odd Gabor kernels: 4 orientations x wavelengths 4 and 8 px -> 16 kernels (pairs)."""
    half = size // 2
    ys, xs = torch.meshgrid(torch.arange(-half, half + 1.0), torch.arange(-half, half + 1.0), indexing="ij")
    ks = []
    for lam in (4.0, 8.0):
        sigma = 0.56 * lam
        for theta in (0.0, 45.0, 90.0, 135.0):
            t = math.radians(theta)
            xr = xs * math.cos(t) + ys * math.sin(t)
            yr = -xs * math.sin(t) + ys * math.cos(t)
            env = torch.exp(-(xr ** 2 + yr ** 2) / (2 * sigma ** 2))
            even = env * torch.cos(2 * math.pi * xr / lam)
            odd = env * torch.sin(2 * math.pi * xr / lam)
            even = even - even.mean()  # zero DC: no response to flat areas
            ks.append(even / even.abs().sum())
            ks.append(odd / odd.abs().sum())
    return torch.stack(ks).unsqueeze(1)  # 16,1,11,11


class FilterBankNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        s2, s3, s6 = math.sqrt(2.0), math.sqrt(3.0), math.sqrt(6.0)
        opp = torch.tensor([[1 / s2, -1 / s2, 0.0],          # red - green
                            [1 / s6, 1 / s6, -2 / s6],        # yellow - blue
                            [1 / s3, 1 / s3, 1 / s3]])        # intensity
        self.register_buffer("opp", opp.view(3, 3, 1, 1))
        self.register_buffer("sobel", sobel_bank())
        self.register_buffer("gabor", gabor_bank())

    @staticmethod
    def layout(maps):
        """Cells of the 4x4 and 2x2 grids minus the global mean, per channel: (B, C*20)."""
        if LAYOUT_BLUR > 1:
            # soft cell borders: content moving a little across a border (crops, rescales) changes cells less
            maps = F.avg_pool2d(maps, LAYOUT_BLUR, stride=1, padding=LAYOUT_BLUR // 2, count_include_pad=False)
        g = F.adaptive_avg_pool2d(maps, 1)
        p4 = (F.adaptive_avg_pool2d(maps, GRID) - g).flatten(1)
        p2 = (F.adaptive_avg_pool2d(maps, 2) - g).flatten(1)
        return torch.cat([p4, p2], 1)

    @staticmethod
    def block(v, weight: float):
        v = torch.sign(v) * torch.sqrt(v.abs() + 1e-12)
        return weight * v / (torch.linalg.vector_norm(v, dim=1, keepdim=True) + 1e-6)

    def forward(self, x):
        o = F.conv2d(x, self.opp)                      # B,3,128,128 opponent colour
        colour = F.avg_pool2d(o, 4)                    # 32x32, smooths noise and JPEG blocks
        inten = o[:, 2:3]
        edges = []
        level = F.avg_pool2d(inten, 2)                 # scales 64, 32, 16 px
        for _ in range(3):
            e = F.conv2d(F.pad(level, (1, 1, 1, 1), mode="replicate"), self.sobel).abs()
            edges.append(F.adaptive_avg_pool2d(e, 16))
            level = F.avg_pool2d(level, 2)
        edge = torch.cat(edges, 1)                     # B,12,16,16
        g_in = F.avg_pool2d(inten, 2)                  # 64x64
        gr = F.conv2d(F.pad(g_in, (5, 5, 5, 5), mode="replicate"), self.gabor)
        gr = gr.view(gr.shape[0], 8, 2, gr.shape[2], gr.shape[3])
        gabor = torch.sqrt((gr * gr).sum(2) + 1e-8)    # B,8,64,64 energy
        gabor = F.adaptive_avg_pool2d(gabor, 16)

        chroma = F.adaptive_avg_pool2d(o[:, 0:2], 1).flatten(1)          # signed mean colour
        energy = torch.cat([F.adaptive_avg_pool2d(edge, 1), F.adaptive_avg_pool2d(gabor, 1)], 1).flatten(1)
        texture = torch.log(energy + 1e-3)
        texture = texture - texture.mean(1, keepdim=True)                 # distribution over scale/orientation

        out = torch.cat([
            self.block(self.layout(colour), W_COLOUR_LAYOUT),
            W_COLOUR_GLOBAL * torch.tanh(4.0 * chroma) / math.sqrt(2.0),
            self.block(self.layout(edge), W_EDGE_LAYOUT),
            self.block(texture, W_TEXTURE_GLOBAL),
            self.block(self.layout(gabor), W_GABOR_LAYOUT),
        ], 1)
        return out / (torch.linalg.vector_norm(out, dim=1, keepdim=True) + 1e-12)


class MapOutputNet(torch.nn.Module):
    """A deliberately wrong embedding model: returns a (B, 2, 4, 4) feature map instead of a vector."""

    def forward(self, x):
        return F.adaptive_avg_pool2d(x[:, 0:2], 4)


class FixedInputNet(torch.nn.Module):
    """A model that only accepts 3x8x8 inputs (flatten + linear), for the 'input size rejected' error test."""

    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(3 * 8 * 8, 8)

    def forward(self, x):
        return self.fc(x.flatten(1))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    models_dir = sys.argv[1] if len(sys.argv) > 1 else "models"
    test_dir = sys.argv[2] if len(sys.argv) > 2 else "src/test/resources/doppel/encode/cnn"
    os.makedirs(models_dir, exist_ok=True)
    os.makedirs(test_dir, exist_ok=True)
    torch.manual_seed(0)
    net = FilterBankNet().eval()
    example = torch.rand(2, 3, SIZE, SIZE)
    with torch.no_grad():
        traced = torch.jit.trace(net, example)
        dim = traced(example).shape[1]
    pt = os.path.join(models_dir, MODEL_ID + ".pt")
    traced.save(pt)
    spec = {
        "id": MODEL_ID,
        "inputWidth": SIZE,
        "inputHeight": SIZE,
        "resize": "resize-exact",
        "resizeShortSide": SIZE,
        "mean": [0.0, 0.0, 0.0],
        "std": [1.0, 1.0, 1.0],
        "outputDim": int(dim),
        "l2normalize": True,
        "channelOrder": "RGB",
        "inputRange": "0..1",
        "description": "Hand-designed filter bank (opponent colour, oriented edges at 3 scales, Gabor energy) "
                       "pooled over 4x4/2x2/global grids; offline near-duplicate baseline, no learned weights.",
    }
    with open(os.path.join(models_dir, MODEL_ID + ".json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    with torch.no_grad():
        bad = torch.jit.trace(MapOutputNet().eval(), torch.rand(1, 3, 32, 32))
    bad.save(os.path.join(test_dir, "map-output.pt"))
    with torch.no_grad():
        fixed = torch.jit.trace(FixedInputNet().eval(), torch.rand(1, 3, 8, 8))
    fixed.save(os.path.join(test_dir, "fixed-input-8.pt"))
    print(f"{pt}: dim {dim}, {os.path.getsize(pt)} bytes, sha256 {sha256(pt)[:16]}")


if __name__ == "__main__":
    main()
