"""Inception weights and images the tests build for themselves."""
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

from projects.gan_metrics.networks import FIDInceptionV3
from projects.gan_metrics.weights import file_sha256
from projects.toy_shapes.render import render_scene


def random_fid_inception(seed: int = 0) -> FIDInceptionV3:
    """pytorch-fid's architecture with random weights that keep activations
    in range: batch norms set to the statistics of random images, and a small
    output layer so the class probabilities differ between images."""
    torch.manual_seed(seed)
    net = FIDInceptionV3()
    for module in net.modules():
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, nonlinearity='relu')
        elif isinstance(module, nn.BatchNorm2d):
            module.momentum = None  # running stats = this batch's
    nn.init.normal_(net.fc.weight, std=2e-3)
    nn.init.normal_(net.fc.bias)
    net.train()
    with torch.no_grad():
        net(torch.randint(0, 256, (4, 3, 32, 32), dtype=torch.uint8))
    return net.eval()


def save_fid_inception(path: Path, seed: int = 0) -> str:
    """Save a random pytorch-fid state dict; return its SHA-256."""
    torch.save(random_fid_inception(seed).state_dict(), path)
    return file_sha256(str(path))


class TinyStyleGANInception(nn.Module):
    """StyleGAN's TorchScript interface on a tiny network (fast tests)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(3, 8, 3, stride=2), nn.ReLU(), nn.AdaptiveAvgPool2d(2),
            nn.Flatten())
        self.output = nn.Linear(32, 10)
        with torch.no_grad():  # spread the class probabilities out
            self.output.weight.mul_(100)

    def forward(self, img: torch.Tensor, return_features: bool = False,
                use_fp16: bool = False,
                no_output_bias: bool = False) -> torch.Tensor:
        x = F.interpolate(img.to(torch.float32), size=(32, 32),
                          mode='bilinear', align_corners=False)
        features = self.layers((x - 128) / 128)
        if return_features:
            return features
        if no_output_bias:
            logits = F.linear(features, self.output.weight)
        else:
            logits = self.output(features)
        return F.softmax(logits, dim=1)


def save_tiny_stylegan(path: Path) -> str:
    torch.manual_seed(0)
    torch.jit.script(TinyStyleGANInception()).save(str(path))
    return file_sha256(str(path))


def write_images(folder: Path, seed: int, num: int, size: int = 32) -> Path:
    """``num`` toy-shape PNGs of a seed, as a GAN's samples on disk."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(num):
        bgr, _, _ = render_scene(seed, index, img_size=size, max_shapes=1,
                                 min_frac=0.3, max_frac=0.7)
        Image.fromarray(np.ascontiguousarray(bgr[..., ::-1])).save(
            folder / f'{index:03d}.png')
    return folder
