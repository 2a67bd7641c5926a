"""A run stopped and resumed continues exactly like an uninterrupted one."""

import numpy as np
import pytest
import torch

from tests.utils import TINY_GAN, read_scalars, run_tool, stopped_run

TINY_CLASSIFIER = [
    'train_dataloader.batch_size=8', 'train_dataloader.num_workers=0',
    'train_dataloader.persistent_workers=False',
    'train_dataloader.dataset.num_samples=64', 'default_hooks.logger.interval=1',
    'train_cfg.val_interval=100', 'param_scheduler.T_max=6',
]
CASES = {
    # GAN noise comes from the global RNG; optimizers of two submodules.
    'configs/toy_gan.py': TINY_GAN,
    # Random flips in the pipeline and a cosine learning-rate schedule.
    'configs/toy_classifier.py': TINY_CLASSIFIER,
}


def train(config, work_dir, max_iters, options, *extra):
    run_tool('tools/train.py', config, '--work-dir', str(work_dir), *extra,
             '--cfg-options', *options, f'train_cfg.max_iters={max_iters}',
             'default_hooks.checkpoint.interval=3')


def assert_same_tensors(a, b, what):
    if isinstance(a, dict):
        assert a.keys() == b.keys(), what
        for key in a:
            assert_same_tensors(a[key], b[key], f'{what}.{key}')
    elif isinstance(a, (list, tuple)):
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same_tensors(x, y, f'{what}[{i}]')
    elif isinstance(a, torch.Tensor):
        assert torch.equal(a, b), what
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=what)
    else:
        assert a == b, what


@pytest.mark.parametrize('config', list(CASES))
def test_resume_matches_uninterrupted_run(config, tmp_path):
    options = CASES[config]
    straight, stopped = tmp_path / 'straight', tmp_path / 'stopped'
    train(config, straight, 6, options)
    # A run killed after iteration 4 leaves iter_3.pth and last_checkpoint.
    stopped_run(straight, stopped, 3)
    train(config, stopped, 6, options, '--resume')

    expected, resumed = read_scalars(straight), read_scalars(stopped)
    for it in (4, 5, 6):
        for key, value in expected[it].items():
            if key.startswith(('loss', 'lr')) or key.endswith('lr'):
                assert resumed[it][key] == value, (it, key)

    # torch.load's default (weights_only=True) reads our checkpoints.
    a = torch.load(straight / 'iter_6.pth')
    b = torch.load(stopped / 'iter_6.pth')
    assert a['meta']['iter'] == b['meta']['iter'] == 6
    assert_same_tensors(a['state_dict'], b['state_dict'], 'state_dict')
    assert_same_tensors(a['optimizer'], b['optimizer'], 'optimizer')
    assert_same_tensors(a['random_states'], b['random_states'], 'random_states')
