"""Checkpoints that hold plain data only, so torch's safe loading reads them.

mmengine 0.10.7 pickles its message hub's ``HistoryBuffer`` objects and
NumPy values into checkpoints, which torch's ``weights_only`` loading (the
default since torch 2.6) refuses. Instead of allow-listing those types (a
class or a callable on the allow-list lets a crafted file run code), the
project's runner converts a checkpoint to tensors, numbers, strings and
containers of them on save (:func:`to_plain`) and rebuilds the history
buffers on load (:func:`from_plain`). Loading stays ``weights_only`` with
torch's own allow-list, untouched.
"""
import pickle
import re
import zipfile
from collections import OrderedDict
from typing import Any

import numpy as np
import torch
from mmengine.logging import HistoryBuffer
from mmengine.model import is_model_wrapper
from mmengine.runner.checkpoint import _load_checkpoint_to_model

PLAIN_SCALARS = (type(None), bool, int, float, complex, str, bytes,
                 torch.Size, torch.dtype, torch.device)
# Marks a history buffer converted by to_plain, inside message_hub.log_scalars.
BUFFER_KEYS = ('log_history', 'count_history', 'max_length')


class UnsafeCheckpointError(RuntimeError):
    """A file holds objects other than weights and plain data."""


class WeightsMismatchError(RuntimeError):
    """Weights whose names or shapes do not fit the model they load into."""


class BrokenCheckpointError(RuntimeError):
    """A checkpoint file that is not complete (a killed save, a cut copy)."""


def _numpy_to_plain(value: np.ndarray) -> torch.Tensor:
    if value.dtype == np.uint32:  # torch has no full uint32 support
        value = value.astype(np.int64)
    return torch.from_numpy(np.ascontiguousarray(value)).clone()


def plain(value: Any, where: str = 'checkpoint') -> Any:
    """``value`` with NumPy arrays as tensors and NumPy scalars as Python
    numbers; a ``TypeError`` naming ``where`` for anything else not plain."""
    if isinstance(value, np.generic):  # before float: np.float64 is a float
        return value.item()
    if isinstance(value, torch.Tensor) or isinstance(value, PLAIN_SCALARS):
        return value
    if isinstance(value, np.ndarray):
        return _numpy_to_plain(value)
    if isinstance(value, HistoryBuffer):
        return dict(log_history=_numpy_to_plain(value._log_history),
                    count_history=_numpy_to_plain(value._count_history),
                    max_length=int(value.max_length))
    if isinstance(value, dict):
        items = ((key, plain(item, f'{where}[{key!r}]'))
                 for key, item in value.items())
        return OrderedDict(items) if isinstance(value, OrderedDict) \
            else dict(items)
    if isinstance(value, (list, tuple, set)):
        items = [plain(item, f'{where}[{i}]') for i, item in enumerate(value)]
        return type(value)(items)
    raise TypeError(f'{where}: a {type(value).__module__}.'
                    f'{type(value).__qualname__} cannot be saved in a '
                    'checkpoint that loads safely; store tensors, numbers, '
                    'strings, or lists and dicts of them')


def to_plain(checkpoint: dict) -> None:
    """Convert ``checkpoint`` in place to plain data (see module doc)."""
    converted = plain(checkpoint)
    checkpoint.clear()
    checkpoint.update(converted)


def from_plain(checkpoint: dict) -> None:
    """Rebuild the message hub's history buffers of a :func:`to_plain`
    checkpoint in place; older checkpoints pass unchanged."""
    scalars = checkpoint.get('message_hub', {}).get('log_scalars', {})
    for key, value in scalars.items():
        if isinstance(value, dict) and set(value) == set(BUFFER_KEYS):
            scalars[key] = HistoryBuffer(value['log_history'].numpy(),
                                         value['count_history'].numpy(),
                                         value['max_length'])


def refused(path: str, err: Exception) -> UnsafeCheckpointError:
    """The one-line error for a file the safe loader refused."""
    found = str(err).split('GLOBAL ', 1)[-1].split(' ', 1)[0] \
        if 'GLOBAL ' in str(err) else type(err).__name__
    return UnsafeCheckpointError(
        f'{path}: refused, the file holds something other than weights and '
        f'plain data ({found}), which could run code when loaded. If it is '
        'yours or from a source you trust (a checkpoint from before this '
        'check, or from plain mmengine), convert it once: python '
        f'tools/convert_checkpoint.py {path} SAFE.pth --trust')


def safe_load(path: str, map_location: Any = 'cpu') -> Any:
    """``torch.load`` with ``weights_only=True`` and torch's own allow-list;
    a refused file raises :class:`UnsafeCheckpointError`."""
    problem = broken(path)
    if problem:
        raise BrokenCheckpointError(f'{path}: {problem}')
    try:
        return torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as err:
        raise refused(str(path), err) from None


def broken(path: str) -> str:
    """Why ``path`` is no complete checkpoint file, or '' if it looks whole.

    torch writes a zip archive whose directory is at the end, so a file cut
    short (a save killed halfway) has none; this reads only that directory.
    Files in torch's legacy (pre-1.6, non-zip) format are left to torch.
    """
    try:
        with open(path, 'rb') as f:
            if f.read(2) != b'PK' and f.tell():
                return ''
        with zipfile.ZipFile(path) as archive:
            archive.infolist()
    except FileNotFoundError:
        return 'checkpoint file not found'
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        return ('not a complete checkpoint (a save that was killed, or a cut '
                f'copy?): {err}')
    return ''


def _unwrapped_state(model: torch.nn.Module) -> dict:
    """``model.state_dict()`` with the ``module.`` that wrappers (DDP around
    each GAN submodule) insert taken out, as mmengine loads it."""
    wrapped = [name + '.module.' for name, sub in model.named_modules()
               if name and is_model_wrapper(sub)]
    state = {}
    for key, value in model.state_dict().items():
        for prefix in wrapped:
            if key.startswith(prefix):
                key = prefix[:-len('module.')] + key[len(prefix):]
                break
        state[key] = value
    return state


def check_fit(model: torch.nn.Module, state: dict, path: str,
              hint: str = 'pass --allow-partial-load to load what fits') -> None:
    """Raise :class:`WeightsMismatchError` with a short summary unless every
    tensor of ``state`` fits ``model`` by name and shape, and none is
    missing."""
    own = _unwrapped_state(model)
    missing = [key for key in own if key not in state]
    unexpected = [key for key in state if key not in own]
    other_shape = [
        f'{key} {tuple(state[key].shape)} vs {tuple(own[key].shape)}'
        for key in own if key in state and hasattr(state[key], 'shape')
        and hasattr(own[key], 'shape') and state[key].shape != own[key].shape]
    if not (missing or unexpected or other_shape):
        return
    matched = len(own) - len(missing) - len(other_shape)
    parts = [f'{len(keys)} {what} (first: {", ".join(keys[:3])})'
             for keys, what in ((missing, 'missing'),
                                (unexpected, 'unexpected'),
                                (other_shape, 'of another shape'))
             if keys]
    raise WeightsMismatchError(
        f'{path}: the weights do not fit {type(model).__name__}: {matched} of '
        f'{len(own)} tensors match; {"; ".join(parts)}. Is it a checkpoint '
        f'of another config? To load it anyway, {hint}.')


def state_dict_of(checkpoint: dict, revise_keys=((r'^module\.', ''),)) -> dict:
    """The weights of a checkpoint (or a bare state dict), with mmengine's
    ``revise_keys`` renames applied."""
    state = checkpoint.get('state_dict', checkpoint)
    for pattern, replacement in revise_keys:
        state = {re.sub(pattern, replacement, key): value
                 for key, value in state.items()}
    return state


def load_weights(model: torch.nn.Module, path: str, strict: bool = True,
                 map_location: Any = 'cpu', checkpoint: Any = None) -> dict:
    """Load a checkpoint's (or a bare state dict's) weights into ``model``
    with :func:`safe_load` (or ``checkpoint``, what it already read from
    ``path``); ``strict``: every tensor must fit (:func:`check_fit`).
    Returns the checkpoint."""
    if checkpoint is None:
        checkpoint = safe_load(path, map_location)
    if not isinstance(checkpoint, dict):
        raise TypeError(f'{path}: holds a {type(checkpoint).__name__}, not a '
                        'checkpoint or state dict')
    from_plain(checkpoint)
    if strict:
        check_fit(model, state_dict_of(checkpoint), path,
                  'load it with strict=False')
    return _load_checkpoint_to_model(model, checkpoint, strict)
