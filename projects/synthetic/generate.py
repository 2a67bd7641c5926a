"""Write a conditional generator's samples as a class-folder dataset.

Sample ``i`` is drawn for class ``i % C`` from noise seeded by ``(seed, i)``
(:class:`projects.gan_metrics.base.SeededSampler`), so the set does not
depend on the batch size or the number of processes; rank ``r`` of ``W``
writes samples ``r, r + W, ...``, each exactly once. The layout is the one
``tools/crop_boxes.py`` writes::

    OUT/<split>/<class>/<k>.png       k-th sample of the class
    OUT/meta/<split>.txt              "<class>/<k>.png <label>" per sample
    OUT/meta/classes.txt              class names, label order
    OUT/meta/<split>_scores.txt       "<class>/<k>.png <label> <confidence>"
                                      with a classifier: its softmax
                                      probability of the requested class
"""
import os
import os.path as osp
from pathlib import Path
from typing import List, Optional, Sequence

import cv2
import numpy as np
import torch
from mmengine.dist import barrier, get_dist_info
from torch import nn
from tqdm import tqdm

from projects.core.files import folder_name, written_whole
from projects.gan_metrics.accuracy import classifier_logits
from projects.gan_metrics.base import SeededSampler


def sample_model_of(model: nn.Module) -> str:
    """``'ema'`` for a GAN with an EMA generator, else ``'orig'``."""
    return 'ema' if getattr(model, 'with_ema_gen', False) else 'orig'


def sample_name(index: int, folders: Sequence[str]) -> str:
    """``<class>/<k>.png`` of sample ``index``."""
    return f'{folders[index % len(folders)]}/{index // len(folders):06d}.png'


def to_uint8(image: torch.Tensor) -> np.ndarray:
    """H x W (grey) or H x W x 3 (BGR) uint8 of a C x H x W [0, 255] image."""
    image = image.detach().round().clamp(0, 255).to(torch.uint8).cpu()
    array = image.permute(1, 2, 0).numpy()
    return array[..., 0] if array.shape[2] == 1 else np.ascontiguousarray(array)


def _scores_part(out_dir: str, split: str, rank: int) -> str:
    return osp.join(out_dir, 'meta', f'.{split}_scores.rank{rank}')


@torch.no_grad()
def write_samples(model: nn.Module, classes: Sequence[str], per_class: int,
                  out_dir: str, split: str = 'train', seed: int = 0,
                  batch_size: int = 100, classifier: Optional[nn.Module] = None,
                  resize=None, rank: Optional[int] = None,
                  world_size: Optional[int] = None) -> List[int]:
    """Generate and write this rank's samples; returns their indices.

    ``rank``/``world_size`` default to the distributed ones. With a
    ``classifier`` each sample's confidence goes to a per-rank part file
    that :func:`write_lists` merges.
    """
    num_classes = getattr(model, 'num_classes', None)
    if not num_classes:
        raise TypeError(f'{type(model).__name__} is not class-conditional '
                        '(no num_classes): nothing to generate per class')
    if len(classes) != num_classes:
        raise ValueError(f'{len(classes)} class names for a generator of '
                         f'{num_classes} classes')
    dist_rank, dist_world = get_dist_info()
    rank = dist_rank if rank is None else rank
    world_size = dist_world if world_size is None else world_size
    folders = [folder_name(name) for name in classes]
    for folder in [osp.join(split, f) for f in folders] + ['meta']:
        os.makedirs(osp.join(out_dir, folder), exist_ok=True)
    indices = list(range(rank, per_class * num_classes, world_size))
    sampler = SeededSampler(model, batch_size, len(indices), seed,
                            sample_model_of(model), {}, indices=indices)
    model.eval()
    scores = []
    batches = tqdm(zip(sampler.batches, sampler), total=len(sampler),
                   desc=f'generating (rank {rank})', disable=rank != 0)
    for batch_indices, batch in batches:
        outputs = model.val_step(batch)
        images = [out.get(sampler.sample_model, out).fake_img
                  for out in outputs]
        for index, image in zip(batch_indices, images):
            path = osp.join(out_dir, split, sample_name(index, folders))
            with written_whole(path, suffix='.partial.png') as partial:
                if not cv2.imwrite(partial, to_uint8(image)):
                    raise OSError(f'could not write {partial}')
        if classifier is not None:
            probs = classifier_logits(classifier, torch.stack(images).round()
                                      .clamp(0, 255), resize).softmax(1)
            labels = torch.tensor(batch_indices) % num_classes
            scores += probs[torch.arange(len(labels)), labels].tolist()
    if classifier is not None:
        lines = [f'{i} {s:.6f}\n' for i, s in zip(indices, scores)]
        with written_whole(_scores_part(out_dir, split, rank)) as partial:
            Path(partial).write_text(''.join(lines))
    return indices


def write_lists(classes: Sequence[str], per_class: int, out_dir: str,
                split: str = 'train', world_size: int = 1) -> None:
    """The annotation list, class names and (if scored) the merged scores."""
    folders = [folder_name(name) for name in classes]
    total = per_class * len(classes)
    names = [sample_name(i, folders) for i in range(total)]
    meta = osp.join(out_dir, 'meta')
    os.makedirs(meta, exist_ok=True)
    parts = [_scores_part(out_dir, split, r) for r in range(world_size)]
    if all(osp.isfile(p) for p in parts):
        confidence = {}
        for part in parts:
            for line in Path(part).read_text().splitlines():
                index, score = line.split()
                confidence[int(index)] = score
        with written_whole(osp.join(meta, f'{split}_scores.txt')) as partial:
            Path(partial).write_text(''.join(
                f'{names[i]} {i % len(classes)} {confidence[i]}\n'
                for i in range(total)))
        for part in parts:
            os.remove(part)
    with written_whole(osp.join(meta, 'classes.txt')) as partial:
        Path(partial).write_text(''.join(f'{name}\n' for name in classes))
    with written_whole(osp.join(meta, f'{split}.txt')) as partial:
        Path(partial).write_text(''.join(
            f'{name} {i % len(classes)}\n' for i, name in enumerate(names)))


def generate_dataset(model: nn.Module, classes: Sequence[str], per_class: int,
                     out_dir: str, split: str = 'train', **kwargs) -> None:
    """:func:`write_samples` on every rank, then rank 0 writes the lists.

    The split's old list is removed first, so an interrupted run leaves no
    list that looks complete.
    """
    rank, world_size = get_dist_info()
    meta = osp.join(out_dir, 'meta')
    if rank == 0:
        os.makedirs(meta, exist_ok=True)
        for name in (f'{split}.txt', f'{split}_scores.txt'):
            if osp.exists(osp.join(meta, name)):
                os.remove(osp.join(meta, name))
    barrier()
    write_samples(model, classes, per_class, out_dir, split, **kwargs)
    barrier()
    if rank == 0:
        write_lists(classes, per_class, out_dir, split, world_size)
    barrier()
