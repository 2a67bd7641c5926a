"""GAN evaluators: FID, Inception Score and inception accuracy."""
from .accuracy import InceptionAccuracy, build_classifier
from .base import SeededGenerativeMetric, SeededSampler
from .fid import FrechetInceptionDistance, InceptionScore, TranslationFID
from .functional import (FewSamplesWarning, feature_statistics,
                         frechet_distance, inception_score, load_statistics,
                         save_statistics)
from .networks import FIDInceptionV3, StyleGANInception
from .weights import ENV_VAR, load_inception

__all__ = [
    'ENV_VAR', 'FIDInceptionV3', 'FewSamplesWarning',
    'FrechetInceptionDistance', 'InceptionAccuracy', 'InceptionScore',
    'SeededGenerativeMetric', 'SeededSampler', 'StyleGANInception',
    'TranslationFID',
    'build_classifier', 'feature_statistics', 'frechet_distance',
    'inception_score', 'load_inception', 'load_statistics', 'save_statistics'
]
