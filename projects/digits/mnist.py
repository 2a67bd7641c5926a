"""MNIST from the IDX files as distributed (gzip-compressed)."""
import gzip
import os.path as osp
import zlib

import numpy as np

from projects.core.bad_samples import BadSampleError
from projects.core.registry import DATASETS
from .base import DigitsDataset

FILES = dict(train='train-{}-idx{}-ubyte.gz', test='t10k-{}-idx{}-ubyte.gz')


def read_idx(path: str, magic: int) -> np.ndarray:
    """A uint8 array from an IDX file (images: magic 2051, labels: 2049)."""
    if not osp.isfile(path):
        raise BadSampleError(path, 'file not found')
    try:
        with gzip.open(path) as f:
            data = f.read()
    except (OSError, EOFError, zlib.error) as err:
        raise BadSampleError(path, f'not a readable gzip file ({err})') from err
    ndim = magic - 2048
    if len(data) < 4 + 4 * ndim or int.from_bytes(data[:4], 'big') != magic:
        raise BadSampleError(path, f'not an IDX file with magic number {magic}')
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big')
                  for i in range(ndim))
    offset, size = 4 + 4 * ndim, int(np.prod(shape))
    if len(data) - offset < size:
        raise BadSampleError(path, f'truncated: {shape} needs {size} bytes '
                             f'after the header, found {len(data) - offset}')
    return np.frombuffer(data, np.uint8, size, offset).reshape(shape)


def read_mnist_split(root: str, split: str):
    """The images (N x 28 x 28) and labels (N) of an MNIST split in ``root``."""
    pattern = osp.join(root, FILES[split])
    images_path = pattern.format('images', 3)
    images = read_idx(images_path, 2051)
    labels = read_idx(pattern.format('labels', 1), 2049)
    if len(images) != len(labels):
        raise BadSampleError(images_path, f'{len(images)} images but '
                             f'{len(labels)} labels in '
                             f'{pattern.format("labels", 1)}')
    return images, labels


@DATASETS.register_module()
class MNISTDigits(DigitsDataset):
    """MNIST: ``{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz`` in
    ``data_root``; 28 x 28 grey. See :class:`DigitsDataset` for the
    arguments and the data info."""

    def read_split(self):
        images, labels = read_mnist_split(self.data_root, self.split)
        images_path = osp.join(self.data_root, FILES[self.split]).format('images', 3)
        return images, labels, [f'{images_path}[{i}]' for i in range(len(images))]
