"""Save the random number generators in checkpoints, so resume is exact."""
import random

import numpy as np
import torch
from mmengine.dist import all_gather_object, get_rank
from mmengine.hooks import Hook
from mmengine.runner import IterBasedTrainLoop

from projects.core.registry import HOOKS


def _plain_numpy_state(state: tuple) -> list:
    """NumPy's legacy state with its key array as a tensor (plain data)."""
    name, keys, *rest = state
    return [name, torch.from_numpy(keys.astype(np.int64)), *rest]


def get_random_state() -> dict:
    """The state of Python's, NumPy's and torch's (CPU and CUDA) generators."""
    state = dict(
        python=random.getstate(),
        numpy=_plain_numpy_state(np.random.get_state()),
        torch=torch.get_rng_state(),
    )
    if torch.cuda.is_available():
        state['cuda'] = torch.cuda.get_rng_state_all()
    return state


def set_random_state(state: dict) -> None:
    """Restore generators from :func:`get_random_state`'s output."""
    version, internal, gauss_next = state['python']
    random.setstate((version, tuple(internal), gauss_next))
    name, keys, *rest = state['numpy']
    keys = keys.numpy() if isinstance(keys, torch.Tensor) else np.asarray(keys)
    np.random.set_state((name, keys.astype(np.uint32), *rest))
    torch.set_rng_state(state['torch'].cpu())
    if 'cuda' in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in state['cuda']])


class _RestoreBeforeBatch:
    """Wrap a batch iterator: restore ``state`` before batch ``index`` is drawn."""

    def __init__(self, iterator, index: int, state: dict):
        self.iterator, self.index, self.state = iterator, index, state

    def __iter__(self):
        return self

    def __next__(self):
        if self.index == 0 and self.state is not None:
            set_random_state(self.state)
            self.state = None
        self.index -= 1
        return next(self.iterator)


@HOOKS.register_module()
class RandomStateHook(Hook):
    """Store each rank's random state in checkpoints and restore it on resume.

    mmengine re-seeds a resumed run with its original seed, so the noise a GAN
    draws or the augmentations after resume differ from an uninterrupted run.
    This hook snapshots every rank's generators at the end of each training
    iteration and epoch (just before ``CheckpointHook`` saves; the snapshot is
    gathered because only rank 0 writes checkpoints), and restores them right
    before the first batch after resume is drawn: at the start of the epoch
    for epoch-based loops, after the iteration-based loop has replayed the
    dataloader past the batches already trained on. Validation runs between
    saved state and next batch, so it gets the generators back afterwards.
    Worker processes need nothing: mmengine seeds them by rank and worker id,
    and the replay repeats their draws.
    """

    priority = 'LOW'  # after the iteration's other hooks, before CheckpointHook

    def __init__(self) -> None:
        self._snapshot = None
        self._pending_state = None
        self._state_before_val = None

    def _take_snapshot(self) -> None:
        self._snapshot = all_gather_object(get_random_state())

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        self._take_snapshot()

    def after_train_epoch(self, runner) -> None:
        self._take_snapshot()

    def before_val(self, runner) -> None:
        self._state_before_val = get_random_state()

    def after_val(self, runner) -> None:
        set_random_state(self._state_before_val)

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint['random_states'] = self._snapshot or [get_random_state()]

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        states = checkpoint.get('random_states')
        if states:
            self._pending_state = states[get_rank() % len(states)]

    def before_train_epoch(self, runner) -> None:
        state, self._pending_state = self._pending_state, None
        if state is None:
            return
        loop = runner.train_loop
        if isinstance(loop, IterBasedTrainLoop) and runner.iter > 0:
            loop.dataloader_iterator = _RestoreBeforeBatch(
                loop.dataloader_iterator, runner.iter, state)
        else:
            set_random_state(state)
