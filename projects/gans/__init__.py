"""GAN plugins built on mmagic: only what mmagic lacks or gets wrong."""
from .cyclegan import PatchDiscriminator, ResnetGenerator
from .dcgan import DCGANDiscriminator
from .sample_grid_hook import SampleGridHook

__all__ = [
    'DCGANDiscriminator', 'PatchDiscriminator', 'ResnetGenerator',
    'SampleGridHook'
]
