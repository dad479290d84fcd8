#!/usr/bin/env python3
"""Exports an image embedding model to TorchScript plus the spec JSON Doppel reads (models/README.md).

Needs torch and torchvision (and open_clip_torch or transformers for CLIP). Pretrained weights are
downloaded by those libraries, so run it online once; Doppel then loads the .pt file offline.

  python3 scripts/export_model.py --arch mobilenet_v3_small --out models/mobilenet_v3_small.pt
  python3 scripts/export_model.py --arch resnet50 --out models/resnet50.pt
  python3 scripts/export_model.py --arch clip-vit-b-32 --out models/clip-vit-b-32.pt
  python3 scripts/export_model.py --arch mobilenet_v3_small --random --out /tmp/mnv3s.pt   # no download

Torchvision models lose their classifier (replaced by Identity) so they return the pooled features
(mobilenet_v3_small 576-d, resnet18 512-d, resnet50 2048-d). CLIP returns the projected image embedding
(512-d for ViT-B/32). Doppel L2-normalises every output.
"""
import argparse
import json
import os

import torch

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
TORCHVISION = ("mobilenet_v3_small", "mobilenet_v3_large", "resnet18", "resnet50")


def torchvision_model(arch, random_weights):
    import torchvision
    ctor = getattr(torchvision.models, arch)
    m = ctor(weights=None if random_weights else "DEFAULT")
    if arch.startswith("mobilenet"):
        m.classifier = torch.nn.Identity()
    else:
        m.fc = torch.nn.Identity()
    return m


def clip_model(arch):
    name = {"clip-vit-b-32": ("ViT-B-32", "openai", "openai/clip-vit-base-patch32"),
            "clip-vit-l-14": ("ViT-L-14", "openai", "openai/clip-vit-large-patch14")}[arch]
    try:
        import open_clip
        model, _, _ = open_clip.create_model_and_transforms(name[0], pretrained=name[1])
        model.eval()

        class Tower(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.m = model

            def forward(self, x):
                return self.m.encode_image(x)
        return Tower()
    except ImportError:
        pass
    try:
        from transformers import CLIPModel
    except ImportError:
        raise SystemExit("CLIP export needs open_clip_torch or transformers: pip install open_clip_torch")
    model = CLIPModel.from_pretrained(name[2]).eval()

    class HfTower(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.m = model

        def forward(self, x):
            return self.m.get_image_features(pixel_values=x)
    return HfTower()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arch", required=True, choices=TORCHVISION + ("clip-vit-b-32", "clip-vit-l-14"))
    ap.add_argument("--out", required=True, help="output .pt; the spec goes beside it as .json")
    ap.add_argument("--random", action="store_true", help="random weights (torchvision only; for speed tests)")
    ap.add_argument("--size", type=int, default=224, help="input size (default 224)")
    args = ap.parse_args()

    clip = args.arch.startswith("clip")
    if clip and args.random:
        raise SystemExit("--random is only for torchvision architectures")
    model = (clip_model(args.arch) if clip else torchvision_model(args.arch, args.random)).eval()
    example = torch.rand(2, 3, args.size, args.size)
    with torch.no_grad():
        traced = torch.jit.trace(model, example, check_trace=False)
        out = traced(example)
    if out.dim() != 2:
        raise SystemExit(f"model output has shape {tuple(out.shape)}, expected (batch, dim)")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    traced.save(args.out)
    model_id = args.arch + ("-random" if args.random else "") + (f"-{args.size}" if args.size != 224 else "")
    spec = {
        "id": model_id,
        "inputWidth": args.size,
        "inputHeight": args.size,
        "resize": "resize-short-then-center-crop",
        "resizeShortSide": args.size if clip else round(args.size * 256 / 224),
        "mean": CLIP_MEAN if clip else IMAGENET_MEAN,
        "std": CLIP_STD if clip else IMAGENET_STD,
        "outputDim": int(out.shape[1]),
        "l2normalize": True,
        "channelOrder": "RGB",
        "inputRange": "0..1",
        "description": f"{args.arch} image features exported by scripts/export_model.py"
                       + (" (RANDOM weights: speed tests only)" if args.random else ""),
    }
    with open(os.path.splitext(args.out)[0] + ".json", "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    print(f"{args.out}: {model_id}, output dim {spec['outputDim']}, {os.path.getsize(args.out)} bytes")


if __name__ == "__main__":
    main()
