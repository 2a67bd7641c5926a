"""FID and Inception Score metrics for mmagic's GAN loops."""
import os.path as osp
from typing import Dict, Optional, Sequence

import torch
from mmengine import print_log
from mmengine.dist import broadcast_object_list, is_main_process
from torch import Tensor, nn
from torch.utils.data import DataLoader

from projects.core.registry import METRICS
from .base import SeededGenerativeMetric
from .features import (SharedInception, gather_in_order, real_batches,
                       run_network, to_uint8_rgb)
from .functional import (feature_statistics, frechet_distance,
                         inception_score, load_statistics, save_statistics)
from .weights import load_inception

_SHARED = SharedInception()


class InceptionMetric(SeededGenerativeMetric):
    """A metric on the Inception network of a local weights file.

    Args:
        inception_path (str, optional): pytorch-fid's
            ``pt_inception-2015-12-05-6726825d.pth`` or StyleGAN's
            ``inception-2015-12-05.pt``; default ``$INCEPTION_WEIGHTS``.
        inception_sha256 (str, optional): Expected SHA-256 of the file
            (default: the published one for its name).
        Other arguments as :class:`SeededGenerativeMetric`.
    """

    def __init__(self, fake_nums: int, inception_path: Optional[str] = None,
                 inception_sha256: Optional[str] = None, **kwargs):
        super().__init__(fake_nums, **kwargs)
        self.inception = load_inception(inception_path, inception_sha256)

    def prepare(self, module: nn.Module, dataloader: DataLoader) -> None:
        self.inception.to(module.data_preprocessor.device)

    def inception_output(self, images: Sequence[Tensor],
                         output: str) -> Tensor:
        """``features`` or ``logits`` of generated BGR images."""
        return _SHARED(self.inception, images, output)

    def real_features(self, module: nn.Module,
                      dataloader: DataLoader) -> Tensor:
        """Features of the first ``real_nums`` real images (-1: all), in
        dataset order, on every process."""
        num = len(dataloader.dataset) if self.real_nums == -1 \
            else self.real_nums
        local = [
            run_network(self.inception, list(to_uint8_rgb(images)),
                        ['features'])['features']
            for images, _ in real_batches(dataloader, module.data_preprocessor,
                                          self.real_nums, self.real_key)
        ]
        return gather_in_order(torch.cat(local), num)


@METRICS.register_module('FID')
@METRICS.register_module()
class FrechetInceptionDistance(InceptionMetric):
    """FID between generated samples and real images, as pytorch-fid.

    The real side is the evaluator's dataset (``real_nums`` images) or a
    pytorch-fid ``.npz``: with ``real_stats`` set, an existing file is read
    and a missing one is written after the real images are processed.

    Args:
        fake_nums (int): Number of generated samples.
        real_nums (int): Number of real images, -1 for all. Defaults to -1.
        real_stats (str, optional): ``.npz`` of real statistics (``mu``,
            ``sigma``) to read, or to write once computed.
        Other arguments as :class:`InceptionMetric`.
    """
    default_prefix = 'FID'

    def __init__(self, fake_nums: int, real_nums: int = -1,
                 real_stats: Optional[str] = None, **kwargs):
        super().__init__(fake_nums, real_nums=real_nums, **kwargs)
        self.real_stats = real_stats
        self.real_mu = self.real_sigma = None

    def prepare(self, module: nn.Module, dataloader: DataLoader) -> None:
        super().prepare(module, dataloader)
        if self.real_mu is not None:
            return
        sha256 = self.inception.sha256
        num = len(dataloader.dataset) if self.real_nums == -1 \
            else self.real_nums
        if self.real_stats and osp.isfile(self.real_stats):
            self.real_mu, self.real_sigma = load_statistics(
                self.real_stats, sha256, num)
            print_log(f'FID: real statistics from {self.real_stats}',
                      'current')
            return
        features = self.real_features(module, dataloader)
        stats = [None]
        if is_main_process():
            stats = [feature_statistics(features.numpy(), 'real images')]
            if self.real_stats:
                save_statistics(self.real_stats, *stats[0], num, sha256)
                print_log(f'FID: real statistics saved to {self.real_stats}',
                          'current')
        broadcast_object_list(stats)
        self.real_mu, self.real_sigma = stats[0]

    def process_fake(self, data_samples: Sequence[dict]) -> Tensor:
        return self.inception_output(self.fake_images(data_samples),
                                     'features')

    def compute_metrics(self, results: Tensor) -> Dict[str, float]:
        mu, sigma = feature_statistics(results.numpy(), 'generated samples')
        return frechet_distance(mu, sigma, self.real_mu, self.real_sigma)


@METRICS.register_module('IS')
@METRICS.register_module()
class InceptionScore(InceptionMetric):
    """Inception Score of generated samples, as torch-fidelity computes it
    (logits without the output bias, shuffled with ``shuffle_seed``, float64).

    Args:
        fake_nums (int): Number of generated samples.
        splits (int): Number of splits. Defaults to 10.
        shuffle (bool): Shuffle the samples before splitting. Defaults to
            True.
        shuffle_seed (int): Seed of the shuffle. Defaults to 2020, as
            torch-fidelity.
        Other arguments as :class:`InceptionMetric`.
    """
    default_prefix = 'IS'

    def __init__(self, fake_nums: int, splits: int = 10, shuffle: bool = True,
                 shuffle_seed: int = 2020, **kwargs):
        super().__init__(fake_nums, **kwargs)
        self.splits, self.shuffle = splits, shuffle
        self.shuffle_seed = shuffle_seed

    def process_fake(self, data_samples: Sequence[dict]) -> Tensor:
        return self.inception_output(self.fake_images(data_samples),
                                     'logits')

    def compute_metrics(self, results: Tensor) -> Dict[str, float]:
        mean, std = inception_score(results, self.splits, self.shuffle,
                                    self.shuffle_seed)
        return {'is': mean, 'is_std': std}
