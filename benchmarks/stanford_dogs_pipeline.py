"""Images per second: Stanford Dogs classification loading vs torchvision.

Ours: ``train_dataloader`` of ``configs/_base_/datasets/stanford_dogs_cls.py``
built by mmengine's ``Runner.build_dataloader``, as training builds it:
``StanfordDogsDataset``, its pipeline (OpenCV decode, ``RandomResizedCrop``
224, flip, ``PackInputs``), the config's collate and seeded workers.
Reference: torchvision ``ImageFolder`` over ``Images/`` with
``RandomResizedCrop(224)``, ``RandomHorizontalFlip`` and ``PILToTensor``
(uint8 like ours; normalising is the model's job in both) in a
``DataLoader``. Same batch size and workers, in the same run, alternating
rounds (the median of each is reported, the machine may be shared).
Target: ours >= 0.9x.

    python benchmarks/stanford_dogs_pipeline.py [--data-root data/stanford_dogs]

Without ``--data-root``, synthetic JPEGs (500 x 375, like the real average)
are written in the real layout (``Images/``, ``lists/``) to a temporary
folder.
"""
import argparse
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.runner import Runner
from scipy.io import savemat
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from projects.stanford_dogs import FOLDERS
from projects.core.utils import register_all_modules

REPO = Path(__file__).resolve().parents[1]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data-root', help='real Stanford Dogs (Images/, '
                        'lists/); default: synthetic data')
    parser.add_argument('--per-breed', type=int, default=3,
                        help='synthetic images per breed')
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--batches', type=int, default=24,
                        help='timed batches per round (after 2 warm-up '
                        'batches per loader)')
    parser.add_argument('--rounds', type=int, default=2,
                        help='alternating rounds of each loader')
    return parser.parse_args()


def synthesize(root: Path, per_breed: int) -> None:
    """Smooth random JPEGs for every breed, all listed as train."""
    rng = np.random.default_rng(0)
    files = []
    for folder in FOLDERS:
        wnid = folder.split('-')[0]
        (root / 'Images' / folder).mkdir(parents=True)
        for n in range(per_breed):
            small = rng.integers(0, 256, size=(12, 16, 3), dtype=np.uint8)
            img = cv2.resize(small, (500, 375), interpolation=cv2.INTER_CUBIC)
            img = cv2.add(img, rng.integers(0, 20, img.shape, dtype=np.uint8))
            cv2.imwrite(str(root / 'Images' / folder / f'{wnid}_{n}.jpg'), img)
            files.append(f'{folder}/{wnid}_{n}.jpg')
    cell = np.empty((len(files), 1), dtype=object)
    cell[:, 0] = files
    labels = np.repeat(np.arange(1, len(FOLDERS) + 1), per_breed)[:, None]
    (root / 'lists').mkdir()
    savemat(str(root / 'lists' / 'train_list.mat'),
            dict(file_list=cell, annotation_list=cell, labels=labels))


def images_per_second(stream, batches: int) -> float:
    """Throughput of the next ``batches`` batches of ``stream``."""
    start = time.perf_counter()
    count = sum(len(next(stream)['inputs']) for _ in range(batches))
    return count / (time.perf_counter() - start)


class AsDict:
    """ImageFolder batches as ``dict(inputs=...)``, looping over epochs."""

    def __init__(self, loader):
        self.loader = loader

    def __iter__(self):
        while True:
            for inputs, _ in self.loader:
                yield dict(inputs=inputs)


def main():
    args = parse_args()
    register_all_modules()
    tmp = None
    if args.data_root is None:
        tmp = tempfile.TemporaryDirectory()
        args.data_root = tmp.name
        synthesize(Path(tmp.name), args.per_breed)
    cfg = Config.fromfile(REPO / 'configs/_base_/datasets/stanford_dogs_cls.py')
    loader_cfg = cfg.train_dataloader
    loader_cfg.update(batch_size=args.batch_size, num_workers=args.workers,
                      persistent_workers=args.workers > 0)
    loader_cfg.dataset.data_root = args.data_root
    with DefaultScope.overwrite_default_scope('projects'):
        ours = Runner.build_dataloader(loader_cfg, seed=0)
    reference = AsDict(DataLoader(
        datasets.ImageFolder(str(Path(args.data_root) / 'Images'),
                             transform=transforms.Compose([
                                 transforms.RandomResizedCrop(224),
                                 transforms.RandomHorizontalFlip(),
                                 transforms.PILToTensor()])),
        batch_size=args.batch_size, num_workers=args.workers, shuffle=True,
        drop_last=True, persistent_workers=args.workers > 0))
    streams = dict(ours=iter(ours), reference=iter(reference))
    rates = dict(ours=[], reference=[])
    for stream in streams.values():  # start the workers, fill the queues
        images_per_second(stream, 2)
    for _ in range(args.rounds):
        for name, stream in streams.items():
            rates[name].append(images_per_second(stream, args.batches))
    print(f'{len(ours.dataset)} train images, batch {args.batch_size}, '
          f'{args.workers} workers, {args.rounds} rounds of {args.batches} '
          'batches')
    medians = {name: float(np.median(values)) for name, values in rates.items()}
    for name, label in (('ours', 'ours (config train_dataloader)'),
                        ('reference', 'torchvision ImageFolder')):
        rounds = ', '.join(f'{v:.0f}' for v in rates[name])
        print(f'  {label}: {medians[name]:.1f} images/s (rounds: {rounds})')
    ratio = medians['ours'] / medians['reference']
    print(f'  ratio: {ratio:.2f}x (target >= 0.9x: '
          f'{"met" if ratio >= 0.9 else "NOT met"})')
    if tmp is not None:
        tmp.cleanup()


if __name__ == '__main__':
    main()
