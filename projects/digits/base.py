"""What the digit datasets share: labels 0-9, grey/RGB and size options."""
from typing import List, Optional, Tuple

import cv2
import numpy as np
from mmpretrain.datasets import BaseDataset

from projects.core.bad_samples import BadSampleError, BadSamples

SPLITS = ('train', 'test')


class DigitsDataset(BaseDataset):
    """Base of the digit datasets: images in memory or on disk, labels 0-9.

    mmpretrain's ``BaseDataset`` with ``classes = ('0', ..., '9')``. Each
    data info holds the image itself (``img``, as ``LoadImageFromFile`` would
    leave it, so pipelines start with transforms), converted on access:

    - ``to_rgb=True``: ``img`` is H x W x 3 uint8 in BGR order (grey digits
      repeated on the three channels);
    - ``to_rgb=False``: ``img`` is H x W uint8 grey (colour digits converted
      with OpenCV's weights); ``PackInputs`` makes it 1 x H x W.

    and resized to ``img_size`` x ``img_size`` (bilinear up, area down), or
    with ``content_size`` to that size and then padded with black to
    ``img_size``, centred.
    ``img_path`` is the image file, or ``<file>[<index>]`` for images stored
    in one array file; ``ori_shape`` and ``img_shape`` are the output size.

    Subclasses implement :meth:`read_split`; file-backed ones also
    :meth:`read_image`.

    Args:
        data_root (str): The folder with the dataset's files.
        split (str): ``'train'`` or ``'test'``.
        img_size (int, optional): Output side, usually 28 or 32. Defaults
            to the class's ``DEFAULT_SIZE``: the native size (MNIST 28,
            MNIST-M and SVHN 32), but 28 for USPS (natively 16).
        to_rgb (bool, optional): See above; defaults to the native colour.
        content_size (int, optional): Side of the resized image inside the
            black border. USPS digits fill their frame while MNIST's sit in a
            20 px box in 28 px: ``content_size=20`` gives USPS MNIST's scale.
        skip_bad_samples (bool): Skip bad samples instead of raising.
        **kwargs: mmpretrain ``BaseDataset`` arguments (``pipeline``, ...).
    """

    METAINFO = dict(classes=tuple(str(d) for d in range(10)))
    DEFAULT_SIZE = 28
    NATIVE_RGB = False

    def __init__(self, data_root: str, split: str = 'train',
                 img_size: Optional[int] = None, to_rgb: Optional[bool] = None,
                 content_size: Optional[int] = None,
                 skip_bad_samples: bool = False, **kwargs):
        name = type(self).__name__
        if split not in SPLITS:
            raise ValueError(f'{name}: split must be one of {SPLITS}, '
                             f'got {split!r}')
        img_size = self.DEFAULT_SIZE if img_size is None else img_size
        if not isinstance(img_size, int) or img_size < 8:
            raise ValueError(f'{name}: img_size must be an int >= 8 (usually '
                             f'28 or 32), got {img_size!r}')
        if content_size is not None and not 0 < content_size <= img_size:
            raise ValueError(f'{name}: content_size must be in 1..img_size '
                             f'({img_size}), got {content_size!r}')
        self.split = split
        self.img_size = img_size
        self.content_size = content_size or img_size
        self.to_rgb = self.NATIVE_RGB if to_rgb is None else bool(to_rgb)
        self.skip_bad_samples = skip_bad_samples
        self.images = None
        super().__init__(ann_file='', data_root=data_root, **kwargs)

    def read_split(self) -> Tuple[Optional[np.ndarray], List[int], List[str]]:
        """``(images or None, labels, img_paths)`` of ``self.split``.

        ``images`` is an (N, H, W) grey or (N, H, W, 3) BGR uint8 array, or
        None when :meth:`read_image` reads each image from its file. A label
        may be a :class:`BadSampleError` for an entry that cannot be parsed.
        """
        raise NotImplementedError

    def read_image(self, info: dict) -> np.ndarray:
        """The native image of a data info (a copy: pipelines may write)."""
        return self.images[info['array_index']].copy()

    def check_sample(self, info: dict) -> None:
        """Raise :class:`BadSampleError` if a sample cannot be used."""

    def load_data_list(self) -> list:
        self.images, labels, paths = self.read_split()
        bad = BadSamples(self.skip_bad_samples, type(self).__name__)
        data_list = []
        for index, (label, path) in enumerate(zip(labels, paths)):
            with bad.guard():
                if isinstance(label, BadSampleError):
                    raise label
                if not 0 <= label <= 9:
                    raise BadSampleError(path, f'label {label} is not a digit '
                                         '0-9')
                info = dict(img_path=path, gt_label=int(label),
                            array_index=index)
                self.check_sample(info)
                data_list.append(info)
        bad.log(len(labels))
        self.bad_samples = bad.errors
        return data_list

    def get_data_info(self, idx: int) -> dict:
        info = super().get_data_info(idx)
        img = self.read_image(info)
        colour = img.ndim == 3
        if self.to_rgb and not colour:
            img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
        elif colour and not self.to_rgb:
            img = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
        size = self.content_size
        if img.shape[0] != size or img.shape[1] != size:
            up = size > img.shape[0]
            img = cv2.resize(img, (size, size), interpolation=cv2.INTER_LINEAR
                             if up else cv2.INTER_AREA)
        if size < self.img_size:
            before = (self.img_size - size) // 2
            after = self.img_size - size - before
            img = cv2.copyMakeBorder(img, before, after, before, after,
                                     cv2.BORDER_CONSTANT, value=0)
        info.update(img=img, ori_shape=img.shape[:2], img_shape=img.shape[:2])
        return info
