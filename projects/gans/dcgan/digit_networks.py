"""The report's DCGAN networks for 28 x 28 digits, optionally conditioned.

``depth='shallow'``: 2 (de)convolutions, ``depth='deep'``: 4, all 5 x 5
(stride 2 halves or doubles the size, stride 1 keeps it: 7 <-> 14 <-> 28).
"""
from typing import Optional

import torch
from mmengine.model import BaseModule
from torch import Tensor, nn

from projects.core.registry import MODELS

# (channel multiplier, stride) of each layer, from the 7 x 7 end.
_LAYERS = dict(shallow=[(2, 2), (1, 2)], deep=[(4, 1), (2, 2), (2, 1), (1, 2)])
CONDITIONS = (None, 'cgan', 'acgan')


def _layers(depth: str):
    if depth not in _LAYERS:
        raise ValueError(f"depth must be 'shallow' or 'deep', got {depth!r}")
    return _LAYERS[depth]


def _check_condition(condition, num_classes):
    if condition not in CONDITIONS:
        raise ValueError(f'condition must be one of {CONDITIONS}, got '
                         f'{condition!r}')
    if condition and not num_classes:
        raise ValueError(f'condition={condition!r} needs num_classes')


def _deconv(in_channels, out_channels, stride):
    return nn.ConvTranspose2d(in_channels, out_channels, 5, stride, padding=2,
                              output_padding=stride - 1)


@MODELS.register_module()
class DigitGenerator(BaseModule):
    """Noise (and a label embedding, concatenated: CGAN, ACGAN) -> image.

    Args:
        noise_size (int): Defaults to 100.
        depth (str): ``'shallow'`` or ``'deep'``.
        out_channels (int): 1 (MNIST) or 3 (MNIST-M).
        base_channels (int): Channels of the last hidden layer.
        num_classes (int, optional): Conditional when given.
        embed_dim (int): Size of the label embedding. Defaults to 50.
    """

    def __init__(self, noise_size: int = 100, depth: str = 'shallow',
                 out_channels: int = 1, base_channels: int = 64,
                 num_classes: Optional[int] = None, embed_dim: int = 50,
                 init_cfg=dict(type='Normal', layer=['Conv2d', 'ConvTranspose2d',
                                                     'Linear'], std=0.02)):
        super().__init__(init_cfg)
        layers = _layers(depth)
        self.noise_size, self.num_classes = noise_size, num_classes
        self.embed = nn.Embedding(num_classes, embed_dim) if num_classes else None
        in_features = noise_size + (embed_dim if num_classes else 0)
        self.first_channels = base_channels * layers[0][0] * 2
        self.project = nn.Sequential(
            nn.Linear(in_features, self.first_channels * 49),
            nn.BatchNorm1d(self.first_channels * 49), nn.ReLU(inplace=True))
        blocks, channels = [], self.first_channels
        for i, (mult, stride) in enumerate(layers):
            last = i == len(layers) - 1
            out = out_channels if last else base_channels * layers[i + 1][0]
            blocks.append(_deconv(channels, out, stride))
            blocks += [nn.Tanh()] if last else [nn.BatchNorm2d(out),
                                                nn.ReLU(inplace=True)]
            channels = out
        self.blocks = nn.Sequential(*blocks)

    def forward(self, noise: Tensor, label: Optional[Tensor] = None,
                return_noise: bool = False, num_batches: int = 0):
        if noise is None:
            noise = torch.randn(num_batches, self.noise_size)
        noise = noise.to(self.project[0].weight)
        x = noise.flatten(1)
        if self.embed is not None:
            if label is None:
                raise ValueError('a conditional DigitGenerator needs labels')
            x = torch.cat([x, self.embed(label.view(-1))], dim=1)
        x = self.project(x).view(-1, self.first_channels, 7, 7)
        img = self.blocks(x)
        return dict(fake_img=img, noise=noise) if return_noise else img


@MODELS.register_module()
class DigitDiscriminator(BaseModule):
    """Image -> real/fake logit; CGAN adds the label as an extra input
    channel (an embedding reshaped to the image), ACGAN adds a class head.

    Args:
        depth (str): ``'shallow'`` or ``'deep'``.
        in_channels (int): 1 (MNIST) or 3 (MNIST-M).
        base_channels (int): Channels of the first layer.
        num_classes (int, optional): Needed by ``condition``.
        condition (str, optional): None, ``'cgan'`` or ``'acgan'``.
        norm (bool): BatchNorm after each hidden convolution but the first
            (turn off for WGAN-GP). Defaults to True.

    Returns (forward): the logits (N, ), and for ACGAN also (N, classes).
    """

    def __init__(self, depth: str = 'shallow', in_channels: int = 1,
                 base_channels: int = 64, num_classes: Optional[int] = None,
                 condition: Optional[str] = None, norm: bool = True,
                 init_cfg=dict(type='Normal', layer=['Conv2d', 'Linear'],
                               std=0.02)):
        super().__init__(init_cfg)
        _check_condition(condition, num_classes)
        self.condition, self.num_classes = condition, num_classes
        self.label_map = (nn.Embedding(num_classes, 28 * 28)
                          if condition == 'cgan' else None)
        channels = in_channels + (1 if condition == 'cgan' else 0)
        blocks = []
        for i, (mult, stride) in enumerate(reversed(_layers(depth))):
            out = base_channels * mult
            blocks.append(nn.Conv2d(channels, out, 5, stride, padding=2))
            if norm and i > 0:
                blocks.append(nn.BatchNorm2d(out))
            blocks.append(nn.LeakyReLU(0.2, inplace=True))
            channels = out
        self.blocks = nn.Sequential(*blocks, nn.Flatten())
        self.adv_head = nn.Linear(channels * 49, 1)
        self.cls_head = (nn.Linear(channels * 49, num_classes)
                         if condition == 'acgan' else None)

    def forward(self, img: Tensor, label: Optional[Tensor] = None):
        if self.label_map is not None:
            if label is None:
                raise ValueError('a CGAN DigitDiscriminator needs labels')
            label_map = self.label_map(label.view(-1)).view(-1, 1, 28, 28)
            img = torch.cat([img, label_map], dim=1)
        feats = self.blocks(img)
        logits = self.adv_head(feats).view(-1)
        if self.cls_head is None:
            return logits
        return logits, self.cls_head(feats)
