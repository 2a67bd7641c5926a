"""Synthetic training data: a conditional GAN's samples per class, mixed
with real images."""
from .generate import generate_dataset, write_lists, write_samples
from .mix import PhasedSampler, RealSyntheticDataset

__all__ = ['PhasedSampler', 'RealSyntheticDataset', 'generate_dataset',
           'write_lists', 'write_samples']
