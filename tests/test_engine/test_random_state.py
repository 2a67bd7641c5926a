"""RandomStateHook stores every generator and restores it before the next batch."""
import random
from types import SimpleNamespace

import numpy as np
import torch

from projects.engine import RandomStateHook
from projects.engine.random_state_hook import _RestoreBeforeBatch, get_random_state


def _draw():
    return (random.random(), np.random.rand(), torch.rand(1).item())


def _saved_checkpoint():
    torch.manual_seed(1), np.random.seed(1), random.seed(1)
    checkpoint = {}
    RandomStateHook().before_save_checkpoint(None, checkpoint)
    return checkpoint


def test_epoch_based_resume_restores_at_epoch_start():
    checkpoint = _saved_checkpoint()
    expected = _draw()
    hook = RandomStateHook()
    hook.after_load_checkpoint(None, checkpoint)
    _draw()
    hook.before_train_epoch(SimpleNamespace(train_loop=object(), iter=0))
    assert _draw() == expected
    hook.before_train_epoch(SimpleNamespace(train_loop=object(), iter=0))
    assert _draw() != expected  # restored once only


def test_iteration_resume_restores_after_the_replayed_batches():
    checkpoint = _saved_checkpoint()
    expected = _draw()
    batches = _RestoreBeforeBatch(
        iter(range(5)), 3, checkpoint['random_states'][0])
    for _ in range(3):  # the loop replaying batches already trained on
        next(batches)
        _draw()
    assert next(batches) == 3
    assert _draw() == expected


def test_state_covers_python_numpy_and_torch():
    assert {'python', 'numpy', 'torch'} <= set(get_random_state())
