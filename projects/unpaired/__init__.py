"""Unpaired image domains in the CycleGAN layout (trainA/trainB/testA/testB)."""
from .dataset import UnpairedDomainsDataset
from .models import PatchDiscriminator, ResnetGenerator

__all__ = ['PatchDiscriminator', 'ResnetGenerator', 'UnpairedDomainsDataset']
