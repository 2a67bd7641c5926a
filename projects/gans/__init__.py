"""GAN plugins built on mmagic: only what mmagic lacks or gets wrong."""
from . import biggan  # noqa: F401
from .cyclegan import (BufferedCycleGAN, FakeHistoryBuffer, PatchDiscriminator,
                       ResnetGenerator)
from .dcgan import (DCGANDiscriminator, DCGANFamily, DigitDiscriminator,
                    DigitGenerator, FCDiscriminator, FCGenerator)
from .diagnostics import DiscriminatorDiagnosticsMixin, discriminator_stats
from .disc_histogram_hook import DiscriminatorHistogramHook
from .flat_labels import SNGAN, FlatLabelsMixin
from .losses import adversarial_loss, label_targets
from .sample_grid_hook import SampleGridHook

__all__ = [
    'BufferedCycleGAN', 'FakeHistoryBuffer',
    'DCGANDiscriminator', 'DCGANFamily', 'DigitDiscriminator',
    'DigitGenerator', 'DiscriminatorDiagnosticsMixin',
    'DiscriminatorHistogramHook', 'FCDiscriminator', 'FCGenerator',
    'FlatLabelsMixin', 'PatchDiscriminator',
    'ResnetGenerator', 'SNGAN', 'SampleGridHook', 'adversarial_loss',
    'discriminator_stats', 'label_targets'
]
