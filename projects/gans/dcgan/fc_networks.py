"""Fully connected GAN networks for small images (Goodfellow et al., 2014:
MLPs on flattened MNIST), optionally conditioned like the digit networks."""
from typing import Optional, Sequence

import torch
from mmengine.model import BaseModule
from torch import Tensor, nn

from projects.core.registry import MODELS
from .digit_networks import _check_condition


def _mlp(in_features: int, hidden: Sequence[int], norm: bool,
         dropout: float) -> nn.Sequential:
    layers = []
    for i, features in enumerate(hidden):
        layers.append(nn.Linear(in_features, features))
        if norm and i > 0:
            layers.append(nn.BatchNorm1d(features))
        layers.append(nn.LeakyReLU(0.2, inplace=True))
        if dropout:
            layers.append(nn.Dropout(dropout))
        in_features = features
    return nn.Sequential(*layers)


@MODELS.register_module()
class FCGenerator(BaseModule):
    """Noise (and a label embedding: CGAN, ACGAN) -> linear layers -> image.

    Args:
        noise_size (int): Defaults to 100.
        img_shape (tuple): (C, H, W) of the output. Defaults to (1, 28, 28).
        hidden (tuple): Widths of the hidden layers.
        norm (bool): BatchNorm after each hidden layer but the first.
        num_classes (int, optional): Conditional when given.
        embed_dim (int): Size of the label embedding. Defaults to 50.
    """

    def __init__(self, noise_size: int = 100, img_shape=(1, 28, 28),
                 hidden: Sequence[int] = (256, 512, 1024), norm: bool = True,
                 num_classes: Optional[int] = None, embed_dim: int = 50,
                 init_cfg=dict(type='Normal', layer='Linear', std=0.02)):
        super().__init__(init_cfg)
        self.noise_size, self.img_shape = noise_size, tuple(img_shape)
        self.num_classes = num_classes
        self.embed = nn.Embedding(num_classes, embed_dim) if num_classes else None
        in_features = noise_size + (embed_dim if num_classes else 0)
        self.body = _mlp(in_features, hidden, norm, dropout=0)
        self.out = nn.Sequential(
            nn.Linear(hidden[-1], int(torch.tensor(self.img_shape).prod())),
            nn.Tanh())

    def forward(self, noise: Tensor, label: Optional[Tensor] = None,
                return_noise: bool = False, num_batches: int = 0):
        if noise is None:
            noise = torch.randn(num_batches, self.noise_size)
        noise = noise.to(self.out[0].weight)
        x = noise.flatten(1)
        if self.embed is not None:
            if label is None:
                raise ValueError('a conditional FCGenerator needs labels')
            x = torch.cat([x, self.embed(label.view(-1))], dim=1)
        img = self.out(self.body(x)).view(-1, *self.img_shape)
        return dict(fake_img=img, noise=noise) if return_noise else img


@MODELS.register_module()
class FCDiscriminator(BaseModule):
    """Flattened image (and a label embedding: CGAN) -> linear layers ->
    real/fake logit (N, ); ACGAN adds a class head.

    Args:
        img_shape (tuple): (C, H, W) of the input. Defaults to (1, 28, 28).
        hidden (tuple): Widths of the hidden layers.
        dropout (float): After each hidden layer. Defaults to 0.3.
        num_classes (int, optional): Needed by ``condition``.
        condition (str, optional): None, ``'cgan'`` or ``'acgan'``.
        embed_dim (int): Size of the CGAN label embedding. Defaults to 50.
    """

    def __init__(self, img_shape=(1, 28, 28),
                 hidden: Sequence[int] = (1024, 512, 256),
                 dropout: float = 0.3, num_classes: Optional[int] = None,
                 condition: Optional[str] = None, embed_dim: int = 50,
                 init_cfg=dict(type='Normal', layer='Linear', std=0.02)):
        super().__init__(init_cfg)
        _check_condition(condition, num_classes)
        self.condition, self.num_classes = condition, num_classes
        self.embed = (nn.Embedding(num_classes, embed_dim)
                      if condition == 'cgan' else None)
        in_features = int(torch.tensor(img_shape).prod()) + (
            embed_dim if condition == 'cgan' else 0)
        self.body = _mlp(in_features, hidden, norm=False, dropout=dropout)
        self.adv_head = nn.Linear(hidden[-1], 1)
        self.cls_head = (nn.Linear(hidden[-1], num_classes)
                         if condition == 'acgan' else None)

    def forward(self, img: Tensor, label: Optional[Tensor] = None):
        x = img.flatten(1)
        if self.embed is not None:
            if label is None:
                raise ValueError('a CGAN FCDiscriminator needs labels')
            x = torch.cat([x, self.embed(label.view(-1))], dim=1)
        feats = self.body(x)
        logits = self.adv_head(feats).view(-1)
        if self.cls_head is None:
            return logits
        return logits, self.cls_head(feats)
