"""L-infinity FGSM and PGD on any classifier of the framework, in pixel units.

An attack works on the model's preprocessed input (what its data
preprocessor gives: normalised, channel-converted) but measures and clamps
in pixels: ``pixels = inputs * std + mean`` (0-255 for the image datasets
here), so epsilon means what users say (8 of 255, or 8/255 of 1) whatever
the normalisation, and adversarial images stay valid images.
"""
from contextlib import contextmanager
from typing import Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from projects.core.registry import TASK_UTILS


def pixel_transform(model: nn.Module) -> Tuple[Tensor, Tensor]:
    """(mean, std), shaped (1, C, 1, 1), of the model's data preprocessor
    (0 and 1 when it does not normalise)."""
    preprocessor = model.data_preprocessor
    if not getattr(preprocessor, '_enable_normalize', False):
        return torch.zeros(1), torch.ones(1)
    return (preprocessor.mean.view(1, -1, 1, 1),
            preprocessor.std.view(1, -1, 1, 1))


def to_image(pixels: Tensor) -> np.ndarray:
    """(C, H, W) pixels in 0-255 as an (H, W) or (H, W, 3) uint8 array."""
    image = pixels.clamp(0, 255).round().byte().cpu().numpy()
    return image[0] if len(image) == 1 else image.transpose(1, 2, 0)


def logits_of(model: nn.Module, inputs: Tensor) -> Tensor:
    """Class logits of preprocessed inputs (``mode='tensor'`` of mmpretrain
    classifiers and of the DANN model)."""
    logits = model(inputs, mode='tensor')
    if isinstance(logits, (tuple, list)):
        logits = logits[-1]
    return logits


@contextmanager
def evaluation_mode(model: nn.Module):
    """BatchNorm statistics and dropout as at test time, restored after."""
    training = model.training
    model.eval()
    try:
        yield
    finally:
        model.train(training)


class Attack:
    """Base of the attacks: an untargeted L-infinity perturbation of at most
    ``eps`` pixels that raises the cross-entropy of the true labels.

    Args:
        eps (float): Radius of the L-infinity ball, in pixel units of an
            image whose values run to ``pixel_max``.
        pixel_max (float): The scale ``eps`` is stated in: 255 (``eps=8``)
            or 1 (``eps=8/255``). The model's own pixels are 0-255.
        seed (int): Seed of the random start (PGD), so an attack gives the
            same images on every run.
    """
    name = 'attack'

    def __init__(self, eps: float, pixel_max: float = 255.0, seed: int = 0):
        if eps < 0:
            raise ValueError(f'{type(self).__name__}: eps must be >= 0, got '
                             f'{eps}')
        if pixel_max not in (1, 255):
            raise ValueError(f'{type(self).__name__}: pixel_max is 1 or 255 '
                             f'(the scale eps is given in), got {pixel_max}')
        self.eps, self.pixel_max, self.seed = eps, pixel_max, seed

    @property
    def key(self) -> str:
        """``pgd@8`` (eps in the units it was given in)."""
        return f'{self.name}@{self.eps:g}'

    def to_model_pixels(self, value: float) -> float:
        return value * 255.0 / self.pixel_max

    def __call__(self, model: nn.Module, inputs: Tensor,
                 labels: Tensor) -> Tensor:
        """Adversarial preprocessed inputs for ``inputs`` (preprocessed)."""
        mean, std = (t.to(inputs) for t in pixel_transform(model))
        pixels = (inputs * std + mean).detach()

        def loss_of(adv_pixels: Tensor) -> Tensor:
            return F.cross_entropy(logits_of(model, (adv_pixels - mean) / std),
                                   labels)

        with torch.enable_grad(), evaluation_mode(model):
            adv = self.perturb(pixels, loss_of)
        return ((adv - mean) / std).detach()

    def perturb(self, pixels: Tensor, loss_of) -> Tensor:
        raise NotImplementedError


def signed_gradient(loss_of, pixels: Tensor) -> Tensor:
    pixels = pixels.detach().requires_grad_(True)
    return torch.autograd.grad(loss_of(pixels), pixels)[0].sign()


def project(adv: Tensor, pixels: Tensor, eps: float) -> Tensor:
    """Back into the eps ball around ``pixels`` and the 0-255 range."""
    adv = torch.min(torch.max(adv, pixels - eps), pixels + eps)
    return adv.clamp(0, 255).detach()


@TASK_UTILS.register_module()
class FGSM(Attack):
    """Fast gradient sign method (Goodfellow et al., 2015): one step of
    ``eps`` along the gradient's sign."""
    name = 'fgsm'

    def perturb(self, pixels, loss_of):
        eps = self.to_model_pixels(self.eps)
        return project(pixels + eps * signed_gradient(loss_of, pixels),
                       pixels, eps)


@TASK_UTILS.register_module()
class PGD(Attack):
    """Projected gradient descent (Madry et al., 2018): ``steps`` signed
    gradient steps of ``step_size`` pixels, each projected back into the eps
    ball and the valid range, from a uniform random start in the ball
    (``random_start``, drawn from a generator seeded with ``seed``).

    Args:
        steps (int): Defaults to 10.
        step_size (float, optional): In the units of ``eps``; default
            ``2.5 * eps / steps`` (Madry et al.).
        random_start (bool): Defaults to True.
        Other arguments as :class:`Attack`.
    """
    name = 'pgd'

    def __init__(self, eps: float, steps: int = 10,
                 step_size: Optional[float] = None, random_start: bool = True,
                 **kwargs):
        super().__init__(eps, **kwargs)
        if steps < 1:
            raise ValueError(f'PGD: steps must be >= 1, got {steps}')
        self.steps, self.random_start = steps, random_start
        self.step_size = 2.5 * eps / steps if step_size is None else step_size

    def perturb(self, pixels, loss_of):
        eps = self.to_model_pixels(self.eps)
        step_size = self.to_model_pixels(self.step_size)
        adv = pixels
        if self.random_start:
            generator = torch.Generator(pixels.device).manual_seed(self.seed)
            noise = torch.rand(pixels.shape, generator=generator,
                               device=pixels.device, dtype=pixels.dtype)
            adv = project(pixels + (2 * noise - 1) * eps, pixels, eps)
        for _ in range(self.steps):
            adv = project(adv + step_size * signed_gradient(loss_of, adv),
                          pixels, eps)
        return adv


def build_attack(cfg) -> Attack:
    """An attack from a config dict (``dict(type='PGD', eps=8)``) or as is."""
    return cfg if isinstance(cfg, Attack) else TASK_UTILS.build(cfg)
