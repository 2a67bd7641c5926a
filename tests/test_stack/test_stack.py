"""The pinned OpenMMLab stack imports together and mmcv's compiled ops run."""
import importlib.metadata
import re

import pytest
import torch

from tests.utils import REPO


def pinned_versions() -> dict:
    pins = {}
    for line in (REPO / 'requirements' / 'constraints.txt').read_text().splitlines():
        match = re.match(r'^([A-Za-z0-9_.\-]+)==(\S+)', line)
        if match:
            pins[match[1].lower().replace('_', '-')] = match[2]
    return pins


@pytest.mark.parametrize('dist', [
    'torch', 'torchvision', 'numpy', 'mmengine', 'mmcv', 'mmdet', 'mmpretrain',
    'mmagic', 'sahi', 'pycocotools', 'opencv-python', 'scipy', 'diffusers'])
def test_installed_versions_match_constraints(dist):
    assert importlib.metadata.version(dist) == pinned_versions()[dist]


def test_every_openmmlab_package_imports():
    import mmagic.models  # noqa: F401
    import mmcv.ops  # noqa: F401
    import mmdet.models  # noqa: F401
    import mmpretrain.models  # noqa: F401
    import sahi.predict  # noqa: F401
    from pycocotools.coco import COCO  # noqa: F401


def test_mmcv_nms_runs_on_cpu():
    from mmcv.ops import nms
    boxes = torch.tensor([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30]],
                         dtype=torch.float32)
    scores = torch.tensor([0.9, 0.8, 0.7])
    dets, keep = nms(boxes, scores, iou_threshold=0.5)
    assert keep.tolist() == [0, 2]
    assert torch.allclose(dets[:, 4], torch.tensor([0.9, 0.7]))


def test_mmcv_roi_align_matches_torchvision():
    from mmcv.ops import roi_align
    from torchvision.ops import roi_align as tv_roi_align
    feats = torch.rand(1, 3, 16, 16)
    rois = torch.tensor([[0, 1.5, 2.0, 10.0, 12.5], [0, 0, 0, 15, 15]])
    ours = roi_align(feats, rois, (4, 4), 1.0, 2, 'avg', True)
    ref = tv_roi_align(feats, rois, (4, 4), 1.0, 2, aligned=True)
    assert torch.allclose(ours, ref, atol=1e-5)
