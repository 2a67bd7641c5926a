"""ClippedYOLOXHead: a barely trained YOLOX's boxes stay finite and inside
the image (mmdet's YOLOXHead decoded exp(10^21) into Infinity)."""
import pytest
import torch
from mmengine.config import ConfigDict

from projects.core.registry import MODELS
from projects.core.utils import register_all_modules
from tests.test_datasets.utils import captured_log

register_all_modules()
TEST_CFG = ConfigDict(score_thr=0.01, nms=dict(type='nms', iou_threshold=0.65))


def predictions(head_type):
    torch.manual_seed(0)
    head = MODELS.build(dict(type=head_type, num_classes=2, in_channels=8,
                             feat_channels=8, _scope_='mmdet')).eval()
    feats = [torch.randn(1, 8, 64 // s, 64 // s) for s in (8, 16, 32)]
    with torch.no_grad():
        cls_scores, bbox_preds, objectness = head(feats)
    bbox_preds[0][:, 2:] = 1e21  # a log-size that exp() overflows
    bbox_preds[1][:, 2:, 0, 0] = float('nan')  # a model gone NaN
    meta = dict(img_shape=(48, 64), ori_shape=(96, 128), scale_factor=(0.5, 0.5))
    with captured_log() as log:
        result, = head.predict_by_feat(
            [10 + c for c in cls_scores], bbox_preds,
            [10 + o for o in objectness], [meta], cfg=TEST_CFG, rescale=True)
    return result.bboxes, log.getvalue()


def test_overflowing_boxes_are_finite_and_clipped_to_the_image():
    boxes, log = predictions('mmdet.YOLOXHead')
    assert not torch.isfinite(boxes).all()  # mmdet's: Infinity, NaN
    boxes, log = predictions('projects.ClippedYOLOXHead')
    assert len(boxes) and torch.isfinite(boxes).all()
    assert boxes.min() >= 0
    assert (boxes[:, 0::2] <= 128).all() and (boxes[:, 1::2] <= 96).all()
    assert 'predicted box sizes overflow (log-size up to 1e+21' in log
    assert 'dropped 1 boxes that are not finite' in log
