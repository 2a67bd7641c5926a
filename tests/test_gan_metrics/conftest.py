"""Weights files built once per session (nothing is downloaded)."""
import pytest

from .helpers import save_fid_inception, save_tiny_stylegan


@pytest.fixture(scope='session')
def fid_weights(tmp_path_factory):
    """(path, sha256) of random weights in pytorch-fid's format."""
    path = tmp_path_factory.mktemp('weights') / 'random_inception.pth'
    return path, save_fid_inception(path)


@pytest.fixture(scope='session')
def tiny_weights(tmp_path_factory):
    """(path, sha256) of a tiny network in StyleGAN's TorchScript format."""
    path = tmp_path_factory.mktemp('weights') / 'tiny_inception.pt'
    return path, save_tiny_stylegan(path)
