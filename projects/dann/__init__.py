"""DANN domain adaptation: model, gradient reversal, schedules, digit networks."""
from .data_preprocessor import DomainDataPreprocessor
from .evaluation import DomainAccuracy
from .grl import reverse_grad
from .model import DANN
from .networks import DANNDigitNet, MLPHead, MLPNeck
from .schedules import InverseDecayLR, adaptation_weight, inverse_decay

__all__ = [
    'DANN', 'DANNDigitNet', 'DomainAccuracy', 'DomainDataPreprocessor',
    'InverseDecayLR', 'MLPHead', 'MLPNeck',
    'adaptation_weight', 'inverse_decay', 'reverse_grad'
]
