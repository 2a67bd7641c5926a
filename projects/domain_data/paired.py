"""Source and target domains in one item, for domain adaptation."""
from typing import Union

import numpy as np
from torch.utils.data import Dataset

from projects.core.registry import DATASETS


@DATASETS.register_module()
class PairedDomainDataset(Dataset):
    """A labelled source sample and an unlabelled target sample per item.

    Both datasets are built from their configs (any registered dataset;
    their pipelines end with ``mmpretrain.PackInputs``). Item ``i`` is::

        dict(inputs=dict(source=<CHW uint8 tensor>, target=<CHW uint8 tensor>),
             data_samples=<the source's DataSample, with gt_label>)

    The target's data sample, and with it its label, is dropped. mmengine's
    default collate (``pseudo_collate``) makes a batch of ``inputs['source']``
    and ``inputs['target']`` lists and a ``data_samples`` list.

    The length is that of the larger domain, which item ``i`` indexes
    directly, so an epoch covers it once. The smaller domain is re-sampled
    deterministically: its indices are shuffled once per pass with ``seed``
    (pass ``k`` covers items ``k * n .. (k + 1) * n - 1``, ``n`` the smaller
    size), so the pairing is a fixed function of ``(seed, i)``, every
    smaller-domain sample appears ``floor`` or ``ceil`` of ``len / n`` times
    per epoch, and the sampler's shuffling varies the batches.

    Args:
        source (dict | Dataset): The labelled domain.
        target (dict | Dataset): The unlabelled domain.
        seed (int): Seed of the smaller domain's shuffles.
    """

    def __init__(self, source: Union[dict, Dataset], target: Union[dict, Dataset],
                 seed: int = 0):
        self.source = DATASETS.build(source) if isinstance(source, dict) else source
        self.target = DATASETS.build(target) if isinstance(target, dict) else target
        self.seed = seed
        sizes = (len(self.source), len(self.target))
        self.length, small = max(sizes), min(sizes)
        passes = -(-self.length // small)
        rng = np.random.default_rng(seed)
        self.small_index = np.concatenate(
            [rng.permutation(small) for _ in range(passes)])[:self.length]
        self.source_is_larger = sizes[0] >= sizes[1]

    @property
    def metainfo(self) -> dict:
        """The source's metainfo (classes ...), for the model and metrics."""
        return self.source.metainfo

    def __len__(self) -> int:
        return self.length

    def indices(self, idx: int):
        """``(source index, target index)`` of item ``idx``."""
        if self.source_is_larger:
            return idx, int(self.small_index[idx])
        return int(self.small_index[idx]), idx

    def __getitem__(self, idx: int) -> dict:
        src_idx, tgt_idx = self.indices(idx)
        source, target = self.source[src_idx], self.target[tgt_idx]
        return dict(inputs=dict(source=source['inputs'],
                                target=target['inputs']),
                    data_samples=source['data_samples'])
