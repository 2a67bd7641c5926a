"""Reproducible generation for metrics in mmagic's GAN loops."""
from typing import Dict, Iterator, List, Optional, Sequence

import numpy as np
import torch
from mmagic.evaluation.metrics.base_gen_metric import GenerativeMetric
from mmagic.structures import DataSample
from mmengine.dist import broadcast_object_list, is_main_process
from torch import Tensor, nn

from .features import gather_in_order, rank_indices


class SeededSampler:
    """The inputs of generated sample ``i``, the same in every process.

    Its noise is drawn from a generator seeded with ``(seed, i)``, and a
    class-conditional generator gets label ``i % num_classes`` (so the first
    ``k * num_classes`` samples are class balanced). Rank ``r`` of ``W``
    generates samples ``r, r + W, ...`` in batches, or ``indices`` when
    they are given.
    """

    def __init__(self, model: nn.Module, batch_size: int, num: int,
                 seed: int, sample_model: str, sample_kwargs: dict,
                 indices: Optional[List[int]] = None):
        noise_size = getattr(model, 'noise_size', None)
        if noise_size is None:
            raise TypeError(
                f'{type(model).__name__} has no noise_size: generative '
                'metrics need an mmagic GAN (BaseGAN or BaseConditionalGAN)')
        self.noise_shape = ((noise_size, ) if isinstance(noise_size, int)
                            else tuple(noise_size))
        self.num_classes = getattr(model, 'num_classes', None)
        self.seed, self.sample_model = seed, sample_model
        self.sample_kwargs = sample_kwargs
        local = rank_indices(num) if indices is None else list(indices)
        self.batches = [local[i:i + batch_size]
                        for i in range(0, len(local), batch_size)]

    def __len__(self) -> int:
        return len(self.batches)

    def __iter__(self) -> Iterator[dict]:
        return (self._inputs(indices) for indices in self.batches)

    def _noise(self, index: int) -> Tensor:
        # torch's CPU generator keeps 32 bits of its seed: mix (seed, index)
        # into them (seed << 32 | index would drop the seed).
        state = np.random.SeedSequence([self.seed, index]).generate_state(1)
        generator = torch.Generator().manual_seed(int(state[0]))
        return torch.randn(self.noise_shape, generator=generator)

    def _inputs(self, indices: List[int]) -> dict:
        inputs = dict(noise=torch.stack([self._noise(i) for i in indices]),
                      num_batches=len(indices), sample_model=self.sample_model)
        if self.sample_kwargs:
            inputs['sample_kwargs'] = self.sample_kwargs
        batch = dict(inputs=inputs)
        if self.num_classes:
            batch['data_samples'] = [
                DataSample().set_gt_label(i % self.num_classes)
                for i in indices
            ]
        return batch


class SeededGenerativeMetric(GenerativeMetric):
    """mmagic's ``GenerativeMetric`` whose numbers do not depend on the run.

    Generated samples come from :class:`SeededSampler`; metrics with the same
    ``seed`` and ``sample_model`` in one evaluator share one pass of
    generated images. Each process keeps one result row per sample and
    :meth:`evaluate` gathers them back in sample order, so 1 and N processes
    give the same numbers.

    Args:
        fake_nums (int): Number of generated samples.
        real_nums (int): Number of real images (-1: the whole dataset).
        seed (int): Seed of the generated samples.
        Other arguments are mmagic's.
    """

    def __init__(self, fake_nums: int, real_nums: int = 0,
                 fake_key: Optional[str] = None, real_key: str = 'gt_img',
                 sample_model: str = 'orig', seed: int = 2024,
                 collect_device: str = 'cpu', prefix: Optional[str] = None,
                 sample_kwargs: Optional[dict] = None):
        super().__init__(fake_nums, real_nums, fake_key, real_key, False,
                         sample_model, collect_device, prefix,
                         sample_kwargs or {})
        self.seed = seed
        self.SAMPLER_MODE = f'seeded-{seed}'

    def get_metric_sampler(self, model: nn.Module, dataloader,
                           metrics: Sequence[GenerativeMetric]):
        return SeededSampler(model, dataloader.batch_size,
                             max(m.fake_nums for m in metrics), self.seed,
                             self.sample_model, self.sample_kwargs)

    def fake_images(self, data_samples: Sequence[dict]) -> List[Tensor]:
        """The generated images (BGR, [0, 255]) of a batch of outputs."""
        images = []
        for sample in data_samples:
            sample = sample.get(self.sample_model, sample)
            images.append(sample[self.fake_key or 'fake_img'])
        return images

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        done = sum(len(r) for r in self.fake_results)
        if done < self.fake_nums_per_device:
            self.fake_results.append(self.process_fake(data_samples))

    def process_fake(self, data_samples: Sequence[dict]) -> Tensor:
        """One result row per generated sample of the batch."""
        raise NotImplementedError

    def evaluate(self) -> Dict[str, float]:
        local = torch.cat(self.fake_results)[:self.fake_nums_per_device]
        results = gather_in_order(local, self.fake_nums)
        metrics = [None]
        if is_main_process():
            metrics = [{f'{self.prefix}/{k}' if self.prefix else k: v
                        for k, v in self.compute_metrics(results).items()}]
        broadcast_object_list(metrics)
        self.fake_results.clear()
        return metrics[0]
