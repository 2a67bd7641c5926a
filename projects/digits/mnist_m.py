"""MNIST-M: a folder of PNGs and a ``name label`` list."""
import os.path as osp

import cv2

from projects.core.bad_samples import BadSampleError, check_image
from projects.core.registry import DATASETS
from .base import DigitsDataset


@DATASETS.register_module()
class MNISTMDigits(DigitsDataset):
    """MNIST-M: ``mnist_m_<split>/*.png`` and ``mnist_m_<split>_labels.txt``
    (lines ``00000000.png 5``) in ``data_root``; 32 x 32 colour, read from
    disk when an item is fetched (each PNG is checked when the dataset
    loads). See :class:`DigitsDataset` for the arguments and the data info."""

    DEFAULT_SIZE = 32
    NATIVE_RGB = True

    def read_split(self):
        list_path = osp.join(self.data_root, f'mnist_m_{self.split}_labels.txt')
        if not osp.isfile(list_path):
            raise BadSampleError(list_path, 'labels file not found')
        with open(list_path) as f:
            lines = [(n, line.split()) for n, line in enumerate(f, 1)
                     if line.strip()]
        if not lines:
            raise BadSampleError(list_path, 'empty labels file')
        folder = osp.join(self.data_root, f'mnist_m_{self.split}')
        labels, paths = [], []
        for number, parts in lines:
            if len(parts) == 2 and parts[1].lstrip('-').isdigit():
                labels.append(int(parts[1]))
            else:
                labels.append(BadSampleError(
                    list_path, f'line {number}: expected "<name>.png <label>", '
                    f'found "{" ".join(parts)}"'))
            paths.append(osp.join(folder, parts[0]))
        return None, labels, paths

    def check_sample(self, info: dict) -> None:
        check_image(info['img_path'])

    def read_image(self, info: dict):
        img = cv2.imread(info['img_path'], cv2.IMREAD_COLOR)
        if img is None:
            raise BadSampleError(info['img_path'], 'cannot decode the image')
        return img
