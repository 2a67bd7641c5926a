"""tools/dist_train.sh runs two CPU processes over gloo without CUDA."""
import socket

import pytest
import torch

from tests.utils import TINY_GAN, run_tool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(torch.cuda.is_available(), reason='tests the CPU path')
def test_two_process_training_on_cpu(tmp_path):
    proc = run_tool('tools/dist_train.sh', 'configs/toy_gan.py', '2',
                    '--work-dir', str(tmp_path), '--cfg-options', *TINY_GAN,
                    'train_cfg.max_iters=4', 'default_hooks.checkpoint.interval=4',
                    env=dict(PORT=str(free_port())))
    log = proc.stdout + proc.stderr
    assert 'Distributed training: True' in log
    assert 'GPU number: 2' in log  # mmengine's name for the world size
    checkpoint = torch.load(tmp_path / 'iter_4.pth')
    assert checkpoint['meta']['iter'] == 4
    assert len(checkpoint['random_states']) == 2  # one per rank
