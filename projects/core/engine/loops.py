"""Training loops."""
import math
from typing import Union

from mmengine.dist import get_world_size
from mmengine.runner import IterBasedTrainLoop

from projects.core.registry import LOOPS


@LOOPS.register_module()
class EpochValIterBasedTrainLoop(IterBasedTrainLoop):
    """mmengine's ``IterBasedTrainLoop`` whose ``val_interval`` may be
    ``'epoch'``: validate after every pass over the training set, i.e. every
    ``ceil(len(dataset) / (batch_size x processes))`` iterations, whatever
    the dataset's size (an unpaired dataset's length is its larger domain).
    Iterations, checkpoints and exact resume stay as in the iteration loop.
    """

    def __init__(self, runner, dataloader, max_iters: int,
                 val_begin: int = 1, val_interval: Union[int, str] = 1000,
                 dynamic_intervals=None):
        per_epoch = val_interval == 'epoch'
        if per_epoch and dynamic_intervals:
            raise ValueError("train_cfg: val_interval='epoch' and "
                             'dynamic_intervals exclude each other')
        if isinstance(val_interval, str) and not per_epoch:
            raise ValueError("train_cfg.val_interval: an int or 'epoch', got "
                             f'{val_interval!r}')
        super().__init__(runner, dataloader, max_iters, val_begin,
                         1 if per_epoch else val_interval, dynamic_intervals)
        if per_epoch:
            self.val_interval = self.iters_per_epoch
            self.dynamic_intervals = [self.val_interval]

    @property
    def iters_per_epoch(self) -> int:
        """Iterations of one pass over the dataset on all processes."""
        return math.ceil(len(self.dataloader.dataset) /
                         (self.dataloader.batch_size * get_world_size()))
