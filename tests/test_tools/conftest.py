"""Briefly trained toy checkpoints, shared by the analysis-tool tests."""
import pytest

from tests.test_datasets.utils import train_briefly

BRIEF = {'train_cfg.max_iters': 2, 'train_cfg.val_interval': 10 ** 6,  # no val
         'default_hooks.checkpoint.interval': 2,
         'train_dataloader.batch_size': 4}


def _trained(tmp_path_factory, config: str) -> str:
    work = tmp_path_factory.mktemp(config)
    train_briefly(f'configs/{config}.py', work, BRIEF)
    return str(work / 'iter_2.pth')


@pytest.fixture(scope='session')
def toy_classifier_checkpoint(tmp_path_factory):
    return _trained(tmp_path_factory, 'toy_classifier')


@pytest.fixture(scope='session')
def toy_detector_checkpoint(tmp_path_factory):
    return _trained(tmp_path_factory, 'toy_detector')
