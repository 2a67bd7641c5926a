"""USPS from ``usps.h5`` or the LIBSVM files ``usps.bz2`` / ``usps.t.bz2``."""
import bz2
import os.path as osp

import h5py
import numpy as np

from projects.core.bad_samples import BadSampleError, integer_label
from projects.core.registry import DATASETS
from .base import DigitsDataset

LIBSVM_FILES = dict(train='usps.bz2', test='usps.t.bz2')


def read_h5(path: str, split: str):
    """``(images, labels)`` of one group of ``usps.h5`` (data in [0, 1])."""
    try:
        with h5py.File(path, 'r') as f:
            if f'{split}/data' not in f or f'{split}/target' not in f:
                raise BadSampleError(path, f'no "{split}/data" and '
                                     f'"{split}/target" datasets')
            data, target = f[f'{split}/data'][()], f[f'{split}/target'][()]
    except OSError as err:
        raise BadSampleError(path, f'not a readable HDF5 file ({err})') from err
    if data.ndim != 2 or data.shape[1] != 256 or len(data) != len(target):
        raise BadSampleError(path, f'"{split}/data" is {data.shape}, expected '
                             f'({len(target)}, 256) like "{split}/target"')
    images = np.rint(np.clip(data, 0, 1) * 255).astype(np.uint8)
    return images.reshape(-1, 16, 16), [
        _label(value, path, f'{split}/target[{i}]')
        for i, value in enumerate(target.ravel())]


def _label(value, path: str, where: str):
    """The integer label, or the BadSampleError that says why it is none."""
    try:
        return integer_label(value, path, where)
    except BadSampleError as err:
        return err


def read_libsvm(path: str):
    """``(images, labels)`` from LIBSVM lines ``label index:value ...``.

    Labels 1-10 are digits 0-9; values in [-1, 1], absent ones 0. A line
    that cannot be parsed gets a :class:`BadSampleError` as its label.
    """
    try:
        with bz2.open(path, 'rt') as f:
            lines = f.read().splitlines()
    except (OSError, EOFError, ValueError) as err:
        raise BadSampleError(path, f'not a readable bz2 file ({err})') from err
    images = np.zeros((len(lines), 256), np.float64)
    labels = []
    for i, line in enumerate(lines):
        try:
            label, *pairs = line.split()
            for pair in pairs:
                index, value = pair.split(':')
                images[i, int(index) - 1] = float(value)
            labels.append(integer_label(label, path, f'line {i + 1}') - 1)
        except BadSampleError as err:
            labels.append(err)
        except (ValueError, IndexError) as err:
            labels.append(BadSampleError(
                path, f'line {i + 1}: not "label index:value ..." with indices '
                f'1-256 ({err})'))
    images = np.rint((np.clip(images, -1, 1) + 1) * 127.5).astype(np.uint8)
    return images.reshape(-1, 16, 16), labels


@DATASETS.register_module()
class USPSDigits(DigitsDataset):
    """USPS, 16 x 16 grey, resized to 28 by default.

    Reads ``data_root/usps.h5`` (groups ``train``/``test`` with ``data``
    N x 256 in [0, 1] and ``target``) when it exists, else the LIBSVM files
    ``usps.bz2`` (train) / ``usps.t.bz2`` (test). See :class:`DigitsDataset`
    for the arguments and the data info.
    """

    def read_split(self):
        h5_path = osp.join(self.data_root, 'usps.h5')
        libsvm_path = osp.join(self.data_root, LIBSVM_FILES[self.split])
        if osp.isfile(h5_path):
            path, (images, labels) = h5_path, read_h5(h5_path, self.split)
        elif osp.isfile(libsvm_path):
            path, (images, labels) = libsvm_path, read_libsvm(libsvm_path)
        else:
            raise BadSampleError(h5_path, f'file not found, nor {libsvm_path}')
        return images, labels, [f'{path}[{i}]' for i in range(len(images))]
