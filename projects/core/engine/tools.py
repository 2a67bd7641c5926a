"""What tools/train.py and tools/test.py share: arguments, config, runner."""
import argparse
import os
import os.path as osp
from typing import Optional

from mmengine.config import Config, DictAction
from mmengine.registry import RUNNERS

from projects.core.utils import register_all_modules
from .config_checks import check_config
from .launch import setup_cpu_distributed
from .num_classes import resolve_num_classes
from .runner import Runner
from .variables import config_variables, fromfile_with_variables


def parse_runner_args(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Add the options every tool shares (mmdet's names), then parse."""
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config settings, e.g. train_dataloader.batch_size=8')
    parser.add_argument('--launcher', default='none',
                        choices=['none', 'pytorch', 'slurm'])
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def load_config(path: str, launcher: str = 'none',
                cfg_options: Optional[dict] = None,
                work_dir: Optional[str] = None) -> Config:
    """Read ``path``, apply ``--cfg-options`` and pick the work dir.

    An option naming a top-level variable of the config (``data_root``,
    ``img_scale``) sets it where the config's files assign it, so every use
    follows (:mod:`.variables`). Model ``num_classes`` fields left None
    take the data's class count (:mod:`.num_classes`; a warning if the data
    cannot be read, an error in :func:`build_runner`). The work dir is
    ``work_dir``, else the config's, else ``./work_dirs/<config name>``, as
    in mmdet.
    """
    register_all_modules(init_default_scope=False)
    top_level = {key: value for key, value in (cfg_options or {}).items()
                 if '.' not in key}
    names = config_variables(path) if top_level else set()
    variables = {key: value for key, value in top_level.items()
                 if key in names}
    cfg = (fromfile_with_variables(path, variables) if variables
           else Config.fromfile(path))
    cfg.launcher = launcher
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    resolve_num_classes(cfg, strict=False)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(path))[0])
    return cfg


def build_runner(cfg: Config) -> Runner:
    """Build the config's runner (the project's safe-checkpoint
    :class:`Runner` unless ``runner_type`` names another), starting gloo
    first on CPU-only launches. The model's ``num_classes`` must agree with
    the data (:class:`.num_classes.NumClassesError`)."""
    check_config(cfg, cfg.filename)
    resolve_num_classes(cfg)
    setup_cpu_distributed(cfg, cfg.launcher)
    if 'runner_type' in cfg:
        return RUNNERS.build(cfg)
    return Runner.from_cfg(cfg)
