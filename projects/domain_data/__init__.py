"""Data for domain adaptation, for any pair of image domains: a labelled
source and an unlabelled target per item, and one test set of both."""
from .paired import PairedDomainDataset
from .test_set import DomainTestSet

__all__ = ['DomainTestSet', 'PairedDomainDataset']
