"""The READMEs' commands, run as a user runs them, on tiny data.

Every line of a ```bash block is a command. A README's commands run in
order in one bash process, from a sandbox that looks like the repository
(``tools/``, ``configs/``, ``requirements/`` and ``.venv`` linked) with tiny
data at the configs' default roots, so they run exactly as written but for:

- paths under ``/data/`` (the docs' stand-in for "your data"), which point
  into the sandbox (the Inception weights' to random weights of another
  name, as the published file's checksum would not match);
- pretrained backbones, which are random weights in torch's download cache
  (``TORCH_HOME``) under the published file names;
- training (``tools/train.py``, ``tools/dist_train.sh``), which runs
  shortened: 2 iterations or 1 epoch (4 / 2 when resumed), training batch 2, data
  loading in the main process; a config's ``num_samples`` / ``num_eval``
  (images generated and scored) are 16; the READMEs say so.
"""
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

from mmengine.config import Config

from tests.utils import REPO

READMES = ['README.md'] + sorted(
    str(p.relative_to(REPO)) for p in REPO.glob('projects/*/README.md'))

# Commands that do not run in the suite, and why; each must still be in the docs.
NOT_RUN: Dict[str, str] = {
    'make demo': 'sets up .venv, then runs tools/train.py configs/toy_gan.py, '
                 'which the gan_metrics README runs',
    'make test': 'the suite itself',
    'pip install torch torchvision': 'installs a CUDA build on a GPU cluster',
    'MMCV_WITH_OPS=1 FORCE_CUDA=1 pip install --no-build-isolation mmcv==2.1.0':
        'builds CUDA ops on a GPU cluster',
    'pip install -r requirements/runtime.txt': 'tools/setup_env.sh does it',
    'pip install --no-deps mmagic==1.2.0 && pip install -r requirements/mmagic.txt':
        'tools/setup_env.sh does it',
    'pip install --no-deps -e .': 'tools/setup_env.sh does it',
}


def untagged_blocks(readme: str) -> int:
    """How many of a README's code blocks name no language, or are indented
    blocks of commands (a command there would be neither run nor marked as
    a synopsis, ```text)."""
    text = (REPO / readme).read_text()
    fences = re.findall(r'^```(\S*)', text, re.M)
    outside = re.sub(r'^```.*?^```', '', text, flags=re.M | re.S)
    indented = re.findall(r'^ {4,}(?:python|bash|torchrun) ', outside, re.M)
    return sum(1 for tag in fences[::2] if not tag) + len(indented)


def bash_commands(readme: str) -> List[str]:
    """The commands of a README's ```bash blocks: continuation lines
    joined, comments and blank lines left out."""
    text = (REPO / readme).read_text()
    commands = []
    for block in re.findall(r'^```bash\n(.*?)^```', text, re.M | re.S):
        for line in block.replace('\\\n', ' ').splitlines():
            line = re.sub(r'(^|\s)#.*$', '', line).strip()
            if line:
                commands.append(re.sub(r'\s+', ' ', line))
    return commands


# Top-level variables for how many images a config generates and scores.
SIZES = ('num_samples', 'num_eval')


def _loop_options(cfg: Config, resumed: bool) -> List[str]:
    loop = cfg.get('train_cfg') or {}
    by_epoch = loop.get('type', '').endswith('EpochBasedTrainLoop') or (
        'max_epochs' in loop and 'max_iters' not in loop)
    length = 2 if resumed else 1
    if by_epoch:
        options = [f'train_cfg.max_epochs={length}']
    else:
        length *= 2
        options = [f'train_cfg.max_iters={length}']
    if cfg.get('val_dataloader') and 'val_interval' in loop:
        options.append(f'train_cfg.val_interval={length if by_epoch else 2}')
    if 'dynamic_intervals' in loop:
        options.append('train_cfg.dynamic_intervals=None')
    if (cfg.get('default_hooks') or {}).get('checkpoint'):
        options.append(f'default_hooks.checkpoint.interval={1 if by_epoch else 2}')
    options.append('train_dataloader.batch_size=2')
    for phase in ('train', 'val', 'test'):
        if isinstance(cfg.get(f'{phase}_dataloader'), dict):
            options += [f'{phase}_dataloader.num_workers=0',
                        f'{phase}_dataloader.persistent_workers=False']
    return options


def shortened(command: str, sandbox: Path) -> str:
    """``command`` with ``/data/`` in the sandbox and training cut short."""
    command = command.replace(
        '/data/weights/pt_inception-2015-12-05-6726825d.pth',
        f'{sandbox}/data/weights/random_inception.pth')
    command = re.sub(r'(?<![\w./-])/data/', f'{sandbox}/data/', command)
    words = shlex.split(command)
    configs = [w for w in words if w.startswith('configs/') and w.endswith('.py')]
    if not configs:
        return command
    cfg = Config.fromfile(str(REPO / configs[0]))
    options = [f'{name}=16' for name in SIZES if name in cfg]
    if {'tools/train.py', 'tools/dist_train.sh'} & set(words):
        options += _loop_options(cfg, '--resume' in words)
    return f'{command} --cfg-options {" ".join(options)}' if options else command


def script(readme: str, sandbox: Path) -> str:
    """The bash script that runs a README's commands in order, each echoed
    first, stopping at the first that fails."""
    lines = ['set -eo pipefail']
    for command in bash_commands(readme):
        if command in NOT_RUN:
            continue
        lines += [f'echo {shlex.quote(">>> " + command)}',
                  shortened(command, sandbox)]
    return '\n'.join(lines) + '\n'


def link_repository(sandbox: Path) -> None:
    """Make ``sandbox`` look like the repository's root."""
    for name in ('tools', 'configs', 'requirements', '.venv', 'Makefile'):
        if (REPO / name).exists():
            (sandbox / name).symlink_to(REPO / name)


def run_readme(readme: str, sandbox: Path, timeout: int = 900) -> str:
    """Run a README's commands in ``sandbox``; returns their output, fails
    the test with the failing command's output otherwise."""
    import pytest
    env = dict(os.environ, PYTHONUNBUFFERED='1', PYTHON=sys.executable,
               PATH=f'{Path(sys.executable).parent}:{os.environ["PATH"]}',
               MPLBACKEND='Agg', TORCH_HOME=str(sandbox / 'torch_home'))
    proc = subprocess.run(['bash', '-c', script(readme, sandbox)],
                          cwd=sandbox, env=env, capture_output=True,
                          text=True, timeout=timeout)
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        last = proc.stdout.rfind('>>> ')
        pytest.fail(f'{readme}: a command failed (exit {proc.returncode}):\n'
                    f'{proc.stdout[last:][-3000:]}\n{proc.stderr[-5000:]}')
    return output
