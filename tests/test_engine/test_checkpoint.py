"""Checkpoints hold plain data and load with torch's own safe loading; crafted
files are refused on every load path, and nothing in them runs."""
import builtins
import pickle
from collections import OrderedDict

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer
from mmengine.model import BaseModule
from mmengine.runner.checkpoint import _load_checkpoint, load_checkpoint

from projects.core.engine.checkpoint import (BrokenCheckpointError,
                                             UnsafeCheckpointError, broken,
                                             from_plain, load_weights,
                                             safe_load, to_plain)
from projects.core.engine.random_state_hook import (get_random_state,
                                                    set_random_state)
from projects.core.utils import register_all_modules
from projects.gan_metrics import load_inception
from projects.gans.biggan.class_transfer import load_state_dict
from tests.test_engine.crafted import (builtins_overwrite_payload,
                                       eval_payload, history_buffer_payload,
                                       write_crafted)
from tests.utils import run_tool

register_all_modules()
HistoryBuffer()  # fills the class-wide statistics methods
STATISTICS = dict(HistoryBuffer._statistics_methods)
ABS = builtins.abs


def mmengine_style_checkpoint() -> dict:
    buffer = HistoryBuffer()
    for value in (0.5, 0.25, np.float64(2.0)):
        buffer.update(value)
    return dict(
        meta=dict(seed=np.int64(3), mean=np.arange(3, dtype=np.float32),
                  iter=4, classes=('a', 'b')),
        state_dict=OrderedDict(w=torch.ones(2)),
        message_hub=dict(log_scalars=OrderedDict(loss=buffer),
                         runtime_info=OrderedDict(iter=np.int64(4), lr=np.float64(0.1)),
                         resumed_keys=OrderedDict(loss=True, iter=True)),
        random_states=[get_random_state()])


def test_saved_form_loads_with_an_empty_allow_list(tmp_path):
    # The plugins add nothing (torch.distributed lists some of torch's own).
    added = [entry for entry in torch.serialization.get_safe_globals()
             if not getattr(entry, '__module__', '').startswith('torch.')]
    assert added == []
    ckpt = mmengine_style_checkpoint()
    np_state = np.random.get_state()
    to_plain(ckpt)
    torch.save(ckpt, tmp_path / 'ckpt.pth')
    loaded = torch.load(tmp_path / 'ckpt.pth', weights_only=True)
    from_plain(loaded)

    buffer = loaded['message_hub']['log_scalars']['loss']
    assert isinstance(buffer, HistoryBuffer)
    assert buffer.current() == 2.0 and buffer.mean() == pytest.approx(0.25 * 11 / 3)
    assert buffer._log_history.dtype == np.float64
    assert loaded['message_hub']['runtime_info']['iter'] == 4
    assert loaded['meta']['seed'] == 3 and loaded['meta']['classes'] == ('a', 'b')
    assert loaded['meta']['mean'].tolist() == [0.0, 1.0, 2.0]
    np.random.rand(5)  # move on, then restore from the file
    set_random_state(loaded['random_states'][0])
    restored = np.random.get_state()
    assert restored[0] == np_state[0]
    np.testing.assert_array_equal(restored[1], np_state[1])
    assert restored[1].dtype == np.uint32 and restored[2:] == np_state[2:]


def test_unplain_value_is_named_at_save():
    with pytest.raises(TypeError, match=r"\['meta'\]\['hook'\].*Exploit"):
        to_plain(dict(meta=dict(hook=_Exploit())))


class _Exploit:
    def __reduce__(self):
        return (print, ('unsafe',))


PAYLOADS = {
    'eval': lambda marker: eval_payload(
        f"__import__('pathlib').Path({str(marker)!r}).write_text('ran')"),
    'builtins': lambda marker: builtins_overwrite_payload(),
    'history_buffer': lambda marker: history_buffer_payload(),
}


@pytest.fixture(params=sorted(PAYLOADS))
def crafted(request, tmp_path):
    marker = tmp_path / 'marker'
    path = write_crafted(tmp_path / f'{request.param}.pth',
                         PAYLOADS[request.param](marker))
    yield path
    assert not marker.exists(), 'the payload ran'
    assert builtins.abs is ABS, 'builtins were changed'
    assert HistoryBuffer._statistics_methods == STATISTICS


def _pretrained_init(path):
    module = BaseModule(init_cfg=dict(type='Pretrained', checkpoint=str(path)))
    module.linear = torch.nn.Linear(2, 2)
    module.init_weights()


IN_PROCESS_LOADERS = {
    'torch.load': lambda path: torch.load(path),
    'mmengine _load_checkpoint': lambda path: _load_checkpoint(str(path)),
    'mmengine load_checkpoint': lambda path: load_checkpoint(
        torch.nn.Linear(2, 2), str(path)),
    'init_cfg Pretrained': _pretrained_init,
    'classifier weights': lambda path: load_weights(torch.nn.Linear(2, 2), path),
    'BigGAN class transfer': lambda path: load_state_dict(str(path)),
    'Inception weights': lambda path: load_inception(str(path)),
}


@pytest.mark.parametrize('loader', sorted(IN_PROCESS_LOADERS))
def test_crafted_file_is_refused_in_process(crafted, loader):
    with pytest.raises((pickle.UnpicklingError, UnsafeCheckpointError)):
        IN_PROCESS_LOADERS[loader](crafted)


def test_refusal_is_one_clear_line(crafted):
    with pytest.raises(UnsafeCheckpointError) as err:
        safe_load(crafted)
    message = str(err.value)
    assert '\n' not in message and str(crafted) in message
    assert 'tools/convert_checkpoint.py' in message and '--trust' in message


TOY = [f'{loader}.{key}' for loader in ('train_dataloader', 'test_dataloader')
       for key in ('batch_size=2', 'num_workers=0', 'persistent_workers=False',
                   'dataset.num_samples=4')] + ['train_cfg.max_iters=1']
TOOLS = {
    'train --resume': lambda path, out: [
        'tools/train.py', 'configs/toy_classifier.py', '--work-dir', out,
        '--resume', path, '--cfg-options', *TOY],
    'train load_from': lambda path, out: [
        'tools/train.py', 'configs/toy_classifier.py', '--work-dir', out,
        '--cfg-options', f'load_from={path}', *TOY],
    'train init_cfg': lambda path, out: [
        'tools/train.py', 'configs/toy_classifier.py', '--work-dir', out,
        '--cfg-options', 'model.backbone.init_cfg.type=Pretrained',
        f'model.backbone.init_cfg.checkpoint={path}', *TOY],
    'test': lambda path, out: [
        'tools/test.py', 'configs/toy_classifier.py', path, '--work-dir', out,
        '--cfg-options', *TOY],
}


@pytest.mark.parametrize('tool', sorted(TOOLS))
def test_crafted_file_is_refused_by_the_tools(tool, tmp_path):
    marker = tmp_path / 'marker'
    path = write_crafted(tmp_path / 'evil.pth', PAYLOADS['eval'](marker))
    proc = run_tool(*TOOLS[tool](str(path), str(tmp_path / 'run')),
                    check=False)
    assert proc.returncode != 0
    assert 'UnsafeCheckpointError' in proc.stderr and str(path) in proc.stderr
    assert not marker.exists()


def test_convert_tool_needs_trust_and_writes_the_safe_form(tmp_path):
    old, new = tmp_path / 'old.pth', tmp_path / 'new.pth'
    torch.save(mmengine_style_checkpoint(), old)  # as mmengine wrote them
    with pytest.raises(UnsafeCheckpointError, match='convert_checkpoint'):
        safe_load(old)
    refused = run_tool('tools/convert_checkpoint.py', str(old), str(new),
                       check=False)
    assert refused.returncode != 0 and '--trust' in refused.stderr
    assert not new.exists()
    run_tool('tools/convert_checkpoint.py', str(old), str(new), '--trust')
    loaded = torch.load(new, weights_only=True)
    from_plain(loaded)
    assert loaded['message_hub']['log_scalars']['loss'].current() == 2.0
    assert loaded['meta']['seed'] == 3


def test_cut_checkpoint_is_named_broken(tmp_path):
    whole = tmp_path / 'iter_2.pth'
    torch.save(dict(state_dict=dict(w=torch.zeros(1000))), whole)
    assert broken(str(whole)) == ''
    cut = tmp_path / 'iter_4.pth'
    cut.write_bytes(whole.read_bytes()[:len(whole.read_bytes()) // 2])
    with pytest.raises(BrokenCheckpointError, match='iter_4.pth: not a complete'):
        safe_load(cut)
