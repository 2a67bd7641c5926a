"""Digit domains for domain adaptation: MNIST, MNIST-M, USPS, SVHN."""
from .base import DigitsDataset
from .mnist import MNISTDigits
from .mnist_m import MNISTMDigits
from .svhn import SVHNDigits
from .usps import USPSDigits

__all__ = [
    'DigitsDataset', 'MNISTDigits', 'MNISTMDigits', 'SVHNDigits', 'USPSDigits'
]
