"""Images in, network outputs out: conversion, batching, real-data passes and
ordered gathering across processes."""
import math
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import torch
from mmengine import ProgressBar
from mmengine.dataset import pseudo_collate
from mmengine.dist import all_gather, get_dist_info, is_main_process
from torch import Tensor, nn
from torch.utils.data import DataLoader


def to_uint8_rgb(images: Tensor) -> Tensor:
    """BGR images (..., C, H, W) in [0, 255], as mmagic hands them to
    metrics -> uint8 RGB, as an 8-bit image file holds them. Grey images are
    repeated to 3 channels, as PIL's ``convert('RGB')`` does."""
    if images.dtype != torch.uint8:
        images = images.round().clamp(0, 255).to(torch.uint8)
    if images.shape[-3] == 1:
        return images.expand(*images.shape[:-3], 3, *images.shape[-2:])
    return images.flip(-3)


def _device(module: nn.Module) -> torch.device:
    return next(module.parameters()).device


class SharedInception:
    """Runs a network on a batch of generated images (BGR, [0, 255]) once
    for all the metrics that ask.

    FID wants the features and IS the logits of the same generated batch;
    the second metric gets what the first one's pass gave.
    """

    def __init__(self):
        self._net: Optional[nn.Module] = None
        self._images: List[Tensor] = []
        self._outputs: Dict[str, Tensor] = {}

    def __call__(self, net: nn.Module, images: Sequence[Tensor],
                 output: str) -> Tensor:
        """One output (on CPU) of a list of BGR images."""
        if not (net is self._net and len(images) == len(self._images)
                and all(a is b for a, b in zip(images, self._images))):
            self._net, self._images, self._outputs = net, list(images), {}
        if output not in self._outputs:
            self._outputs.update(run_network(
                net, [to_uint8_rgb(img) for img in images], (output, )))
        return self._outputs[output]


def run_network(net: nn.Module, images: Sequence[Tensor],
                outputs: Sequence[str]) -> Dict[str, Tensor]:
    """Outputs on CPU of uint8 RGB images, batched when they share a
    shape."""
    device = _device(net)
    if all(img.shape == images[0].shape for img in images):
        groups = [torch.stack(list(images))]
    else:
        groups = [img[None] for img in images]
    results = []
    with torch.inference_mode():
        for batch in groups:
            results.append(net(batch.to(device), outputs))
    return {name: torch.cat([r[name] for r in results]).cpu()
            for name in results[0]}


def rank_indices(num: int) -> List[int]:
    """This rank's share of items ``0..num-1``: ``r, r + W, ...``, padded by
    wrapping so every rank has ``ceil(num / W)``."""
    rank, world = get_dist_info()
    return [(i * world + rank) % num for i in range(math.ceil(num / world))]


def gather_in_order(local: Tensor, total: int) -> Tensor:
    """Undo :func:`rank_indices`: every rank's rows, back in item order."""
    per_rank = math.ceil(total / get_dist_info()[1])
    if local.shape[0] != per_rank:
        raise RuntimeError(f'this rank holds {local.shape[0]} results, '
                           f'expected {per_rank} of {total}')
    parts = all_gather(local)
    return torch.stack(parts, dim=1).flatten(0, 1)[:total]


def real_batches(dataloader: DataLoader, data_preprocessor: nn.Module,
                 num: int, key: str = 'gt_img', with_labels: bool = False
                 ) -> Iterator[Tuple[Tensor, Optional[Tensor]]]:
    """This rank's share of the first ``num`` items (-1: all) of the
    dataloader's dataset as (BGR images in [0, 255], labels or None), with a
    progress bar on the main process."""
    dataset = dataloader.dataset
    num = len(dataset) if num == -1 else num
    if not 0 < num <= len(dataset):
        raise ValueError(f'real_nums={num}, but the dataset '
                         f'{type(dataset).__name__} has {len(dataset)} items')
    loader = DataLoader(dataset, batch_size=dataloader.batch_size,
                        sampler=rank_indices(num), collate_fn=pseudo_collate,
                        num_workers=dataloader.num_workers)
    bar = ProgressBar(len(loader)) if is_main_process() else None
    for data in loader:
        samples = data_preprocessor(data, False)['data_samples']
        if key not in samples:
            raise KeyError(f'real images are read from data_samples.{key}, '
                           f'which the pipeline does not give (it gives '
                           f'{sorted(samples.keys())}); set real_key')
        labels = samples.gt_label.label.view(-1) if with_labels else None
        yield samples.get(key), labels
        if bar is not None:
            bar.update()
