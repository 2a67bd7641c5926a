"""KID and precision/recall on the same Inception features as FID."""
from typing import Dict, Sequence

from torch import Tensor, nn
from torch.utils.data import DataLoader

from projects.core.registry import METRICS
from .fid import InceptionMetric
from .functional import kernel_inception_distance, precision_recall


class RealFeaturesMetric(InceptionMetric):
    """A metric of generated against real Inception features (computed once
    per run from the evaluator's dataset, ``real_nums`` images, -1: all)."""

    def __init__(self, fake_nums: int, real_nums: int = -1, **kwargs):
        super().__init__(fake_nums, real_nums=real_nums, **kwargs)
        self.real = None

    def prepare(self, module: nn.Module, dataloader: DataLoader) -> None:
        super().prepare(module, dataloader)
        if self.real is None:
            self.real = self.real_features(module, dataloader)

    def process_fake(self, data_samples: Sequence[dict]) -> Tensor:
        return self.inception_output(self.fake_images(data_samples),
                                     'features')


@METRICS.register_module('KID')
@METRICS.register_module()
class KernelInceptionDistance(RealFeaturesMetric):
    """KID (``kid``, ``kid_std``), as torch-fidelity computes it: unbiased
    MMD^2, cubic polynomial kernel, ``subsets`` random subsets of
    ``subset_size`` (clipped to the smaller set). Unbiased at any number of
    samples, so the better number on small test sets (CycleGAN's 120 / 140
    images), where FID is biased upwards."""
    default_prefix = 'KID'

    def __init__(self, fake_nums: int, subsets: int = 100,
                 subset_size: int = 1000, subset_seed: int = 2020, **kwargs):
        super().__init__(fake_nums, **kwargs)
        self.subsets, self.subset_size = subsets, subset_size
        self.subset_seed = subset_seed

    def compute_metrics(self, results: Tensor) -> Dict[str, float]:
        return kernel_inception_distance(results, self.real, self.subsets,
                                         self.subset_size,
                                         seed=self.subset_seed)


@METRICS.register_module()
class PrecisionRecall(RealFeaturesMetric):
    """Improved precision and recall (Kynkaanniemi et al. 2019) with
    ``k``-NN manifolds of the Inception features (``precision``,
    ``recall``). mmagic's ``PR`` is its own, on VGG features."""
    default_prefix = 'PR'

    def __init__(self, fake_nums: int, k: int = 3, **kwargs):
        super().__init__(fake_nums, **kwargs)
        self.k = k

    def compute_metrics(self, results: Tensor) -> Dict[str, float]:
        return precision_recall(results, self.real, self.k)
