"""Target and source test sets in one, each sample tagged with its domain."""
from mmengine.dataset import ConcatDataset

from projects.core.registry import DATASETS


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
