"""Accuracy per domain, from one validation set that holds target and source."""
from collections import defaultdict
from typing import Sequence

from mmengine.dataset import ConcatDataset
from mmengine.evaluator import BaseMetric

from projects.registry import DATASETS, METRICS


@DATASETS.register_module()
class DomainTestSet(ConcatDataset):
    """The target and the source test sets as one, each sample tagged with its
    domain (``data_samples.domain``) for :class:`DomainAccuracy`.

    Args:
        source (dict): Source test dataset config.
        target (dict): Target test dataset config.
        pipeline (list): Applied to both; ends with ``mmpretrain.PackInputs``.
    """

    def __init__(self, source: dict, target: dict, pipeline: list):
        self.domains = ('target', 'source')
        super().__init__([DATASETS.build(dict(cfg, pipeline=pipeline))
                          for cfg in (target, source)])

    def __getitem__(self, idx: int) -> dict:
        dataset_idx, sample_idx = self._get_ori_dataset_idx(idx)
        item = self.datasets[dataset_idx][sample_idx]
        item['data_samples'].set_metainfo(dict(domain=self.domains[dataset_idx]))
        return item


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
