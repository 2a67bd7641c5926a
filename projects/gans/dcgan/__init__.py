from .digit_networks import DigitDiscriminator, DigitGenerator
from .discriminator import DCGANDiscriminator
from .model import DCGANFamily

__all__ = [
    'DCGANDiscriminator', 'DCGANFamily', 'DigitDiscriminator', 'DigitGenerator'
]
