"""BatchNorm running statistics per domain, the affine parameters shared.

The statistics half of Domain-Specific Batch Normalization (Chang et al.,
CVPR 2019), or AdaBN (Li et al., 2016) kept up during training: when source
and target batches are normalised separately, one set of running statistics
ends up a mix of both domains, and test images are normalised with neither.
"""
from contextlib import contextmanager
from typing import Iterator, List

from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

STATS = ('running_mean', 'running_var', 'num_batches_tracked')


def tracking_batchnorms(module: nn.Module) -> List[_BatchNorm]:
    return [m for m in module.modules()
            if isinstance(m, _BatchNorm) and m.track_running_stats]


def add_domain_stats(module: nn.Module, domain: str) -> None:
    """Give every BatchNorm in ``module`` a copy of its running statistics
    for ``domain``, as buffers ``<domain>_running_mean`` etc. (so they are
    saved, resumed and broadcast with the model)."""
    for norm in tracking_batchnorms(module):
        for name in STATS:
            norm.register_buffer(f'{domain}_{name}',
                                 getattr(norm, name).detach().clone())


@contextmanager
def domain_stats(module: nn.Module, domain: str) -> Iterator[None]:
    """Inside the block, every BatchNorm of ``module`` uses (and, in train
    mode, updates) the running statistics of ``domain``."""
    norms = tracking_batchnorms(module)

    def swap():
        for norm in norms:
            for name in STATS:
                other = f'{domain}_{name}'
                norm._buffers[name], norm._buffers[other] = (
                    norm._buffers[other], norm._buffers[name])

    swap()
    try:
        yield
    finally:
        swap()
