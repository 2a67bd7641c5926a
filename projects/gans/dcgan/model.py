"""DCGAN, CGAN and ACGAN as one mmagic model with selectable losses and
label tricks."""
from typing import Dict, List, Optional

import torch.nn.functional as F
from mmagic.models.base_models import BaseConditionalGAN, BaseGAN
from mmagic.models.losses.gan_loss import gradient_penalty_loss
from mmagic.structures import DataSample
from mmengine.optim import OptimWrapper
from torch import Tensor

from projects.core.registry import MODELS
from ..diagnostics import DiscriminatorDiagnosticsMixin
from ..flat_labels import FlatLabelsMixin
from ..losses import LOSS_TYPES, Target, adversarial_loss, mean_target
from .digit_networks import CONDITIONS


@MODELS.register_module()
class DCGANFamily(DiscriminatorDiagnosticsMixin, FlatLabelsMixin,
                  BaseConditionalGAN):
    """An unconditional DCGAN, a CGAN (labels into generator and
    discriminator) or an ACGAN (labels into the generator, an auxiliary
    class head on the discriminator, class loss on real and fake images).

    The discriminator's targets are ``real_label`` and ``fake_label``: a
    constant (``real_label=0.9`` is one-sided label smoothing) or a range
    drawn per sample (``real_label=(0.85, 1.2)``, ``fake_label=(0.0, 0.3)``:
    noisy soft labels); the generator's target stays 1. The update ratio is
    mmagic's ``discriminator_steps`` / ``generator_steps``. Each
    discriminator update logs its mean outputs and real / fake accuracy
    (:class:`DiscriminatorDiagnosticsMixin`).

    Args:
        generator, discriminator (dict): e.g. ``DigitGenerator`` and
            ``DigitDiscriminator``, or mmagic's DCGAN networks (unconditional).
        condition (str, optional): None, ``'cgan'`` or ``'acgan'``.
        loss_type (str): ``'vanilla'``, ``'lsgan'`` or ``'wgan-gp'``.
        real_label, fake_label (float | tuple): Discriminator targets.
        gp_weight (float): WGAN-GP gradient penalty weight. Defaults to 10.
        aux_loss_weight (float): ACGAN class loss weight. Defaults to 1.
        mode_seeking_weight (float): Weight of the mode-seeking term (Mao
            et al., 2019): the generator is penalised by
            ``weight / (|G(z1, y) - G(z2, y)| / |z1 - z2|)``, so it cannot
            ignore its noise and collapse to one image per class. 0: off.
        Other arguments as mmagic's ``BaseConditionalGAN``.
    """

    def __init__(self, generator: dict, discriminator: dict,
                 condition: Optional[str] = None,
                 loss_type: str = 'vanilla', real_label: Target = 1.0,
                 fake_label: Target = 0.0, gp_weight: float = 10.0,
                 aux_loss_weight: float = 1.0,
                 mode_seeking_weight: float = 0.0, **kwargs):
        if condition not in CONDITIONS:
            raise ValueError(f'condition must be one of {CONDITIONS}, got '
                             f'{condition!r}')
        if loss_type not in LOSS_TYPES:
            raise ValueError(f'loss_type must be one of {LOSS_TYPES}, got '
                             f'{loss_type!r}')
        if loss_type == 'wgan-gp' and (real_label, fake_label) != (1.0, 0.0):
            raise ValueError('wgan-gp has no label targets: leave real_label '
                             'and fake_label at 1.0 and 0.0')
        if condition is None and isinstance(discriminator, dict):
            # mmagic passes num_classes=None to discriminators it builds,
            # which its unconditional networks do not accept
            discriminator = MODELS.build(discriminator)
        super().__init__(generator, discriminator, **kwargs)
        if condition and not self.num_classes:
            raise ValueError(f'condition={condition!r} needs num_classes '
                             '(in the model, generator or discriminator)')
        self.condition, self.loss_type = condition, loss_type
        self.real_label, self.fake_label = real_label, fake_label
        self.gp_weight, self.aux_loss_weight = gp_weight, aux_loss_weight
        self.mode_seeking_weight = mode_seeking_weight

    @property
    def disc_threshold(self) -> float:
        """Between the mean targets for least squares, else 0 (logits,
        critic scores)."""
        if self.loss_type != 'lsgan':
            return 0.0
        return (mean_target(self.real_label) + mean_target(self.fake_label)) / 2

    def forward(self, inputs, data_samples=None, mode=None) -> List[DataSample]:
        if self.condition is None:
            return BaseGAN.forward(self, inputs, data_samples, mode)
        return super().forward(inputs, data_samples, mode)

    def generate(self, num: int, labels: Optional[Tensor] = None,
                 noise: Optional[Tensor] = None):
        """``num`` fake images and their labels (None if unconditional);
        labels and noise are drawn unless given."""
        noise = self.noise_fn(num_batches=num) if noise is None else noise
        if self.condition is None:
            return self.generator(noise, return_noise=False), None
        labels = self.label_fn(num_batches=num) if labels is None else labels
        return self.generator(noise, label=labels, return_noise=False), labels

    def mode_seeking_loss(self, fake_imgs: Tensor, labels: Optional[Tensor],
                          noise: Tensor) -> Tensor:
        """Mao et al.'s term: small when other noise gives other images."""
        other_noise = self.noise_fn(num_batches=len(noise))
        other_imgs, _ = self.generate(len(noise), labels, other_noise)
        ratio = ((fake_imgs - other_imgs).abs().mean() /
                 (noise - other_noise).abs().mean())
        return self.mode_seeking_weight / (ratio + 1e-5)

    def discriminate(self, imgs: Tensor, labels: Optional[Tensor]):
        """(real/fake logits, class logits or None)."""
        if self.condition == 'cgan':
            return self.discriminator(imgs, label=labels), None
        out = self.discriminator(imgs)
        return out if self.condition == 'acgan' else (out, None)

    def train_discriminator(self, inputs: dict, data_samples: DataSample,
                            optimizer_wrapper: OptimWrapper) -> Dict[str, Tensor]:
        real_imgs = data_samples.gt_img
        real_labels = None
        if self.condition:
            real_labels = self.data_sample_to_label(data_samples)
            if real_labels is None:
                raise KeyError('a conditional GAN needs gt_label in the data '
                               'samples: pack it in the pipeline')
        fake_imgs, fake_labels = self.generate(len(real_imgs))
        fake_imgs = fake_imgs.detach()
        pred_real, cls_real = self.discriminate(real_imgs, real_labels)
        pred_fake, cls_fake = self.discriminate(fake_imgs, fake_labels)
        losses = dict(
            loss_disc_real=adversarial_loss(pred_real, self.real_label,
                                            self.loss_type),
            loss_disc_fake=adversarial_loss(pred_fake, self.fake_label,
                                            self.loss_type))
        if self.loss_type == 'wgan-gp':
            losses['loss_gp'] = self.gp_weight * self.gradient_penalty(
                real_imgs, fake_imgs, real_labels)
        if self.condition == 'acgan':
            losses['loss_cls_real'] = self.aux_loss_weight * F.cross_entropy(
                cls_real, real_labels)
            losses['loss_cls_fake'] = self.aux_loss_weight * F.cross_entropy(
                cls_fake, fake_labels)
        loss, log_vars = self.parse_losses(losses)
        optimizer_wrapper.update_params(loss)
        log_vars.update(self.record_disc_outputs(pred_real, pred_fake))
        return log_vars

    def gradient_penalty(self, real_imgs: Tensor, fake_imgs: Tensor,
                         real_labels: Optional[Tensor]) -> Tensor:
        """mmagic's WGAN-GP penalty; a CGAN critic scores the interpolates
        with the real images' labels."""
        def critic(imgs):
            return self.discriminate(imgs, real_labels)[0]
        return gradient_penalty_loss(critic, real_imgs, fake_imgs)

    def train_generator(self, inputs: dict, data_samples: DataSample,
                        optimizer_wrapper: OptimWrapper) -> Dict[str, Tensor]:
        noise = self.noise_fn(num_batches=len(data_samples))
        fake_imgs, fake_labels = self.generate(len(noise), noise=noise)
        pred_fake, cls_fake = self.discriminate(fake_imgs, fake_labels)
        losses = dict(loss_gen=adversarial_loss(pred_fake, 1.0,
                                                self.loss_type))
        if self.mode_seeking_weight:
            losses['loss_mode_seeking'] = self.mode_seeking_loss(
                fake_imgs, fake_labels, noise)
        if self.condition == 'acgan':
            losses['loss_gen_cls'] = self.aux_loss_weight * F.cross_entropy(
                cls_fake, fake_labels)
        loss, log_vars = self.parse_losses(losses)
        optimizer_wrapper.update_params(loss)
        return log_vars
