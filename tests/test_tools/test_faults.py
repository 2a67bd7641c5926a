"""Runs that survive faults: a trainer killed (SIGKILL) in the middle of a
save, and a distributed run one of whose workers dies."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from projects.core.engine.checkpoint import broken
from tests.test_tools.test_dist_train import free_port
from tests.test_tools.test_resume import TINY_CLASSIFIER
from tests.utils import REPO, TINY_GAN, read_scalars, run_tool

CONFIG = 'configs/toy_classifier.py'
# Save every 2 iterations, keeping one checkpoint: mmengine deleted the old
# one before writing the new, so a kill then left none.
OPTIONS = TINY_CLASSIFIER + ['default_hooks.checkpoint.interval=2',
                             'default_hooks.checkpoint.max_keep_ckpts=1',
                             'train_cfg.max_iters=6']


def train_cmd(work_dir: Path, *extra: str) -> list:
    return [sys.executable, 'tools/train.py', CONFIG, '--work-dir',
            str(work_dir), *extra, '--cfg-options', *OPTIONS]


def wait_for_bytes(fifo: Path, proc: subprocess.Popen, limit: float = 300):
    """Block until ``proc`` has written into ``fifo`` (it is mid-save)."""
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    deadline = time.monotonic() + limit
    try:
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1][-3000:]
            try:
                if os.read(fd, 4096):
                    return
            except BlockingIOError:
                pass
            time.sleep(0.1)
        pytest.fail('the trainer never started saving')
    finally:
        os.close(fd)


def test_kill_during_save_keeps_the_last_checkpoint_and_resumes(tmp_path):
    straight, killed = tmp_path / 'straight', tmp_path / 'killed'
    run_tool(*train_cmd(straight)[1:])
    # The save of iter_4 writes into a pipe that this test reads: the
    # trainer is provably inside torch.save when it is killed.
    killed.mkdir()
    os.mkfifo(killed / 'iter_4.pth.partial')
    proc = subprocess.Popen(train_cmd(killed), cwd=REPO, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for_bytes(killed / 'iter_4.pth.partial', proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)

    assert not (killed / 'iter_4.pth').exists()
    assert broken(str(killed / 'iter_2.pth')) == ''
    assert (killed / 'last_checkpoint').read_text().endswith('iter_2.pth')

    resumed = run_tool(*train_cmd(killed, '--resume')[1:])
    log = resumed.stdout + resumed.stderr
    assert 'iter_4.pth.partial: an incomplete checkpoint' in log
    assert 'Resuming from' in log and 'iter_2.pth' in log
    expected, got = read_scalars(straight), read_scalars(killed)
    for it in (3, 4, 5, 6):
        assert got[it]['loss'] == expected[it]['loss'], it
    assert sorted(p.name for p in killed.glob('iter_*.pth')) == ['iter_6.pth']
    torch.load(killed / 'iter_6.pth')  # complete, and loads safely


def _children(pid: int) -> list:
    path = Path(f'/proc/{pid}/task/{pid}/children')
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _rank_of(pid: int):
    try:
        environ = Path(f'/proc/{pid}/environ').read_bytes().split(b'\0')
    except OSError:
        return None
    for entry in environ:
        if entry.startswith(b'RANK='):
            return int(entry[5:])
    return None


@pytest.mark.skipif(torch.cuda.is_available(), reason='tests the CPU path')
def test_distributed_run_stops_when_a_worker_dies(tmp_path):
    env = dict(os.environ, PYTHON=sys.executable, PORT=str(free_port()))
    proc = subprocess.Popen(
        ['bash', 'tools/dist_train.sh', 'configs/toy_gan.py', '2',
         '--work-dir', str(tmp_path), '--cfg-options', *TINY_GAN,
         'train_cfg.max_iters=100000', 'default_hooks.checkpoint.interval=2'],
        cwd=REPO, env=env, text=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not (tmp_path / 'iter_2.pth').exists():  # both ranks train
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        workers = [pid for child in _children(proc.pid)
                   for pid in [child, *_children(child)]
                   if _rank_of(pid) == 1]
        assert workers, 'rank 1 not found'
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = proc.communicate(timeout=120)  # bounded: no hang
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode != 0
    assert 'Signal 9 (SIGKILL)' in stderr and 'train.py FAILED' in stderr


def logged(work_dir: Path) -> list:
    return [line for path in work_dir.glob('*/vis_data/scalars.json')
            for line in path.read_text().splitlines()]


def test_dataloader_workers_exit_when_the_trainer_is_killed(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, 'tools/train.py', CONFIG, '--work-dir', str(tmp_path),
         '--cfg-options', 'train_dataloader.num_workers=2',
         'train_dataloader.persistent_workers=True',
         'train_cfg.max_iters=100000', 'default_hooks.logger.interval=1'],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        # A few iterations in, workers wait to hand over prefetched batches:
        # a worker blocked so never noticed that its parent had died.
        while len(logged(tmp_path)) < 3:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        workers = _children(proc.pid)
        assert len(workers) == 2
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 30
    while any(Path(f'/proc/{pid}').exists() and
              Path(f'/proc/{pid}/stat').read_text().split()[2] != 'Z'
              for pid in workers):
        assert time.monotonic() < deadline, 'a worker outlived the trainer'
        time.sleep(0.2)
