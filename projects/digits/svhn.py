"""SVHN from the cropped-digit MATLAB files ``{train,test}_32x32.mat``."""
import os.path as osp

import numpy as np
from scipy.io import loadmat

from projects.core.bad_samples import BadSampleError
from projects.core.registry import DATASETS
from .base import DigitsDataset


@DATASETS.register_module()
class SVHNDigits(DigitsDataset):
    """SVHN: ``<split>_32x32.mat`` in ``data_root`` (``X`` 32 x 32 x 3 x N
    RGB, ``y`` N x 1 with 10 for the digit 0); 32 x 32 colour. See
    :class:`DigitsDataset` for the arguments and the data info."""

    DEFAULT_SIZE = 32
    NATIVE_RGB = True

    def read_split(self):
        path = osp.join(self.data_root, f'{self.split}_32x32.mat')
        if not osp.isfile(path):
            raise BadSampleError(path, 'file not found')
        try:
            mat = loadmat(path)
        except Exception as err:  # scipy raises several types
            raise BadSampleError(path, f'not a readable MATLAB file ({err})') from err
        images, labels = mat.get('X'), mat.get('y')
        if images is None or labels is None:
            raise BadSampleError(path, 'no "X" and "y" fields')
        labels = np.asarray(labels, np.int64).ravel()
        if images.shape[:3] != (32, 32, 3) or images.ndim != 4 \
                or images.shape[3] != len(labels):
            raise BadSampleError(path, f'"X" is {images.shape}, expected '
                                 f'(32, 32, 3, {len(labels)}) like "y"')
        images = np.ascontiguousarray(images.transpose(3, 0, 1, 2)[..., ::-1])
        labels = np.where(labels == 10, 0, labels)
        return images, labels, [f'{path}[{i}]' for i in range(len(labels))]
