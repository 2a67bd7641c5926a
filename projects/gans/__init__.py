"""GAN plugins built on mmagic: only what mmagic lacks or gets wrong."""
from . import biggan  # noqa: F401
from .cyclegan import (BufferedCycleGAN, FakeHistoryBuffer, PatchDiscriminator,
                       ResnetGenerator)
from .dcgan import (DCGANDiscriminator, DCGANFamily, DigitDiscriminator,
                    DigitGenerator)
from .flat_labels import SNGAN, FlatLabelsMixin
from .losses import adversarial_loss, label_targets
from .sample_grid_hook import SampleGridHook

__all__ = [
    'BufferedCycleGAN', 'FakeHistoryBuffer',
    'DCGANDiscriminator', 'DCGANFamily', 'DigitDiscriminator',
    'DigitGenerator', 'FlatLabelsMixin', 'PatchDiscriminator',
    'ResnetGenerator', 'SNGAN', 'SampleGridHook', 'adversarial_loss',
    'label_targets'
]
