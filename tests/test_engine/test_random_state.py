"""RandomStateHook stores every generator and restores it before the next batch."""
import random
from types import SimpleNamespace

import numpy as np
import torch

from projects.core.engine import RandomStateHook
from projects.core.engine.random_state_hook import _RestoreBeforeBatch, get_random_state


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


def test_validation_leaves_the_training_stream_alone():
    hook = RandomStateHook()
    torch.manual_seed(5)
    expected = torch.rand(1)
    torch.manual_seed(5)
    hook.before_val(None)
    torch.rand(10)  # e.g. a GAN metric sampling noise
    hook.after_val(None)
    assert torch.equal(torch.rand(1), expected)


def test_checkpoint_gets_the_snapshot_of_the_end_of_the_iteration():
    hook = RandomStateHook()
    torch.manual_seed(2)
    hook.after_train_iter(None, 0)
    expected = torch.rand(1)
    checkpoint = {}
    hook.before_save_checkpoint(None, checkpoint)
    torch.set_rng_state(checkpoint['random_states'][0]['torch'])
    assert torch.equal(torch.rand(1), expected)
