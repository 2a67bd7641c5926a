"""A detector's confusion matrix, as mmdet's
tools/analysis_tools/confusion_matrix.py counts it, as a metric of the test
loop (no pickled results file in between)."""
from typing import Sequence

import numpy as np
import torch
from mmdet.evaluation import bbox_overlaps
from mmengine.evaluator import BaseMetric

from projects.core.registry import METRICS


def count_image(matrix: np.ndarray, gt_boxes, gt_labels, boxes, labels,
                scores, score_thr: float, iou_thr: float) -> None:
    """Add one image to ``matrix`` ((C + 1) x (C + 1), rows true, columns
    predicted, the last of each: background). mmdet's rule: a detection
    above ``score_thr`` counts once for every ground-truth box it overlaps by
    ``iou_thr`` (under its true class), else as a background false positive;
    a ground-truth box no detection of its class matched is a miss."""
    keep = scores >= score_thr
    boxes, labels = boxes[keep], labels[keep]
    matched = np.zeros(len(gt_labels), dtype=bool)
    ious = bbox_overlaps(boxes, gt_boxes) if len(gt_boxes) else \
        np.zeros((len(boxes), 0))
    for det_label, overlaps in zip(labels, ious >= iou_thr):
        for gt in np.flatnonzero(overlaps):
            matrix[gt_labels[gt], det_label] += 1
            matched[gt] |= gt_labels[gt] == det_label
        if not overlaps.any():
            matrix[-1, det_label] += 1
    for gt_label in gt_labels[~matched]:
        matrix[gt_label, -1] += 1


@METRICS.register_module()
class DetectionConfusionMatrix(BaseMetric):
    """``confusion_matrix/result``: the (C + 1) x (C + 1) counts of
    :func:`count_image` over the test set. Ground truth is each sample's
    ``gt_instances`` (load annotations after Resize, as mmdet's test
    pipelines do, so they are in the original image's pixels)."""

    default_prefix = 'confusion_matrix'

    def __init__(self, score_thr: float = 0.3, iou_thr: float = 0.5, **kwargs):
        super().__init__(**kwargs)
        self.score_thr, self.iou_thr = score_thr, iou_thr

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        num_classes = len(self.dataset_meta['classes'])
        for sample in data_samples:
            matrix = np.zeros((num_classes + 1,) * 2, dtype=np.int64)
            gt, pred = sample['gt_instances'], sample['pred_instances']
            count_image(matrix, gt['bboxes'].cpu().numpy(),
                        gt['labels'].cpu().numpy(),
                        pred['bboxes'].cpu().numpy(),
                        pred['labels'].cpu().numpy(),
                        pred['scores'].cpu().numpy(),
                        self.score_thr, self.iou_thr)
            self.results.append(matrix)

    def compute_metrics(self, results: list) -> dict:
        return dict(result=torch.from_numpy(np.sum(results, axis=0)))
