"""Detection on Roboflow COCO exports, classes read from the export."""
from typing import List

from projects.coco import CheckedCocoDataset
from projects.core.registry import DATASETS


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
    """A split of a Roboflow "COCO" export (``<split>/_annotations.coco.json``).

    mmdet's ``CocoDataset`` (through ``CheckedCocoDataset``, which checks the
    JSON and images) with the classes taken from the export by
    :func:`roboflow_categories`, so no class list is written by hand. Label
    ``i`` is the ``i``-th kept category in file order, whatever its id; the
    same rule gives the same classes for every split of an export. Give
    ``metainfo=dict(classes=...)`` to train on a subset instead.
    """

    def categories_of(self, coco: dict) -> List[dict]:
        if self.classes_given:
            return super().categories_of(coco)
        return roboflow_categories(coco)
