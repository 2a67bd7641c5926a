from .networks import PatchDiscriminator, ResnetGenerator

__all__ = ['PatchDiscriminator', 'ResnetGenerator']
