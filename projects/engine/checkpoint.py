"""Let torch's safe (weights-only) loading read mmengine checkpoints.

Since torch 2.6 ``torch.load`` defaults to ``weights_only=True``, and
mmengine 0.10.7 calls it without the argument, so ``--resume`` fails on the
message hub's ``HistoryBuffer`` and the NumPy values it holds. Rather than
turning safe loading off, the few types mmengine stores are allow-listed.
``getattr`` is among them because ``HistoryBuffer`` pickles its statistics
methods (``HistoryBuffer.min`` ...) as attribute lookups; the weights-only
unpickler still refuses to call anything that is not allow-listed.
"""
import numpy as np
import torch
from mmengine.logging import HistoryBuffer


def mmengine_checkpoint_types() -> list:
    """Every global an mmengine checkpoint refers to beyond torch's defaults."""
    numpy_dtypes = [getattr(np.dtypes, name) for name in dir(np.dtypes)
                    if name.endswith('DType')]
    return [
        HistoryBuffer,
        getattr,
        np.ndarray,
        np.dtype,
        np.core.multiarray._reconstruct,
        np.core.multiarray.scalar,
        *numpy_dtypes,
    ]


def allow_mmengine_checkpoint_types() -> None:
    """Allow-list :func:`mmengine_checkpoint_types` for ``torch.load``."""
    torch.serialization.add_safe_globals(mmengine_checkpoint_types())
