"""DANN's schedules, driven by the training progress p in [0, 1]."""
import math

from mmengine.optim.scheduler.lr_scheduler import LRSchedulerMixin
from mmengine.optim.scheduler.param_scheduler import INF, _ParamScheduler

from projects.core.registry import PARAM_SCHEDULERS


def adaptation_weight(progress: float, gamma: float = 10.0) -> float:
    """lambda_p = 2 / (1 + exp(-gamma * p)) - 1: 0 at the start, ~1 at the end."""
    return 2.0 / (1.0 + math.exp(-gamma * progress)) - 1.0


def inverse_decay(progress: float, alpha: float = 10.0, beta: float = 0.75) -> float:
    """The learning-rate factor 1 / (1 + alpha * p) ** beta."""
    return 1.0 / (1.0 + alpha * progress)**beta


class InverseDecayParamScheduler(_ParamScheduler):
    """value_p = value_0 / (1 + alpha * p) ** beta, p = step / (end - begin).

    DANN's annealing (mu_0 = 0.01, alpha = 10, beta = 0.75 in the paper). The
    value is computed in closed form from the progress, so it is exact after
    resume. ``end`` defaults to the runner's last iteration.
    """

    def __init__(self, optimizer, param_name: str, alpha: float = 10.0,
                 beta: float = 0.75, begin: int = 0, end: int = INF,
                 last_step: int = -1, by_epoch: bool = False,
                 verbose: bool = False):
        if end == INF:
            raise ValueError(f'{type(self).__name__} needs a finite `end` '
                             '(the runner sets it to max_iters when omitted).')
        self.alpha, self.beta = alpha, beta
        super().__init__(optimizer, param_name=param_name, begin=begin,
                         end=end, last_step=last_step, by_epoch=by_epoch,
                         verbose=verbose)

    def _get_value(self):
        progress = min(self.last_step / (self.end - self.begin), 1.0)
        factor = inverse_decay(progress, self.alpha, self.beta)
        return [base * factor for base in self.base_values]


@PARAM_SCHEDULERS.register_module()
class InverseDecayLR(LRSchedulerMixin, InverseDecayParamScheduler):
    """:class:`InverseDecayParamScheduler` for the learning rate."""
