"""Helpers: run tools in-process, train configs briefly, capture the log."""
import importlib.util
import io
import logging
from contextlib import contextmanager

from mmengine.logging import MMLogger

from projects.core.engine import build_runner, load_config
from tests.utils import REPO


def load_tool(path: str):
    """Import a script under ``tools/`` as a module (to call its main)."""
    spec = importlib.util.spec_from_file_location(
        path.replace('/', '_')[:-3], REPO / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def train_briefly(config: str, work_dir, options: dict):
    """Train ``config`` with ``options`` as tools/train.py would, its data
    loaders in the main process; returns the runner."""
    cfg = load_config(str(REPO / config), cfg_options=options,
                      work_dir=str(work_dir))
    for phase in ('train', 'val', 'test'):
        if cfg.get(f'{phase}_dataloader'):
            cfg[f'{phase}_dataloader'].update(num_workers=0,
                                              persistent_workers=False)
    runner = build_runner(cfg)
    runner.train()
    return runner


@contextmanager
def captured_log():
    """The text mmengine's current logger writes inside the block."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = MMLogger.get_current_instance()
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
