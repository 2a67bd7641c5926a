"""BigGAN-deep on Stanford Dogs crops: what mmagic's BigGAN lacks."""
from .biggan import BigGAN
from .class_transfer import (ImageNetClassTransfer, class_rows,
                             dataset_wnids, imagenet_wnids)
from .diff_augment import DiffAugmentDiscriminator, diff_augment

__all__ = [
    'BigGAN', 'DiffAugmentDiscriminator', 'ImageNetClassTransfer',
    'class_rows', 'dataset_wnids', 'diff_augment', 'imagenet_wnids'
]
