#!/usr/bin/python3
"""Writes the small synthetic test images in src/test/resources/doppel/synthetic (fixed recipe, fixed seed).

Each image is a smooth pattern (sum of a few sinusoids) plus mild noise, so no two DCT/wavelet coefficients
tie and the hashes are well defined. Their imagededup hashes are then computed with imagededup_reference.py:
  /usr/bin/python3 scripts/make_synthetic_fixtures.py
  /usr/bin/python3 scripts/imagededup_reference.py src/test/resources/doppel/synthetic \
      > src/test/resources/doppel/synthetic-golden.tsv
"""
import numpy as np
from PIL import Image

OUT = 'src/test/resources/doppel/synthetic/'
rng = np.random.default_rng(20261123)


def pattern(w, h, channels):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    planes = []
    for _ in range(channels):
        v = np.zeros((h, w))
        for _ in range(4):
            fx, fy, ph = rng.uniform(0.5, 4.0), rng.uniform(0.5, 4.0), rng.uniform(0, 6.28)
            v += np.sin(2 * np.pi * (fx * x / w + fy * y / h) + ph)
        v += rng.normal(0, 0.15, (h, w))
        planes.append(np.clip((v - v.min()) / (v.max() - v.min()) * 255, 0, 255).astype(np.uint8))
    return np.stack(planes, axis=-1) if channels > 1 else planes[0]


Image.fromarray(pattern(97, 71, 3), 'RGB').save(OUT + 'rgb-97x71.png')
Image.fromarray(pattern(300, 200, 3), 'RGB').save(OUT + 'rgb-300x200.png')
Image.fromarray(pattern(120, 90, 4), 'RGBA').save(OUT + 'rgba-120x90.png')
Image.fromarray(pattern(64, 48, 1), 'L').save(OUT + 'gray-64x48.png')
Image.fromarray(pattern(150, 100, 3), 'RGB').convert('P', palette=Image.ADAPTIVE, colors=64).save(OUT + 'palette-150x100.png')
Image.fromarray(pattern(320, 240, 3), 'RGB').save(OUT + 'rgb-320x240.jpg', quality=90)
