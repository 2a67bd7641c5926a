"""The run's training curves redrawn beside its logs."""
import os.path as osp

from mmengine.dist import master_only
from mmengine.hooks import Hook

from projects.core.curves import (drawn_keys, plot_runs, run_history,
                                  scalars_files, series)
from projects.core.registry import HOOKS


@HOOKS.register_module()
class CurvesHook(Hook):
    """After each validation and at the end of training, draws every scalar
    the run has logged (losses, learning rates, GAN diagnostics, validation
    metrics such as FID or mAP) into ``<log_dir>/curves.png``, from the
    ``vis_data/scalars.json`` of every log of the work dir, so a resumed run
    shows its whole history (`tools/analysis/plot_curves.py` draws the same
    for finished runs, and several runs overlaid).

    Args:
        keys (list[str], optional): Glob patterns of the scalars to draw.
    """
    priority = 'VERY_LOW'  # after LoggerHook has written the scalars

    def __init__(self, keys=None):
        self.keys = keys

    @master_only
    def draw(self, runner) -> None:
        scalars = osp.join(runner.log_dir, 'vis_data', 'scalars.json')
        if not osp.exists(scalars):
            return
        rows = run_history(scalars_files(runner.work_dir))
        # none yet in a run shorter than the logging interval
        if drawn_keys(series(rows), self.keys):
            plot_runs({runner.experiment_name: rows},
                      osp.join(runner.log_dir, 'curves.png'), self.keys)

    def after_val_epoch(self, runner, metrics=None) -> None:
        self.draw(runner)

    def after_train(self, runner) -> None:
        self.draw(runner)
