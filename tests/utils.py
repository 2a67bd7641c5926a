"""Test helpers: run the real tools in subprocesses on tiny settings."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run_tool(*args, check=True, env=None, timeout=600):
    """Run ``python tools/...`` (or a shell script) from the repo root."""
    cmd = list(args)
    if cmd[0].endswith('.py'):
        cmd = [sys.executable] + cmd
    else:
        cmd = ['bash'] + cmd
    full_env = dict(os.environ, PYTHON=sys.executable, PYTHONUNBUFFERED='1')
    full_env.update(env or {})
    proc = subprocess.run(cmd, cwd=REPO, env=full_env, capture_output=True,
                          text=True, timeout=timeout)
    if check and proc.returncode != 0:
        pytest.fail(f'{" ".join(cmd)} failed ({proc.returncode}):\n'
                    f'{proc.stdout[-4000:]}\n{proc.stderr[-6000:]}')
    return proc


def read_scalars(work_dir: Path) -> dict:
    """Map iteration -> logged training scalars, over every run in ``work_dir``."""
    scalars = {}
    for path in sorted(work_dir.glob('*/vis_data/scalars.json')):
        for line in path.read_text().splitlines():
            record = json.loads(line)
            if 'iter' in record:  # validation records have only 'step'
                scalars.setdefault(record['iter'], {}).update(record)
    return scalars


def stopped_run(straight: Path, stopped: Path, iteration: int) -> None:
    """Make ``stopped`` what a run killed after saving ``iter_<iteration>``
    leaves: that checkpoint and ``last_checkpoint``, for ``--resume``."""
    checkpoint = stopped / f'iter_{iteration}.pth'
    stopped.mkdir()
    shutil.copy(straight / checkpoint.name, checkpoint)
    (stopped / 'last_checkpoint').write_text(str(checkpoint))


# The demo GAN at test size: tiny nets and data, a sample grid every 2 iters.
TINY_GAN = [
    'model.generator.base_channels=32', 'model.discriminator.base_channels=8',
    'train_dataloader.batch_size=8', 'train_dataloader.num_workers=0',
    'train_dataloader.persistent_workers=False',
    'train_dataloader.dataset.num_samples=64', 'default_hooks.logger.interval=1',
    'custom_hooks.1.interval=2',
]
