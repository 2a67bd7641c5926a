from .discriminator import DCGANDiscriminator

__all__ = ['DCGANDiscriminator']
