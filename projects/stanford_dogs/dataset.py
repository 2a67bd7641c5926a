"""Stanford Dogs classification and detection datasets."""
import os.path as osp

from mmpretrain.datasets import BaseDataset

from projects.coco import CheckedCocoDataset
from projects.core.bad_samples import BadSamples, check_image
from projects.core.registry import DATASETS
from .breeds import BREEDS, FOLDERS, WNIDS
from .files import SPLITS, check_entry, read_split

METAINFO = dict(classes=BREEDS, wnids=WNIDS, folders=FOLDERS)


@DATASETS.register_module()
class StanfordDogsDataset(BaseDataset):
    """The 120 breeds with the official split, from the files as distributed.

    Reads ``lists/<split>_list.mat`` (``file_list`` and ``labels``) under
    ``data_root`` and the images under ``Images/``; mmpretrain's
    ``BaseDataset`` does the rest (pipeline, ``get_gt_labels``, subsets).
    ``metainfo`` has the readable ``classes`` ("Chihuahua"), their ImageNet
    ``wnids`` ("n02085620") and the ``folders``. Every image's header and end
    are checked when the dataset loads (see ``projects.core.bad_samples``).

    Args:
        data_root (str): The folder holding ``Images/`` and ``lists/``.
        split (str): ``'train'`` or ``'test'``.
        skip_bad_samples (bool): Skip bad entries instead of raising.
        **kwargs: mmpretrain ``BaseDataset`` arguments (``pipeline``, ...).
    """

    METAINFO = METAINFO

    def __init__(self, data_root: str, split: str = 'train',
                 skip_bad_samples: bool = False, **kwargs):
        if split not in SPLITS:
            raise ValueError(f'StanfordDogsDataset: split must be one of '
                             f'{SPLITS}, got {split!r}')
        self.split, self.skip_bad_samples = split, skip_bad_samples
        kwargs.setdefault('ann_file', f'lists/{split}_list.mat')
        kwargs.setdefault('data_prefix', 'Images')
        super().__init__(data_root=data_root, **kwargs)

    def load_data_list(self) -> list:
        entries = read_split(self.ann_file)
        bad = BadSamples(self.skip_bad_samples, type(self).__name__)
        data_list = []
        for index, entry in enumerate(entries):
            with bad.guard():
                label = check_entry(self.ann_file, index, entry)
                img_path = osp.join(self.img_prefix, entry.image)
                check_image(img_path)
                data_list.append(dict(img_path=img_path, gt_label=label))
        bad.log(len(entries))
        self.bad_samples = bad.errors
        return data_list


@DATASETS.register_module()
class StanfordDogsDetDataset(CheckedCocoDataset):
    """Dog boxes from the COCO JSON of ``stanford_dogs_to_coco.py``.

    mmdet's ``CocoDataset`` with the checks of ``CheckedCocoDataset``; the
    classes are the 120 readable breed names in label order, so labels match
    :class:`StanfordDogsDataset`'s and every category name must be a breed.
    """

    METAINFO = METAINFO
