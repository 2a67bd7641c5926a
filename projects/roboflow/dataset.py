"""Detection on Roboflow COCO exports, classes read from the export."""
from typing import List, Optional

from projects.coco import CheckedCocoDataset
from projects.core.registry import DATASETS
from .layout import find_split, split_images


def roboflow_categories(coco: dict) -> List[dict]:
    """The categories of an export that are real classes, in file order.

    Roboflow writes the project name as an extra category (Aquarium's
    "creatures", id 0), the ``supercategory`` of every other one and without
    boxes of its own; it is left out, even when a class has the same name.
    A category with boxes is always kept.
    """
    parents = {cat.get('supercategory') for cat in coco['categories']}
    used = {ann['category_id'] for ann in coco['annotations']}
    return [cat for cat in coco['categories']
            if cat['id'] in used or cat['name'] not in parents]


@DATASETS.register_module()
class RoboflowCocoDataset(CheckedCocoDataset):
    """A split of a Roboflow "COCO" export.

    mmdet's ``CocoDataset`` (through ``CheckedCocoDataset``, which checks the
    JSON and images) with the classes taken from the export by
    :func:`roboflow_categories`, so no class list is written by hand. Label
    ``i`` is the ``i``-th kept category in file order, whatever its id; the
    same rule gives the same classes for every split of an export. Give
    ``metainfo=dict(classes=...)`` to train on a subset instead.

    Args:
        split (str, optional): ``train``, ``valid`` or ``test``: the
            annotation file and image folder are found in ``data_root``
            whatever the export's layout (:func:`.layout.find_split`; an
            export with one annotation file is split reproducibly). Without
            it, ``ann_file`` and ``data_prefix`` say where the split is.
        val_fraction (float): The valid part of an export that is split.
        **kwargs: ``CheckedCocoDataset`` arguments.
    """

    def __init__(self, *args, split: Optional[str] = None,
                 val_fraction: float = 0.2, **kwargs):
        self.split, self.val_fraction, self.part = split, val_fraction, None
        if split is not None:
            if args or kwargs.get('ann_file') or 'data_prefix' in kwargs:
                raise ValueError(f'RoboflowCocoDataset(split={split!r}) finds '
                                 'its files in data_root: give no ann_file '
                                 'or data_prefix')
            if not kwargs.get('data_root'):
                raise ValueError(f'RoboflowCocoDataset(split={split!r}) needs '
                                 'data_root, the export\'s folder')
            found = find_split(kwargs['data_root'], split)
            kwargs.update(ann_file=found.ann_file,
                          data_prefix=dict(img=found.img_dir))
            self.part = found.part
        super().__init__(*args, **kwargs)

    def categories_of(self, coco: dict) -> List[dict]:
        if self.classes_given:
            return super().categories_of(coco)
        return roboflow_categories(coco)

    def select_images(self, coco: dict) -> dict:
        if self.part is None:
            return coco
        return split_images(coco, self.part, self.val_fraction, self.ann_file)
