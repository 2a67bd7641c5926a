"""Digit domains for domain adaptation: MNIST, MNIST-M, USPS, SVHN, and source/target pairs."""
from .base import DigitsDataset
from .mnist import MNISTDigits
from .mnist_m import MNISTMDigits
from .paired import PairedDomainDataset
from .svhn import SVHNDigits
from .usps import USPSDigits

__all__ = [
    'DigitsDataset', 'MNISTDigits', 'MNISTMDigits', 'PairedDomainDataset',
    'SVHNDigits', 'USPSDigits'
]
