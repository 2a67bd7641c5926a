"""Tools leave the process group before exiting (gloo aborts otherwise)."""
import torch.distributed as torch_dist

from projects.core.engine import leave_process_group


def test_leave_process_group_destroys_a_started_group(tmp_path):
    torch_dist.init_process_group(
        'gloo', init_method=f'file://{tmp_path / "store"}', rank=0,
        world_size=1)
    leave_process_group()
    assert not torch_dist.is_initialized()


def test_leave_process_group_without_a_group_does_nothing():
    assert not torch_dist.is_initialized()
    leave_process_group()
    assert not torch_dist.is_initialized()
