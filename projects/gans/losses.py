"""Adversarial losses with the label tricks of the report (Salimans et al.,
2016: one-sided label smoothing; noisy soft labels)."""
from typing import Tuple, Union

import torch
import torch.nn.functional as F
from torch import Tensor

LOSS_TYPES = ('vanilla', 'lsgan', 'wgan-gp')
Target = Union[float, Tuple[float, float]]


def label_targets(pred: Tensor, target: Target) -> Tensor:
    """Targets shaped like ``pred``: a constant (``0.9``: one-sided
    smoothing), or a range ``(low, high)`` drawn uniformly per sample
    (noisy soft labels, e.g. real in (0.85, 1.2), fake in (0.0, 0.3))."""
    if isinstance(target, (int, float)):
        return torch.full_like(pred, float(target))
    low, high = target
    return torch.rand_like(pred) * (high - low) + low


def mean_target(target: Target) -> float:
    """The constant target, or the middle of a range."""
    if isinstance(target, (int, float)):
        return float(target)
    return sum(target) / 2


def adversarial_loss(pred: Tensor, target: Target, loss_type: str) -> Tensor:
    """The discriminator's or generator's loss on logits ``pred``.

    vanilla: binary cross-entropy against the targets; lsgan: squared error
    against them; wgan-gp: the critic's mean score, negated for real
    targets (``target`` > 0.5), without label targets.
    """
    if loss_type == 'vanilla':
        return F.binary_cross_entropy_with_logits(pred,
                                                  label_targets(pred, target))
    if loss_type == 'lsgan':
        return F.mse_loss(pred, label_targets(pred, target))
    if loss_type == 'wgan-gp':
        return -pred.mean() if target == 1.0 else pred.mean()
    raise ValueError(f'loss_type must be one of {LOSS_TYPES}, got {loss_type!r}')
