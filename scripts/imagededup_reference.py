#!/usr/bin/python3
"""Reference hashes in imagededup's format, for verifying Doppel's `--compat imagededup` mode.

This is a re-statement of imagededup 0.3.x's published hash definitions (imagededup/methods/hashing.py and
imagededup/utils/image_utils.py), written for verification only: imagededup itself cannot be installed on
the build machine (no network), but the libraries it builds on can (Debian's python3-pil, python3-scipy,
python3-pywt, python3-numpy). Run it with /usr/bin/python3.

  load:  PIL Image.open; if mode != 'RGB': convert('RGBA').convert('RGB') (alpha dropped, EXIF orientation
         not applied); resize(target_size, LANCZOS); convert('L'); uint8 array
  aHash: target (8, 8),   bits = pixel >= mean
  dHash: target (9, 8),   bits = arr[:, 1:] > arr[:, :-1]
  pHash: target (32, 32), dct(dct(arr, axis=0), axis=1) (type II, norm None), top-left 8x8,
         median of the 64 flattened values without index 0, bits = coef >= median
  wHash: target (256, 256), arr / 255, pywt.wavedec2(arr, 'haar', level=5)[0] (8x8), bits = LL >= median
  hex:   ''.join('%0.2x' % x for x in np.packbits(bits))  (row-major, most significant bit first)

Usage: imagededup_reference.py DIR_OR_FILES... > golden.tsv
Writes one line per file: file name, ahash, dhash, phash, whash (tab-separated); files PIL cannot read get
'-' in every hash column, as imagededup would skip them.
"""
import os
import sys

import numpy as np
import pywt
from PIL import Image
from scipy.fftpack import dct


def load(path, target_size):
    img = Image.open(path)
    if img.mode != 'RGB':
        img = img.convert('RGBA').convert('RGB')
    img = img.resize(target_size, Image.LANCZOS)
    img = img.convert('L')
    return np.array(img).astype('uint8')


def to_hex(bits):
    return ''.join('%0.2x' % x for x in np.packbits(bits))


def ahash(path):
    arr = load(path, (8, 8))
    return to_hex(arr >= np.mean(arr))


def dhash(path):
    arr = load(path, (9, 8))
    return to_hex(arr[:, 1:] > arr[:, :-1])


def phash(path):
    arr = load(path, (32, 32))
    coef = dct(dct(arr, axis=0), axis=1)[:8, :8]
    median = np.median(np.ndarray.flatten(coef)[1:])
    return to_hex(coef >= median)


def whash(path):
    arr = load(path, (256, 256)) / 255
    ll = pywt.wavedec2(data=arr, wavelet='haar', level=5)[0]
    return to_hex(ll >= np.median(np.ndarray.flatten(ll)))


def files(args):
    for arg in args:
        if os.path.isdir(arg):
            for name in sorted(os.listdir(arg)):
                if name.lower().endswith(('.jpg', '.jpeg', '.png', '.webp', '.bmp', '.gif', '.tif', '.tiff')):
                    yield os.path.join(arg, name)
        else:
            yield arg


def main():
    print('file\tahash\tdhash\tphash\twhash')
    for path in files(sys.argv[1:]):
        try:
            row = [ahash(path), dhash(path), phash(path), whash(path)]
        except Exception:  # imagededup logs and skips unreadable files
            row = ['-'] * 4
        print(os.path.basename(path) + '\t' + '\t'.join(row))


if __name__ == '__main__':
    main()
