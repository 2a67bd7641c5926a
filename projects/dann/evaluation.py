"""Accuracy per domain, on a ``DomainTestSet`` that holds target and source."""
from collections import defaultdict
from typing import Sequence

from mmengine.evaluator import BaseMetric

from projects.core.registry import METRICS


@METRICS.register_module()
class DomainAccuracy(BaseMetric):
    """Top-1 accuracy (%) of each domain: ``accuracy/target``, ``accuracy/source``."""

    default_prefix = 'accuracy'

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            if 'domain' not in sample:
                raise KeyError('DomainAccuracy needs a `domain` in each data '
                               'sample: evaluate on a DomainTestSet.')
            correct = int(sample['pred_label'].item() == sample['gt_label'].item())
            self.results.append((sample['domain'], correct))

    def compute_metrics(self, results: list) -> dict:
        counts = defaultdict(lambda: [0, 0])
        for domain, correct in results:
            counts[domain][0] += correct
            counts[domain][1] += 1
        return {domain: 100.0 * hits / total
                for domain, (hits, total) in sorted(counts.items())}
