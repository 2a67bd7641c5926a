"""FID and KID of image-to-image translations (CycleGAN) in mmagic's loops."""
from typing import Optional

from torch import nn
from torch.utils.data import DataLoader

from projects.core.registry import METRICS
from .fid import FrechetInceptionDistance
from .kid import KernelInceptionDistance


class TranslationMixin:
    """Scores translated test images against the target domain's real test
    images.

    The model translates the evaluator's dataset in order (its ``val_step``
    output holds ``fake_key``); the first ``fake_nums`` translations are
    scored against the first ``real_nums`` real images under ``real_key``.
    In an unpaired test set item ``i`` holds image ``i % len`` of each
    domain, so the numbers of images of the source and the target domain
    count each image once.

    Args:
        fake_nums (int): Translated images: the source domain's test images;
            -1: all of them (the dataset's size of that domain).
        real_nums (int): Real images: the target domain's test images; -1:
            all of them.
        fake_key (str): e.g. ``'fake_zebra'``.
        real_key (str): e.g. ``'img_zebra'``.
        domains (dict, optional): The dataset's name of each domain of the
            keys, when a pipeline renamed them (``{'zebra': 'B'}``), for -1.
        Other arguments as the metric's.
    """

    def __init__(self, fake_nums: int, real_nums: int, fake_key: str,
                 real_key: str, domains: Optional[dict] = None, **kwargs):
        super().__init__(fake_nums, real_nums=real_nums, fake_key=fake_key,
                         real_key=real_key, **kwargs)
        self.domains = dict(domains or {})
        self.SAMPLER_MODE = 'normal'

    def prepare(self, module: nn.Module, dataloader: DataLoader) -> None:
        if -1 in (self.fake_nums, self.real_nums):
            self._whole_domains(dataloader.dataset)
        super().prepare(module, dataloader)

    def _whole_domains(self, dataset) -> None:
        """Resolve -1 to the sizes of the source and target domains of an
        unpaired dataset (``domain_a``/``domain_b``, ``len_a``/``len_b``)."""
        try:
            sizes = {dataset.domain_a: dataset.len_a,
                     dataset.domain_b: dataset.len_b}
        except AttributeError:
            raise ValueError(
                f'{type(self).__name__}: fake_nums/real_nums=-1 need an '
                'unpaired dataset (domain_a, len_a, domain_b, len_b); give '
                f'the numbers for {type(dataset).__name__}') from None
        target = self.real_key[len('img_'):]
        target = self.domains.get(target, target)
        if target not in sizes:
            raise ValueError(f'{type(self).__name__}: real_key '
                             f'"{self.real_key}" is not img_<domain> of the '
                             f'domains {sorted(sizes)}; map the names with '
                             '`domains`')
        source = next(name for name in sizes if name != target)
        if self.fake_nums == -1:
            self.fake_nums = sizes[source]
        if self.real_nums == -1:
            self.real_nums = sizes[target]

    def get_metric_sampler(self, model: nn.Module, dataloader: DataLoader,
                           metrics) -> DataLoader:
        if self.fake_nums > len(dataloader.dataset):
            raise ValueError(f'{type(self).__name__}: fake_nums={self.fake_nums}'
                             f', but the dataset has {len(dataloader.dataset)} '
                             'items')
        return dataloader


@METRICS.register_module()
class TranslationFID(TranslationMixin, FrechetInceptionDistance):
    """FID of translated test images (:class:`TranslationMixin`)."""


@METRICS.register_module()
class TranslationKID(TranslationMixin, KernelInceptionDistance):
    """KID of translated test images (:class:`TranslationMixin`): unbiased,
    so the better number on small test sets such as horse2zebra's."""
