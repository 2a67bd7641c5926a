from .digit_networks import DigitDiscriminator, DigitGenerator
from .discriminator import DCGANDiscriminator
from .fc_networks import FCDiscriminator, FCGenerator
from .model import DCGANFamily

__all__ = [
    'DCGANDiscriminator', 'DCGANFamily', 'DigitDiscriminator',
    'DigitGenerator', 'FCDiscriminator', 'FCGenerator'
]
