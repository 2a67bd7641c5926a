"""The small networks of the DANN paper for digits (Ganin et al., 2016, Fig. 4)."""
from typing import Sequence

import torch
from mmengine.model import BaseModule
from torch import nn

from projects.core.registry import MODELS


def _conv_block(in_channels, out_channels, pool_kernel, pool_stride):
    return [nn.Conv2d(in_channels, out_channels, 5), nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True), nn.MaxPool2d(pool_kernel, pool_stride)]


@MODELS.register_module()
class DANNDigitNet(BaseModule):
    """Feature extractor for 28 px (MNIST) or 32 px (SVHN) digits.

    ``img_size=28``: conv5x5(32)-pool-conv5x5(48)-pool, 768-d features (the
    MNIST-to-MNIST-M net). ``img_size=32``: conv5x5(64)-pool3/2-conv5x5(64)-
    pool3/2-conv5x5(128), 128-d features after global pooling (the SVHN net).
    BatchNorm is added after each convolution, as common re-implementations
    do, to train stably at the paper's learning rates. ``dropout`` > 0 adds
    channel dropout (``Dropout2d``) after the last convolution block.
    """

    def __init__(self, img_size: int = 28, in_channels: int = 3,
                 dropout: float = 0.0, init_cfg=None):
        super().__init__(init_cfg)
        if img_size == 28:
            layers = (_conv_block(in_channels, 32, 2, 2) +
                      _conv_block(32, 48, 2, 2))
            self.out_channels = 48 * 4 * 4
        elif img_size == 32:
            layers = (_conv_block(in_channels, 64, 3, 2) +
                      _conv_block(64, 64, 3, 2)[:-1] +
                      [nn.Conv2d(64, 128, 5, padding=2), nn.BatchNorm2d(128),
                       nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(1)])
            self.out_channels = 128
        else:
            raise ValueError(f'DANNDigitNet supports img_size 28 or 32, got {img_size}')
        if dropout:
            layers.insert(-1, nn.Dropout2d(dropout))
        self.layers = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x).flatten(1)


def hidden_layers(in_channels: int, hidden_channels: Sequence[int],
                  dropout: float = 0.0, norm: bool = False) -> list:
    """Linear, (BatchNorm1d,) ReLU (and Dropout) for each hidden width."""
    layers, width = [], in_channels
    for hidden in hidden_channels:
        layers.append(nn.Linear(width, hidden))
        if norm:
            layers.append(nn.BatchNorm1d(hidden))
        layers.append(nn.ReLU(inplace=True))
        if dropout:
            layers.append(nn.Dropout(dropout))
        width = hidden
    return layers


@MODELS.register_module()
class MLPHead(BaseModule):
    """Fully connected layers with (BatchNorm,) ReLU (and dropout) between them.

    The label predictor and the domain classifier of DANN. ``norm=True`` adds
    BatchNorm1d after each hidden layer, as Transfer-Learning-Library's domain
    discriminator does.
    """

    def __init__(self, in_channels: int, hidden_channels: Sequence[int],
                 num_classes: int, dropout: float = 0.0, norm: bool = False,
                 init_cfg=None):
        super().__init__(init_cfg)
        width = hidden_channels[-1] if hidden_channels else in_channels
        self.layers = nn.Sequential(
            *hidden_layers(in_channels, hidden_channels, dropout, norm),
            nn.Linear(width, num_classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)


@MODELS.register_module()
class MLPNeck(BaseModule):
    """A bottleneck shared by the label predictor and the domain classifier:
    Linear-ReLU layers on the flattened backbone features.

    With it the domain classifier sees the features the label predictor
    classifies, as in Transfer-Learning-Library's DANN (backbone, bottleneck,
    then both heads), instead of the raw convolutional features.
    """

    def __init__(self, in_channels: int, hidden_channels: Sequence[int],
                 dropout: float = 0.0, norm: bool = False, init_cfg=None):
        super().__init__(init_cfg)
        self.layers = nn.Sequential(
            *hidden_layers(in_channels, hidden_channels, dropout, norm))

    def forward(self, x):
        if isinstance(x, (tuple, list)):
            x = x[-1]
        return self.layers(x.flatten(1))
