"""mmengine checkpoints load with torch's safe loading, which stays on."""
import os
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer

import projects  # noqa: F401  (allow-lists on import)


def test_message_hub_state_loads_with_weights_only(tmp_path):
    buffer = HistoryBuffer()
    buffer.update(np.float64(0.5))
    ckpt = dict(message_hub=dict(log_scalars={'loss': buffer}),
                meta=dict(seed=np.int64(3), mean=np.zeros(3, np.float32)))
    torch.save(ckpt, tmp_path / 'ckpt.pth')
    loaded = torch.load(tmp_path / 'ckpt.pth', weights_only=True)
    assert loaded['message_hub']['log_scalars']['loss'].current() == 0.5
    assert loaded['meta']['mean'].dtype == np.float32


class _Exploit:
    def __reduce__(self):
        return (os.system, ('echo unsafe',))


def test_arbitrary_globals_are_still_refused(tmp_path):
    with open(tmp_path / 'bad.pth', 'wb') as f:
        torch.save({'x': _Exploit()}, f, pickle_module=pickle)
    with pytest.raises(pickle.UnpicklingError, match='system'):
        torch.load(tmp_path / 'bad.pth')
