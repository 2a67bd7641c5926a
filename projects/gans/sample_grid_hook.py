"""Sample grids during GAN training that leave training's randomness alone,
with or without validation."""
from mmagic.engine.hooks import VisualizationHook
from mmengine.logging import print_log
from mmengine.runner import set_random_seed

from projects.core.engine.random_state_hook import get_random_state, set_random_state
from projects.core.registry import HOOKS
from .grid_labels import RowLabelledVisualizer

# mmagic's grid inputs read from the validation loop, and what replaces them
# without one: mmagic's sampler of the training set.
VAL_SAMPLERS = {'translationval': 'Data', 'valdata': 'Data'}


@HOOKS.register_module()
class SampleGridHook(VisualizationHook):
    """mmagic's ``VisualizationHook`` with its own seed, row labels, and
    grids from the training set when there is no validation.

    mmagic draws the grid's fixed noise from the global generator the first
    time the hook runs, so it shifts every later training step, and after a
    resume the grid shows other noise and the run diverges from an
    uninterrupted one. Here each grid is drawn under ``seed`` with the
    generators saved and restored around it: the same inputs in every grid
    and every run, and training's random stream untouched.

    Translation grids (``type='TranslationVal'``) read the validation
    images; with no validation loop (``tools/train.py --no-validate``,
    ``val_cfg=None``) they read the training set instead (its pipeline,
    drawn under ``seed``). Grids of several ``target_keys`` put one row per
    key, labelled at the left (``real horse``, ``translated zebra``, ...).

    Args:
        seed (int): Seed of the grid inputs.
        label_rows (bool): Label the rows of grids of several keys (with
            ``n_row`` unset, one row per key). False: mmagic's grids.
        Other arguments as mmagic's.
    """

    def __init__(self, *args, seed: int = 2024, label_rows: bool = True,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.seed = seed
        if label_rows:
            self._visualizer = RowLabelledVisualizer(self._visualizer)

    def before_train(self, runner) -> None:
        if runner.val_loop is not None:
            return
        for vis_kwargs in self.vis_kwargs_list:
            sampler = VAL_SAMPLERS.get(vis_kwargs['type'].lower())
            if sampler:
                print_log(f"SampleGridHook: no validation loop, so grid "
                          f"'{vis_kwargs.get('name', vis_kwargs['type'])}' "
                          'draws its inputs from the training set',
                          logger='current')
                vis_kwargs['type'] = sampler

    def vis_sample(self, runner, batch_idx, data_batch, outputs=None):
        state = get_random_state()
        set_random_seed(self.seed)
        try:
            super().vis_sample(runner, batch_idx, data_batch, outputs)
        finally:
            set_random_state(state)
