"""Read prediction pickles (``tools/test.py --out``) without running code.

mmengine dumps predictions with :mod:`pickle`, which can name any callable.
This unpickler resolves only containers, NumPy arrays and torch tensors; a
tensor's storage, which torch pickles as a nested ``torch.save``, is read with
torch's ``weights_only`` loader.
"""
import codecs
import io
import pickle
from collections import OrderedDict

import numpy as np
import torch


def _storage_from_bytes(data: bytes):
    return torch.load(io.BytesIO(data), weights_only=True)


_ALLOWED = {
    ('_codecs', 'encode'): codecs.encode,  # how protocol 2 stores bytes
    ('collections', 'OrderedDict'): OrderedDict,
    ('numpy', 'ndarray'): np.ndarray,
    ('numpy', 'dtype'): np.dtype,
    ('numpy.core.multiarray', '_reconstruct'): np.core.multiarray._reconstruct,
    ('numpy.core.multiarray', 'scalar'): np.core.multiarray.scalar,
    ('torch._utils', '_rebuild_tensor_v2'): torch._utils._rebuild_tensor_v2,
    ('torch.storage', '_load_from_bytes'): _storage_from_bytes,
}


class _Restricted(pickle.Unpickler):

    def find_class(self, module: str, name: str):
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f'{module}.{name} is not data (only containers, NumPy arrays '
                'and tensors are read)') from None


def load_pickle(path: str):
    """The data of a pickle file; ``ValueError`` naming the file for one that
    holds anything else or cannot be read."""
    try:
        with open(path, 'rb') as f:
            return _Restricted(f).load()
    except FileNotFoundError:
        raise ValueError(f'{path}: file not found') from None
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError,
            AttributeError, RuntimeError) as err:
        raise ValueError(f'{path}: not a predictions pickle ({err})') from None
