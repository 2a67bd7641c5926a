"""Unpaired image domains in the CycleGAN layout (trainA/trainB/testA/testB)."""
from .dataset import UnpairedDomainsDataset

__all__ = ['UnpairedDomainsDataset']
