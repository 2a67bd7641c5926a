"""GAN plugins built on mmagic: only what mmagic lacks or gets wrong."""
from .dcgan import DCGANDiscriminator

__all__ = ['DCGANDiscriminator']
