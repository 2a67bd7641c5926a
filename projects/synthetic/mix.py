"""Real and synthetic images in one training set."""
import math
import os.path as osp
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Union

import numpy as np
from mmengine.dataset import BaseDataset, ConcatDataset
from mmengine.dist import get_dist_info, sync_random_seed
from torch.utils.data import Sampler

from projects.core.registry import DATA_SAMPLERS, DATASETS

ORDERS = ('shuffled', 'real_first', 'synthetic_first')
SELECTIONS = ('random', 'confident')


def read_scores(path: str) -> Dict[str, float]:
    """``{"<class>/<file>": confidence}`` of a ``<split>_scores.txt`` that
    ``tools/generate_dataset.py --classifier`` wrote."""
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{path}: no scores file; selection="confident" needs the '
            'confidences that tools/generate_dataset.py --classifier writes '
            '(or set scores_file)')
    scores = {}
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        fields = line.split()
        try:
            scores[fields[0]] = float(fields[2])
        except (IndexError, ValueError):
            raise ValueError(f'{path}, line {number}: expected "<file> '
                             f'<label> <confidence>", got {line!r}') from None
    return scores


def sample_key(img_path: str) -> str:
    """``<class>/<file>`` of an image path, as the scores file names it."""
    return '/'.join(Path(img_path).parts[-2:])


def per_class_quota(total: int, num_classes: int) -> List[int]:
    """``total`` split over the classes as evenly as possible."""
    return [total // num_classes + (c < total % num_classes)
            for c in range(num_classes)]


@DATASETS.register_module()
class RealSyntheticDataset(ConcatDataset):
    """A real dataset mixed with a generated one (mmengine ``ConcatDataset``
    of a subset of each, built with ``BaseDataset.get_subset``).

    Sizes, either:

    - ``total`` images (by default as many as the real set has) of which a
      ``real_fraction`` are real (random real images), the rest synthetic; or
    - ``num_synthetic`` synthetic images beside the whole real set.

    Synthetic images are taken in equal numbers per class, at random or,
    with ``selection='confident'``, the ones a classifier was most
    confident about (``scores_file``, by default ``<ann_file>_scores.txt``
    beside the synthetic set's list). ``order`` is the order of the two
    parts: ``'shuffled'`` for a shuffling sampler, or ``'real_first'`` /
    ``'synthetic_first'`` with :class:`PhasedSampler` to train on one part,
    then the other. The classes of both sets must be the same.

    Args:
        real (dict | BaseDataset): The real images.
        synthetic (dict | BaseDataset): The generated images, e.g. an
            ``mmpretrain.CustomDataset`` of ``tools/generate_dataset.py``'s
            output.
        total (int, optional): Size of the mix with ``real_fraction``;
            defaults to the real set's size.
        real_fraction (float, optional): Share of real images in ``total``.
        num_synthetic (int, optional): Synthetic images added to all real.
        selection (str): ``'random'`` or ``'confident'``.
        scores_file (str, optional): See above.
        order (str): See above.
        seed (int): Seed of the random choices.
    """

    def __init__(self, real: Union[dict, BaseDataset],
                 synthetic: Union[dict, BaseDataset],
                 total: Optional[int] = None,
                 real_fraction: Optional[float] = None,
                 num_synthetic: Optional[int] = None,
                 selection: str = 'random', scores_file: Optional[str] = None,
                 order: str = 'shuffled', seed: int = 0):
        if order not in ORDERS:
            raise ValueError(f'RealSyntheticDataset: order must be one of '
                             f'{ORDERS}, got {order!r}')
        if selection not in SELECTIONS:
            raise ValueError(f'RealSyntheticDataset: selection must be one of '
                             f'{SELECTIONS}, got {selection!r}')
        real = DATASETS.build(real) if isinstance(real, dict) else real
        synthetic = (DATASETS.build(synthetic) if isinstance(synthetic, dict)
                     else synthetic)
        self._check_classes(real, synthetic)
        num_real, num_fake = self._sizes(len(real), total, real_fraction,
                                         num_synthetic)
        total = num_real + num_fake
        rng = np.random.default_rng(seed)
        if num_real > len(real):
            raise ValueError(
                f'RealSyntheticDataset: real_fraction {real_fraction} of total '
                f'{total} needs {num_real} real images; the real set has '
                f'{len(real)}')
        real_indices = sorted(rng.choice(len(real), num_real, replace=False))
        if selection == 'confident' and scores_file is None:
            scores_file = osp.splitext(synthetic.ann_file)[0] + '_scores.txt'
        fake_indices = self._select(synthetic, num_fake, selection,
                                    scores_file, rng)
        parts = dict(real=real.get_subset(real_indices) if num_real else None,
                     synthetic=synthetic.get_subset(fake_indices)
                     if num_fake else None)
        names = ['synthetic', 'real'] if order == 'synthetic_first' \
            else ['real', 'synthetic']
        self.order = order
        self.part_names = [name for name in names if parts[name] is not None]
        super().__init__([parts[name] for name in self.part_names])

    @staticmethod
    def _check_classes(real, synthetic) -> None:
        real_classes = tuple(real.metainfo.get('classes') or ())
        fake_classes = tuple(synthetic.metainfo.get('classes') or ())
        if real_classes != fake_classes:
            where = getattr(synthetic, 'ann_file', '') or 'the synthetic set'
            raise ValueError(
                f'RealSyntheticDataset: the classes of {where} '
                f'{fake_classes[:5]}... ({len(fake_classes)}) are not those '
                f'of the real set {real_classes[:5]}... ({len(real_classes)}),'
                ' in the same order')

    @staticmethod
    def _sizes(num_real_set, total, real_fraction, num_synthetic):
        if num_synthetic is not None:
            if total is not None or real_fraction is not None:
                raise ValueError('RealSyntheticDataset: give num_synthetic, '
                                 'or real_fraction (and total), not both')
            return num_real_set, int(num_synthetic)
        if real_fraction is None:
            raise ValueError('RealSyntheticDataset: give real_fraction (and '
                             'total), or num_synthetic')
        total = num_real_set if total is None else total
        if not 0 <= real_fraction <= 1:
            raise ValueError(f'RealSyntheticDataset: real_fraction must be in '
                             f'[0, 1], got {real_fraction}')
        num_real = round(total * real_fraction)
        return num_real, total - num_real

    @staticmethod
    def _select(synthetic, num: int, selection: str, scores_file, rng):
        labels = np.asarray(synthetic.get_gt_labels())
        classes = len(synthetic.metainfo['classes'])
        scores = read_scores(scores_file) if selection == 'confident' else None
        chosen = []
        for label, quota in enumerate(per_class_quota(num, classes)):
            candidates = np.flatnonzero(labels == label)
            if quota > len(candidates):
                raise ValueError(
                    f'RealSyntheticDataset: {quota} synthetic images of class '
                    f'{label} asked for; {synthetic.ann_file} has '
                    f'{len(candidates)} (generate more with --per-class)')
            if scores is None:
                chosen += list(rng.permutation(candidates)[:quota])
                continue
            keys = [sample_key(synthetic.get_data_info(int(i))['img_path'])
                    for i in candidates]
            missing = [k for k in keys if k not in scores]
            if missing:
                raise ValueError(f'{scores_file}: no confidence for '
                                 f'{missing[:3]} ({len(missing)} images)')
            confidence = np.array([scores[k] for k in keys])
            chosen += list(candidates[np.argsort(-confidence,
                                                 kind='stable')[:quota]])
        return sorted(int(i) for i in chosen)


@DATA_SAMPLERS.register_module()
class PhasedSampler(Sampler):
    """The parts of a ``ConcatDataset`` one after the other, each shuffled.

    An epoch is ``passes_per_phase`` shuffled passes over the first part,
    then as many over the second (and so on): with one epoch of training
    these are two training phases. Each rank takes every ``W``-th index of
    that order (padded to equal length, as mmengine's ``DefaultSampler``).

    Args:
        dataset (ConcatDataset): e.g. :class:`RealSyntheticDataset`.
        passes_per_phase (int): Passes over a part before the next one.
        shuffle (bool): Shuffle within each part. Defaults to True.
        seed (int, optional): Shared across ranks when None.
    """

    def __init__(self, dataset: ConcatDataset, passes_per_phase: int = 1,
                 shuffle: bool = True, seed: Optional[int] = None):
        if not hasattr(dataset, 'cumulative_sizes'):
            raise TypeError(f'PhasedSampler needs a ConcatDataset (e.g. '
                            f'RealSyntheticDataset), got '
                            f'{type(dataset).__name__}')
        self.bounds = [0] + list(dataset.cumulative_sizes)
        self.passes = passes_per_phase
        self.shuffle = shuffle
        self.seed = sync_random_seed() if seed is None else seed
        self.rank, self.world_size = get_dist_info()
        self.epoch = 0
        total = self.bounds[-1] * passes_per_phase
        self.num_samples = math.ceil(total / self.world_size)

    def order(self) -> List[int]:
        """Every rank's indices of this epoch, in training order."""
        rng = np.random.default_rng(self.seed + self.epoch)
        indices = []
        for start, end in zip(self.bounds, self.bounds[1:]):
            for _ in range(self.passes):
                part = np.arange(start, end)
                indices += (rng.permutation(part) if self.shuffle
                            else part).tolist()
        return indices

    def __iter__(self) -> Iterator[int]:
        indices = self.order()
        padded = (indices * math.ceil(self.num_samples * self.world_size /
                                      len(indices)))
        return iter(padded[self.rank:self.num_samples * self.world_size:
                           self.world_size])

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch
