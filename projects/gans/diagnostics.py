"""What the discriminator says about each minibatch, from the outputs the
training step already computed (no extra forward pass)."""
from typing import Dict, Tuple

from torch import Tensor


def discriminator_stats(pred_real: Tensor, pred_fake: Tensor,
                        threshold: float, suffix: str = '') -> Dict[str, Tensor]:
    """Mean output on real and on fake images, and the share of outputs on
    the right side of ``threshold`` (real above, fake at or below it): the
    real / fake accuracy. Patch discriminators count every patch."""
    real, fake = pred_real.detach().float(), pred_fake.detach().float()
    return {
        f'disc_real_mean{suffix}': real.mean(),
        f'disc_fake_mean{suffix}': fake.mean(),
        f'disc_real_acc{suffix}': (real > threshold).float().mean(),
        f'disc_fake_acc{suffix}': (fake <= threshold).float().mean(),
    }


class DiscriminatorDiagnosticsMixin:
    """Logs :func:`discriminator_stats` of every discriminator update and
    keeps the last minibatch's outputs in ``last_disc_outputs`` (``{domain:
    (real, fake)}``, domain ``''`` for one discriminator) for
    ``DiscriminatorHistogramHook``.

    ``disc_threshold`` separates real from fake outputs: 0 for logits (BCE),
    hinge and Wasserstein critics (there "accuracy" is the sign of the score,
    whose scale drifts: read the means beside it), the middle of the targets
    for least squares. Models whose loss is mmagic's ``disc_loss`` get it
    there; others call :meth:`record_disc_outputs` themselves.
    """
    disc_threshold = 0.0

    def record_disc_outputs(self, pred_real: Tensor, pred_fake: Tensor,
                            domain: str = '') -> Dict[str, Tensor]:
        outputs = self.__dict__.setdefault('last_disc_outputs', {})
        outputs[domain] = (pred_real.detach(), pred_fake.detach())
        return discriminator_stats(pred_real, pred_fake, self.disc_threshold,
                                   f'_{domain}' if domain else '')

    def disc_loss(self, disc_pred_fake: Tensor,
                  disc_pred_real: Tensor) -> Tuple[Tensor, dict]:
        loss, log_vars = super().disc_loss(disc_pred_fake, disc_pred_real)
        log_vars.update(self.record_disc_outputs(disc_pred_real,
                                                 disc_pred_fake))
        return loss, log_vars
