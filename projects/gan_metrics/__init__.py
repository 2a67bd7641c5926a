"""GAN evaluators: FID, Inception Score, KID, precision/recall and
inception accuracy."""
from .accuracy import InceptionAccuracy, build_classifier
from .base import SeededGenerativeMetric, SeededSampler
from .fid import FrechetInceptionDistance, InceptionScore
from .functional import (FewSamplesWarning, feature_statistics,
                         frechet_distance, inception_score,
                         kernel_inception_distance, load_statistics,
                         precision_recall, save_statistics)
from .kid import KernelInceptionDistance, PrecisionRecall
from .networks import FIDInceptionV3, StyleGANInception
from .translation import TranslationFID, TranslationKID
from .weights import ENV_VAR, load_inception

__all__ = [
    'ENV_VAR', 'FIDInceptionV3', 'FewSamplesWarning',
    'FrechetInceptionDistance', 'InceptionAccuracy', 'InceptionScore',
    'KernelInceptionDistance', 'PrecisionRecall', 'SeededGenerativeMetric',
    'SeededSampler', 'StyleGANInception', 'TranslationFID', 'TranslationKID',
    'build_classifier', 'feature_statistics', 'frechet_distance',
    'inception_score', 'kernel_inception_distance', 'load_inception',
    'load_statistics', 'precision_recall', 'save_statistics'
]
