from .digit_networks import DigitDiscriminator, DigitGenerator
from .discriminator import DCGANDiscriminator
from .losses import adversarial_loss, label_targets
from .model import DCGANFamily

__all__ = [
    'DCGANDiscriminator', 'DCGANFamily', 'DigitDiscriminator',
    'DigitGenerator', 'adversarial_loss', 'label_targets'
]
