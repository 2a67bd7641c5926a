"""Sample grids during GAN training that leave training's randomness alone."""
from mmagic.engine.hooks import VisualizationHook
from mmengine.runner import set_random_seed

from projects.core.engine.random_state_hook import get_random_state, set_random_state
from projects.core.registry import HOOKS


@HOOKS.register_module()
class SampleGridHook(VisualizationHook):
    """mmagic's ``VisualizationHook`` with its own seed.

    mmagic draws the grid's fixed noise from the global generator the first
    time the hook runs, so it shifts every later training step, and after a
    resume the grid shows other noise and the run diverges from an
    uninterrupted one. Here each grid is drawn under ``seed`` with the
    generators saved and restored around it: the same inputs in every grid
    and every run, and training's random stream untouched.

    Args:
        seed (int): Seed of the grid inputs. Other arguments as mmagic's.
    """

    def __init__(self, *args, seed: int = 2024, **kwargs):
        super().__init__(*args, **kwargs)
        self.seed = seed

    def vis_sample(self, runner, batch_idx, data_batch, outputs=None):
        state = get_random_state()
        set_random_seed(self.seed)
        try:
            super().vis_sample(runner, batch_idx, data_batch, outputs)
        finally:
            set_random_state(state)
