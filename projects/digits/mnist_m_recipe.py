"""MNIST-M by its published recipe (Ganin & Lempitsky, 2015): each MNIST
digit blended with a random patch of a colour photograph, per channel
|patch - digit|, written in the layout :class:`MNISTMDigits` reads."""
import os
import os.path as osp
from typing import List, Optional, Sequence

import cv2
import numpy as np

from projects.core.bad_samples import BadSampleError

SKIMAGE_PHOTOS = ('astronaut', 'chelsea', 'coffee', 'rocket', 'cat',
                  'immunohistochemistry', 'hubble_deep_field', 'retina',
                  'colorwheel')
IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff')


def skimage_photos() -> List[np.ndarray]:
    """The colour photographs scikit-image ships (RGB uint8)."""
    import skimage.data
    return [getattr(skimage.data, name)()[..., :3] for name in SKIMAGE_PHOTOS]


def folder_photos(folder: str) -> List[np.ndarray]:
    """Every readable image of ``folder`` (e.g. BSDS500's, the original
    source), RGB uint8; unreadable files are errors naming the file."""
    names = sorted(n for n in os.listdir(folder)
                   if n.lower().endswith(IMAGE_SUFFIXES))
    if not names:
        raise BadSampleError(folder, 'no images found for the photo patches')
    photos = []
    for name in names:
        img = cv2.imread(osp.join(folder, name), cv2.IMREAD_COLOR)
        if img is None:
            raise BadSampleError(osp.join(folder, name), 'cannot decode the image')
        photos.append(img[..., ::-1])
    return photos


def blend_digit(digit: np.ndarray, photo: np.ndarray,
                rng: np.random.Generator) -> np.ndarray:
    """|patch - digit| per channel, the patch a random crop of ``photo`` of
    the digit's size (H x W grey uint8 in, H x W x 3 RGB uint8 out)."""
    height, width = digit.shape
    if photo.shape[0] < height or photo.shape[1] < width:
        raise ValueError(f'photo {photo.shape[:2]} smaller than the digit '
                         f'{digit.shape}')
    y = int(rng.integers(photo.shape[0] - height + 1))
    x = int(rng.integers(photo.shape[1] - width + 1))
    patch = photo[y:y + height, x:x + width].astype(np.int16)
    return np.abs(patch - digit[..., None].astype(np.int16)).astype(np.uint8)


def make_mnist_m(digits: np.ndarray, photos: Sequence[np.ndarray],
                 seed: int = 0, size: int = 32) -> np.ndarray:
    """MNIST-M images of ``digits`` (N x 28 x 28 uint8): each digit padded
    to ``size`` (the released MNIST-M is 32 px) and blended with a patch of
    a photo drawn at random. Seeded: the same call gives the same images."""
    rng = np.random.default_rng(seed)
    pad = (size - digits.shape[1]) // 2, (size - digits.shape[2]) // 2
    out = np.empty((len(digits), size, size, 3), np.uint8)
    for index, digit in enumerate(digits):
        digit = cv2.copyMakeBorder(digit, pad[0], size - digit.shape[0] - pad[0],
                                   pad[1], size - digit.shape[1] - pad[1],
                                   cv2.BORDER_CONSTANT, value=0)
        photo = photos[int(rng.integers(len(photos)))]
        out[index] = blend_digit(digit, photo, rng)
    return out


def write_mnist_m_split(root: str, split: str, images: np.ndarray,
                        labels: np.ndarray,
                        names: Optional[Sequence[str]] = None) -> str:
    """``<root>/mnist_m_<split>/*.png`` and ``mnist_m_<split>_labels.txt``
    (``00000000.png 5`` lines, the original release's layout)."""
    folder = osp.join(root, f'mnist_m_{split}')
    os.makedirs(folder, exist_ok=True)
    names = names or [f'{i:08d}.png' for i in range(len(images))]
    for name, img in zip(names, images):
        cv2.imwrite(osp.join(folder, name), img[..., ::-1])
    list_path = osp.join(root, f'mnist_m_{split}_labels.txt')
    with open(list_path + '.part', 'w') as f:
        f.writelines(f'{name} {int(label)}\n' for name, label in zip(names, labels))
    os.replace(list_path + '.part', list_path)
    return list_path
