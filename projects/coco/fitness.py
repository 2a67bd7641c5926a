"""YOLOv5's checkpoint fitness as a COCO metric key."""
from typing import Optional, Sequence

from mmdet.evaluation import CocoMetric

from projects.core.registry import METRICS


def fitness(map_50: float, map_50_95: float) -> float:
    """YOLOv5's fitness: 0.1 x mAP@0.5 + 0.9 x mAP@0.5:0.95."""
    return 0.1 * map_50 + 0.9 * map_50_95


@METRICS.register_module()
class FitnessCocoMetric(CocoMetric):
    """mmdet's ``CocoMetric`` that also reports ``<metric>_fitness``
    (``coco/bbox_fitness``), :func:`fitness` of its mAP@0.5 and mAP, for
    ``default_hooks.checkpoint.save_best``. Arguments are mmdet's
    (``classwise=True`` logs the per-class AP table)."""

    def __init__(self, *args,
                 metric_items: Optional[Sequence[str]] = None, **kwargs):
        if metric_items is not None and not {'mAP', 'mAP_50'} <= set(metric_items):
            raise ValueError('FitnessCocoMetric needs mAP and mAP_50 among '
                             f'metric_items, got {list(metric_items)}')
        super().__init__(*args, metric_items=metric_items, **kwargs)

    def compute_metrics(self, results: list) -> dict:
        eval_results = super().compute_metrics(results)
        for metric in self.metrics:
            if f'{metric}_mAP' in eval_results:
                eval_results[f'{metric}_fitness'] = round(fitness(
                    eval_results[f'{metric}_mAP_50'],
                    eval_results[f'{metric}_mAP']), 4)
        return eval_results
