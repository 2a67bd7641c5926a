"""DiffAugment (Zhao et al., NeurIPS 2020) for any mmagic GAN, from a config.

`Differentiable Augmentation for Data-Efficient GAN Training
<https://arxiv.org/abs/2006.10738>`_: real and generated images are
augmented the same random way before the discriminator, in both the
discriminator's and the generator's step, with operations the generator's
gradient flows through. The operations follow the authors'
``DiffAugment_pytorch.py`` on images in [-1, 1].
"""
from typing import Callable, Dict, List, Union

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import Tensor

from projects.core.registry import MODELS


def _rand(x: Tensor) -> Tensor:
    """One uniform [0, 1) number per image, shaped to broadcast."""
    return torch.rand(x.size(0), 1, 1, 1, dtype=x.dtype, device=x.device)


def rand_brightness(x: Tensor) -> Tensor:
    return x + (_rand(x) - 0.5)


def rand_saturation(x: Tensor) -> Tensor:
    mean = x.mean(dim=1, keepdim=True)
    return (x - mean) * (_rand(x) * 2) + mean


def rand_contrast(x: Tensor) -> Tensor:
    mean = x.mean(dim=[1, 2, 3], keepdim=True)
    return (x - mean) * (_rand(x) + 0.5) + mean


def rand_translation(x: Tensor, ratio: float = 0.125) -> Tensor:
    """Shift by up to ``ratio`` of the size, filling with zeros."""
    n, _, h, w = x.shape
    sy, sx = int(h * ratio + 0.5), int(w * ratio + 0.5)
    ty = torch.randint(-sy, sy + 1, size=(n, 1, 1), device=x.device)
    tx = torch.randint(-sx, sx + 1, size=(n, 1, 1), device=x.device)
    gb, gy, gx = torch.meshgrid(
        torch.arange(n, device=x.device), torch.arange(h, device=x.device),
        torch.arange(w, device=x.device), indexing='ij')
    gy = torch.clamp(gy + ty + 1, 0, h + 1)
    gx = torch.clamp(gx + tx + 1, 0, w + 1)
    padded = F.pad(x, [1, 1, 1, 1, 0, 0, 0, 0])
    return padded.permute(0, 2, 3, 1).contiguous()[gb, gy, gx].permute(
        0, 3, 1, 2)


def rand_cutout(x: Tensor, ratio: float = 0.5) -> Tensor:
    """Zero one square of ``ratio`` of the size at a random place."""
    n, _, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    oy = torch.randint(0, h + (1 - ch % 2), size=(n, 1, 1), device=x.device)
    ox = torch.randint(0, w + (1 - cw % 2), size=(n, 1, 1), device=x.device)
    gb, gy, gx = torch.meshgrid(
        torch.arange(n, device=x.device), torch.arange(ch, device=x.device),
        torch.arange(cw, device=x.device), indexing='ij')
    gy = torch.clamp(gy + oy - ch // 2, min=0, max=h - 1)
    gx = torch.clamp(gx + ox - cw // 2, min=0, max=w - 1)
    mask = torch.ones(n, h, w, dtype=x.dtype, device=x.device)
    mask[gb, gy, gx] = 0
    return x * mask.unsqueeze(1)


AUGMENTS: Dict[str, List[Callable[[Tensor], Tensor]]] = {
    'color': [rand_brightness, rand_saturation, rand_contrast],
    'translation': [rand_translation],
    'cutout': [rand_cutout],
}


def parse_policy(policy: Union[str, List[str]]) -> List[str]:
    """``'color,translation'`` (or a list) as checked names; '' is none."""
    names = policy.split(',') if isinstance(policy, str) else list(policy)
    names = [name.strip() for name in names if name.strip()]
    unknown = [name for name in names if name not in AUGMENTS]
    if unknown:
        raise ValueError(f'DiffAugment policy {policy!r}: unknown '
                         f'{unknown}; choose from {sorted(AUGMENTS)}')
    return names


def diff_augment(x: Tensor, policy: Union[str, List[str]]) -> Tensor:
    """Augment a batch (N, C, H, W) in [-1, 1]; each image its own draw from
    torch's global generator on ``x``'s device."""
    for name in parse_policy(policy):
        for func in AUGMENTS[name]:
            x = func(x)
    return x


@MODELS.register_module()
class DiffAugmentDiscriminator(BaseModule):
    """Any discriminator with DiffAugment on its input while training.

    ``dict(type='projects.DiffAugmentDiscriminator', policy='color,
    translation,cutout', discriminator=dict(type='BigGANDeepDiscriminator',
    ...))`` in place of the discriminator of an mmagic GAN. The wrapped one is
    built in the current scope with the GAN's default arguments
    (``num_classes``); other arguments (labels) are passed on. In eval mode
    images are not augmented. Its weights are ``discriminator.*`` here.

    Args:
        discriminator (dict): The wrapped discriminator's config.
        policy (str | list[str]): Comma-separated operations out of
            ``color``, ``translation``, ``cutout``; '' augments nothing.
        **default_args: Passed to the wrapped discriminator's build.
    """

    def __init__(self, discriminator: dict,
                 policy: Union[str, List[str]] = 'color,translation,cutout',
                 init_cfg=None, **default_args):
        super().__init__(init_cfg=init_cfg)
        self.policy = parse_policy(policy)
        self.discriminator = MODELS.build(discriminator,
                                          default_args=default_args)

    def forward(self, x: Tensor, *args, **kwargs):
        if self.training and self.policy:
            x = diff_augment(x, self.policy)
        return self.discriminator(x, *args, **kwargs)
