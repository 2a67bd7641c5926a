"""Distributed launch on machines without CUDA (gloo over CPU processes)."""
import torch
import torch.distributed as torch_dist
from mmengine.config import Config
from mmengine.model import MMSeparateDistributedDataParallel
from mmengine.registry import MODEL_WRAPPERS
from torch.nn.parallel import DistributedDataParallel

CPU_DDP_WRAPPERS = (DistributedDataParallel, MMSeparateDistributedDataParallel)


def setup_cpu_distributed(cfg: Config, launcher: str) -> None:
    """Start a gloo process group for ``launcher`` when there is no CUDA.

    mmengine 0.10.7's ``init_dist`` calls ``torch.cuda.set_device`` and its
    runner passes ``device_ids=[LOCAL_RANK]`` to DDP; both fail on CPU. Here
    the process group is started before the Runner (which then skips its own
    ``init_dist``) and the model wrapper gets ``device_ids=None``. On CUDA
    machines nothing changes: mmengine launches as usual.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return
    if launcher != 'pytorch':
        raise RuntimeError(
            f'--launcher {launcher} needs CUDA; on a machine without it use '
            'tools/dist_train.sh (torchrun, --launcher pytorch) for CPU '
            'processes over gloo.')
    if not torch_dist.is_initialized():
        torch_dist.init_process_group(backend='gloo')
    wrapper_cfg = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel')
    wrapper_cls = MODEL_WRAPPERS.get(wrapper_cfg['type'])
    if wrapper_cls is not None and issubclass(wrapper_cls, CPU_DDP_WRAPPERS):
        wrapper_cfg['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper_cfg


def leave_process_group() -> None:
    """Wait for every rank, then destroy the process group.

    A process that exits with gloo's worker threads still alive aborts
    (``terminate called without an active exception``), failing the launch
    after a finished run; tools call this once their runner is done.
    """
    if torch_dist.is_initialized():
        torch_dist.barrier()
        torch_dist.destroy_process_group()
