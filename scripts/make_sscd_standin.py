#!/usr/bin/python3
"""Writes a random-weight stand-in for SSCD's published TorchScript model, sscd_disc_mixup.torchscript.pt.

Same architecture and contract as the authors' file (facebookresearch/sscd-copy-detection, sscd/models/model.py
with the TV_RESNET50 backbone): a torchvision ResNet-50 whose average pooling is GeM pooling (p = 3) and whose
classifier is a 2048 -> 512 projection, followed by L2 normalisation; input (batch, 3, H, W) normalised with the
ImageNet mean/std, output (batch, 512). Its vectors mean nothing: it only lets the shipped spec
(models/sscd_disc_mixup.torchscript.json) be tested offline through Doppel's DJL encoder. About 100 MB, so it is
written at test time, never committed.

Usage: /usr/bin/python3 scripts/make_sscd_standin.py OUT_DIR
Exit 77 when torch or torchvision is missing (apt-get install python3-torch python3-torchvision).
"""
import os
import sys

try:
    import torch
    import torch.nn.functional as F
    from torchvision.models import resnet50
except ImportError as e:
    print(f"needs torch and torchvision for /usr/bin/python3 ({e}): apt-get install python3-torch python3-torchvision")
    sys.exit(77)


class GeM(torch.nn.Module):
    def __init__(self, p: float):
        super().__init__()
        self.p = p

    def forward(self, x):
        return F.adaptive_avg_pool2d(x.clamp(min=1e-6).pow(self.p), 1).pow(1.0 / self.p)


class SscdStandIn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = resnet50(num_classes=512)
        self.backbone.avgpool = GeM(3.0)

    def forward(self, x):
        return F.normalize(self.backbone(x))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    model = torch.jit.script(SscdStandIn().eval())
    path = os.path.join(out, "sscd_disc_mixup.torchscript.pt")
    model.save(path)
    print(path)


if __name__ == "__main__":
    main()
