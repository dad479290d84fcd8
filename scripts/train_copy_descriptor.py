#!/usr/bin/python3
"""Trains doppel-copydesc-v1, a small copy-detection descriptor, with Debian's torch on the CPU.

SSCD-style instance discrimination (Pizzi et al., CVPR 2022, without its pretrained backbone): two
independently edited views of each training image are pulled together and pushed away from every other
image of the batch (InfoNCE, temperature 0.05) plus SSCD's KoLeo entropy term that spreads the vectors.
The edits are those people meet: re-encodes (JPEG/WebP), resizes, colour/brightness/contrast/saturation,
greyscale, blur, noise, text watermarks, crops, uniform borders, letterbox/pillarbox bars, small rotations.
Flips and 90-degree turns are not trained: the exported network averages its vectors over the 8
rotations/flips of the (square) input, so those copies get exactly the same vector.

Training images: only freely licensed images shipped in Debian packages (PACKAGES below), never the
evaluation photos. Everything is seeded; the edits of batch b depend only on (seed, b), so a run that
completes its steps is reproducible (the wall-clock cap only stops a slow machine early, which the log says).

Backbones: `filterbank` (default) learns a residual head, starting as the identity, on doppel-filterbank-v1's
fixed features (scripts/make_fixture_model.py); `cnn` trains a small ResNet from scratch (needs hours of free
CPU). Results and the run that was measured: BENCHMARKS.md, "A learned copy descriptor trained offline".

Usage: /usr/bin/python3 scripts/train_copy_descriptor.py OUT_BASENAME [--backbone filterbank|cnn] [--steps N]
       [--minutes M] [--seed S]      (on a shared machine: nice -n 10 ...)
Writes OUT_BASENAME.pt (TorchScript), OUT_BASENAME.json (Doppel model spec), OUT_BASENAME.train.json
(packages with versions, image count, seed, steps reached, time, loss curve).
"""
import argparse
import io
import json
import math
import os
import random
import subprocess
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

import make_fixture_model as filterbank

MODEL_ID = "doppel-copydesc-v1"
SIZE = 128
DIM = 128                 # the cnn backbone's output; the filter-bank head keeps the bank's 482
PACKAGES = ["plasma-workspace-wallpapers", "mate-backgrounds", "lomiri-wallpapers-16.04", "lomiri-wallpapers-20.04",
            "lxqt-themes", "darknet", "python3-skimage", "python3-sklearn", "palapeli-data", "tuxpaint-data",
            "gcompris-qt-data"]
CACHE_LONG_SIDE = 256     # training images are edited at this size, then squashed to SIZE like Doppel does
MIN_SIDE = 200            # icons, glyphs and label sprites are not photos
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


# ---------------------------------------------------------------- data

def package_images():
    """(package, version, [image paths]) for every package; one image per wallpaper folder (its largest)."""
    found = []
    for p in PACKAGES:
        version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", p], capture_output=True, text=True).stdout
        if not version:
            raise SystemExit(f"package {p} is not installed: apt-get install {' '.join(PACKAGES)}")
        files = subprocess.run(["dpkg", "-L", p], capture_output=True, text=True).stdout.split("\n")
        files = sorted(f for f in files if f.lower().endswith((".jpg", ".jpeg", ".png")) and os.path.isfile(f))
        found.append((p, version, files))
    return found


def load(path):
    with Image.open(path) as im:
        if min(im.size) < MIN_SIDE:
            return None
        im.draft("RGB", (2 * CACHE_LONG_SIDE, 2 * CACHE_LONG_SIDE))
        im = im.convert("RGBA") if im.mode in ("P", "LA", "RGBA") else im.convert("RGB")
        if im.mode == "RGBA":  # stamps with transparency: put them on a white page as people see them
            page = Image.new("RGB", im.size, (255, 255, 255))
            page.paste(im, mask=im.split()[3])
            im = page
        return im


def shrink(im):
    s = CACHE_LONG_SIDE / max(im.size)
    if s >= 1:
        return im
    return im.resize((max(1, round(im.width * s)), max(1, round(im.height * s))), Image.BILINEAR, reducing_gap=3)


def thumb(im):
    v = np.asarray(im.convert("L").resize((16, 16), Image.BILINEAR), dtype=np.float32).ravel()
    v = v - v.mean()
    return v / (np.linalg.norm(v) + 1e-6)


def training_images(found):
    """Decoded images, near-identical ones (the same wallpaper at several sizes) dropped, and the four
    quadrants of large images added as further instances (they look like separate photos)."""
    images, thumbs, quads = [], [], []
    for _, _, files in found:
        by_folder = {}
        for f in files:  # KDE wallpapers: contents/images/WxH.png, keep the largest of each folder
            key = f.split("/contents/images/")[0] if "/contents/images/" in f else f
            by_folder.setdefault(key, []).append(f)
        for key in sorted(by_folder):
            f = max(by_folder[key], key=os.path.getsize)
            try:
                im = load(f)
            except OSError:
                continue
            if im is None:
                continue
            t = thumb(im)
            if thumbs and max(float(t @ u) for u in thumbs) > 0.95:
                continue
            thumbs.append(t)
            images.append(shrink(im))
            if min(im.size) >= 2 * MIN_SIDE:
                w, h = im.size
                for box in ((0, 0, w // 2, h // 2), (w // 2, 0, w, h // 2), (0, h // 2, w // 2, h), (w // 2, h // 2, w, h)):
                    quads.append(shrink(im.crop(box)))
    return images + quads


# ---------------------------------------------------------------- edits

def rand_colour(r):
    return r.choice([(0, 0, 0), (255, 255, 255), (128, 128, 128), tuple(r.randrange(256) for _ in range(3))])


def crop(im, r):
    area = r.uniform(0.45, 1.0)
    aspect = math.exp(r.uniform(-0.3, 0.3))
    w = min(im.width, max(8, round(im.width * math.sqrt(area * aspect))))
    h = min(im.height, max(8, round(im.height * math.sqrt(area / aspect))))
    x, y = r.randint(0, im.width - w), r.randint(0, im.height - h)
    return im.crop((x, y, x + w, y + h))


def rotate(im, r):
    deg = r.uniform(-10, 10)
    out = im.rotate(deg, Image.BILINEAR, expand=r.random() < 0.5, fillcolor=rand_colour(r))
    if r.random() < 0.5:  # crop inside the rotated frame
        c = math.cos(math.radians(abs(deg))) - math.sin(math.radians(abs(deg))) * 0.6
        c = max(0.6, min(1.0, c))
        w, h = out.size
        out = out.crop((round(w * (1 - c) / 2), round(h * (1 - c) / 2), round(w * (1 + c) / 2), round(h * (1 + c) / 2)))
    return out


def border(im, r):
    f = r.uniform(0.02, 0.2)
    b = max(1, round(min(im.size) * f))
    sides = (b, b, b, b) if r.random() < 0.6 else tuple(r.randint(0, b) for _ in range(4))
    return ImageOps.expand(im, border=sides, fill=rand_colour(r))


def letterbox(im, r):
    target = r.choice([16 / 9, 4 / 3, 1.0, 3 / 4, 9 / 16, 21 / 9, 2 / 3, 3 / 2])
    w, h = im.size
    if w / h < target:
        W, H = round(h * target), h
    else:
        W, H = w, round(w / target)
    if (W, H) == (w, h):
        W, H = (round(w * 1.3), h) if r.random() < 0.5 else (w, round(h * 1.3))
    page = Image.new("RGB", (W, H), rand_colour(r) if r.random() < 0.3 else (0, 0, 0))
    page.paste(im, ((W - w) // 2, (H - h) // 2))
    return page


def colour(im, r):
    im = ImageEnhance.Brightness(im).enhance(r.uniform(0.6, 1.4))
    im = ImageEnhance.Contrast(im).enhance(r.uniform(0.6, 1.4))
    im = ImageEnhance.Color(im).enhance(r.uniform(0.3, 1.7))
    if r.random() < 0.3:  # colour cast
        a = np.asarray(im, dtype=np.float32) * np.array([r.uniform(0.85, 1.15) for _ in range(3)], dtype=np.float32)
        im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    return im


def grey(im, r):
    return ImageOps.grayscale(im).convert("RGB")


def blur(im, r):
    return im.filter(ImageFilter.GaussianBlur(r.uniform(0.5, 3.0) * max(im.size) / CACHE_LONG_SIDE))


def noise(im, r):
    a = np.asarray(im, dtype=np.float32)
    n = np.random.default_rng(r.randrange(1 << 30)).normal(0, r.uniform(3, 25), a.shape).astype(np.float32)
    return Image.fromarray(np.clip(a + n, 0, 255).astype(np.uint8))


def watermark(im, r):
    im = im.copy()
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    size = max(8, round(min(im.size) * r.uniform(0.05, 0.18)))
    font = ImageFont.truetype(FONT, size)
    text = r.choice(["(c) ", "", "photo ", "www."]) + "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                                                              for _ in range(r.randint(4, 14)))
    c = rand_colour(r)
    x, y = r.randint(0, max(0, im.width - size * 3)), r.randint(0, max(0, im.height - size))
    d.text((x, y), text, font=font, fill=c + (r.randint(90, 255),))
    im.paste(layer, mask=layer)
    return im


def rescale(im, r):
    s = r.uniform(0.25, 1.0)
    return im.resize((max(8, round(im.width * s)), max(8, round(im.height * s))), Image.BILINEAR, reducing_gap=3)


def encode(im, r):
    buf = io.BytesIO()
    if r.random() < 0.8:
        im.save(buf, "JPEG", quality=r.randint(15, 95))
    else:
        im.save(buf, "WEBP", quality=r.randint(30, 95))
    buf.seek(0)
    return Image.open(buf).convert("RGB")


# (edit, probability); geometry first, then pixels, then the re-encode, as the copies are usually made
EDITS = [(crop, 0.5), (rotate, 0.25), (border, 0.15), (letterbox, 0.15), (rescale, 0.3), (colour, 0.5),
         (grey, 0.1), (blur, 0.2), (noise, 0.2), (watermark, 0.2), (encode, 0.6)]


def view(im, r):
    for edit, p in EDITS:
        if r.random() < p:
            im = edit(im, r)
    im = im.resize((SIZE, SIZE), Image.BILINEAR, reducing_gap=None)  # Doppel's resize-exact, antialiased
    return torch.from_numpy(np.asarray(im, dtype=np.float32).transpose(2, 0, 1) / 255.0)


class Pairs(torch.utils.data.IterableDataset):
    """Batch b: BATCH distinct images, two edited views each; the edits depend only on (seed, b)."""

    def __init__(self, images, batch, seed, steps):
        self.images, self.batch, self.seed, self.steps = images, batch, seed, steps

    def __iter__(self):
        for b in range(self.steps):
            r = random.Random(self.seed * 1_000_003 + b)
            idx = r.sample(range(len(self.images)), self.batch)
            a = torch.stack([view(self.images[i], r) for i in idx])
            v = torch.stack([view(self.images[i], r) for i in idx])
            yield a, v


# ---------------------------------------------------------------- network

def conv_bn(cin, cout, stride):
    return torch.nn.Sequential(torch.nn.Conv2d(cin, cout, 3, stride, 1, bias=False), torch.nn.BatchNorm2d(cout),
                               torch.nn.ReLU(inplace=True))


class Block(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.a = conv_bn(c, c, 1)
        self.b = torch.nn.Sequential(torch.nn.Conv2d(c, c, 3, 1, 1, bias=False), torch.nn.BatchNorm2d(c))

    def forward(self, x):
        return F.relu(x + self.b(self.a(x)))


class Descriptor(torch.nn.Module):
    """A small ResNet (128 px → 8x8x128), GeM pooling (p=3, as SSCD), a linear projection to DIM."""

    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            conv_bn(3, 24, 2), conv_bn(24, 32, 2), conv_bn(32, 64, 2), Block(64), conv_bn(64, 128, 2), Block(128))
        self.proj = torch.nn.Linear(128, DIM)
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))

    def forward(self, x):
        f = self.features((x - self.mean) / self.std)
        g = F.adaptive_avg_pool2d(f.clamp(min=1e-6).pow(3.0), 1).pow(1.0 / 3.0).flatten(1)
        return F.normalize(self.proj(g), dim=1)


class FilterBankHead(torch.nn.Module):
    """doppel-filterbank-v1's fixed features (no weights) under a learned linear map plus a residual MLP, both
    starting as the identity: before training this is the filter bank itself, and training only moves it
    towards what survives the edits. Cheap enough for a shared CPU (the bank runs forward, no gradients)."""

    def __init__(self):
        super().__init__()
        self.bank = filterbank.FilterBankNet()
        n = self.bank(torch.rand(1, 3, SIZE, SIZE)).shape[1]
        self.head = ResidualHead(n)

    def forward(self, x):
        return self.head(self.bank(x))


class ResidualHead(torch.nn.Module):
    def __init__(self, n):
        super().__init__()
        self.lin = torch.nn.Linear(n, n)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(n, 512), torch.nn.ReLU(), torch.nn.Linear(512, n))
        with torch.no_grad():
            self.lin.weight.copy_(torch.eye(n))
            self.lin.bias.zero_()
            self.mlp[2].weight.zero_()
            self.mlp[2].bias.zero_()

    def forward(self, f):
        return F.normalize(self.lin(f) + self.mlp(f), dim=1)


class Dihedral(torch.nn.Module):
    """Mean of the descriptor over the 8 rotations/flips of the square input, L2-normalised: flipped or
    turned copies get the same vector."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        xs = [x, torch.rot90(x, 1, [2, 3]), torch.rot90(x, 2, [2, 3]), torch.rot90(x, 3, [2, 3])]
        m = torch.flip(x, [3])
        xs += [m, torch.rot90(m, 1, [2, 3]), torch.rot90(m, 2, [2, 3]), torch.rot90(m, 3, [2, 3])]
        v = self.net(torch.cat(xs, 0)).view(8, x.shape[0], -1).mean(0)
        return F.normalize(v, dim=1)


def info_nce(a, b, temperature):
    z = torch.cat([a, b], 0)
    n = a.shape[0]
    sim = z @ z.t() / temperature
    sim.fill_diagonal_(float("-inf"))
    target = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    loss = F.cross_entropy(sim, target)
    acc = (sim.argmax(1) == target).float().mean()
    return loss, acc


def koleo(z):
    """SSCD's entropy regulariser: -mean log distance to the nearest neighbour in the batch."""
    d = torch.cdist(z, z) + torch.eye(z.shape[0]) * 1e6
    return -torch.log(d.min(1).values + 1e-8).mean()


# ---------------------------------------------------------------- main

DESCRIPTIONS = {"filterbank": "doppel-filterbank-v1's hand-designed features under a learned residual head.",
                "cnn": "Small ResNet + GeM + linear projection (ImageNet normalisation inside the model)."}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=450)
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--backbone", choices=["filterbank", "cnn"], default="filterbank")
    ap.add_argument("--batch", type=int, default=96)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    t0 = time.time()
    found = package_images()
    images = training_images(found)
    print(f"{len(images)} training instances from {sum(len(f) for _, _, f in found)} package files "
          f"({time.time() - t0:.0f} s)", flush=True)

    if args.backbone == "cnn":
        net = Descriptor().to(memory_format=torch.channels_last)  # about 20 % faster convolutions on the CPU

        def embed(x):
            return net(x.contiguous(memory_format=torch.channels_last))
    else:
        net = FilterBankHead()

        def embed(x):
            with torch.no_grad():
                f = net.bank(x)
            return net.head(f)
    opt = torch.optim.AdamW([p for p in net.parameters() if p.requires_grad], lr=args.lr, weight_decay=1e-4)
    loader = torch.utils.data.DataLoader(Pairs(images, args.batch, args.seed, args.steps), batch_size=None,
                                         num_workers=1, prefetch_factor=4)
    budget = args.minutes * 60
    t_train, log, step, stopped = time.time(), [], 0, "steps"
    for step, (a, b) in enumerate(loader, 1):
        progress = max(step / args.steps, (time.time() - t0) / budget)
        warm = min(1.0, step / 50)
        for g in opt.param_groups:
            g["lr"] = args.lr * warm * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))
        za, zb = embed(a), embed(b)
        nce, acc = info_nce(za, zb, 0.05)
        loss = nce + 0.1 * koleo(torch.cat([za, zb], 0))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 25 == 0 or step == 1:
            e = time.time() - t0
            log.append({"step": step, "seconds": round(e), "loss": round(loss.item(), 4), "acc": round(acc.item(), 4)})
            print(json.dumps(log[-1]), flush=True)
        if time.time() - t0 >= budget:
            stopped = "wall clock"
            break
    train_s = time.time() - t_train

    net = net.to(memory_format=torch.contiguous_format).eval()
    dim = net(torch.rand(1, 3, SIZE, SIZE)).shape[1]
    with torch.no_grad():
        model = torch.jit.trace(Dihedral(net), torch.rand(2, 3, SIZE, SIZE))
        check = torch.rand(3, 3, SIZE, SIZE)
        assert torch.allclose(model(check), Dihedral(net)(check), atol=1e-5)  # the batch size stays free
    model.save(args.out + ".pt")
    spec = {"id": MODEL_ID, "inputWidth": SIZE, "inputHeight": SIZE, "resize": "resize-exact",
            "resizeShortSide": SIZE, "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0], "outputDim": dim,
            "l2normalize": True, "channelOrder": "RGB", "inputRange": "0..1",
            "description": DESCRIPTIONS[args.backbone] + " Trained offline SSCD-style (instance discrimination "
                           "under copy edits) on images of Debian packages by scripts/train_copy_descriptor.py; "
                           "mean over the 8 rotations/flips of the input."}
    with open(args.out + ".json", "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    with open(args.out + ".train.json", "w") as f:
        json.dump({"packages": {p: v for p, v, _ in found}, "instances": len(images), "seed": args.seed,
                   "batch": args.batch, "steps_planned": args.steps, "steps_done": step, "stopped_by": stopped,
                   "train_seconds": round(train_s), "total_seconds": round(time.time() - t0),
                   "torch": torch.__version__, "log": log}, f, indent=1)
        f.write("\n")
    print(f"done: {step} steps in {train_s:.0f} s (stopped by {stopped}); wrote {args.out}.pt/.json", flush=True)


if __name__ == "__main__":
    main()
