"""Class labels of shape (N, ) for mmagic's conditional GANs."""
from typing import Optional

from mmagic.models.editors.sagan import SAGAN
from torch import Tensor

from projects.core.registry import MODELS
from .diagnostics import DiscriminatorDiagnosticsMixin


class FlatLabelsMixin:
    """mmagic 1.2.0 stacks the labels of a batch's data samples to (N, 1):
    its projection discriminators then score each real image against every
    label of the batch (an (N, N, C) product, silently averaged into the
    loss), and BigGAN-deep's generator rejects them. Here they are (N, )."""

    def data_sample_to_label(self, data_sample) -> Optional[Tensor]:
        labels = super().data_sample_to_label(data_sample)
        return None if labels is None else labels.view(-1)


@MODELS.register_module()
class SNGAN(DiscriminatorDiagnosticsMixin, FlatLabelsMixin, SAGAN):
    """mmagic's SNGAN (its SAGAN class registered as 'SNGAN') with (N, )
    labels and the discriminator's diagnostics (hinge loss: threshold 0)."""
