"""mmdet's ``CocoDataset`` with the COCO JSON and its images checked first,
shared by the Stanford Dogs and Roboflow detection datasets."""
import json
import math
import os.path as osp
from typing import List

from mmdet.datasets import CocoDataset
from mmdet.datasets.api_wrappers import COCO
from mmengine.logging import print_log

from projects.core.bad_samples import (BadEntries, BadSampleError, BadSamples,
                                       check_image)

# How far (pixels) a COCO box may reach past the image border.
BOX_TOLERANCE = 1.0


def read_coco_json(path: str) -> dict:
    """Load a COCO JSON file and check the fields every entry needs."""
    if not osp.isfile(path):
        raise BadSampleError(path, 'annotation file not found')
    try:
        with open(path, encoding='utf-8') as f:
            coco = json.load(f)
    except (ValueError, UnicodeDecodeError) as err:
        raise BadSampleError(path, f'not valid JSON ({err})') from err
    if not isinstance(coco, dict):
        raise BadSampleError(path, 'expected a JSON object with "images", '
                             f'"annotations" and "categories", found {coco!r:.40}')
    for key, fields in (('images', ('id', 'file_name', 'width', 'height')),
                        ('annotations', ('id', 'image_id', 'category_id', 'bbox')),
                        ('categories', ('id', 'name'))):
        entries = coco.get(key)
        if not isinstance(entries, list):
            raise BadSampleError(path, f'no "{key}" list')
        for i, entry in enumerate(entries):
            missing = [f for f in fields
                       if not isinstance(entry, dict) or f not in entry]
            if missing:
                raise BadSampleError(path, f'{key}[{i}] has no "{missing[0]}"')
    if not coco['images']:
        raise BadSampleError(path, 'empty annotation file (no images)')
    for key in ('images', 'annotations', 'categories'):
        ids = [entry['id'] for entry in coco[key]]
        if len(set(ids)) != len(ids):
            raise BadSampleError(path, f'"{key}" ids are not unique')
    return coco


class _ParsedCOCO(COCO):
    """mmdet's COCO API over a dict that is already loaded and checked."""

    def __init__(self, dataset: dict):
        super().__init__()
        self.dataset = dataset
        self.createIndex()
        self.img_ann_map, self.cat_img_map = self.imgToAnns, self.catToImgs


class CheckedCocoDataset(CocoDataset):
    """mmdet's ``CocoDataset`` that checks its JSON and images first.

    Reuses mmdet's parsing, filtering and metainfo; adds what mmdet drops
    silently or reports without the file. Two levels of badness:

    - a sample that cannot be used (a missing, truncated or undecodable
      image, one whose size differs from the JSON, a ``file_name`` outside
      the image folder, a box of a category outside the class list) raises
      ``<file>: <problem>``, or is skipped and counted with
      ``skip_bad_samples=True``;
    - an annotation that cannot be used in an image that is fine (a box
      under 1 pixel or of no area, not finite, outside the image, of a
      category id the file does not have) is dropped, as mmdet drops it, and
      reported once per file with the entry and the problem; a box past the
      border (by more than ``BOX_TOLERANCE``) is clipped and reported.
      ``strict=True`` makes these errors instead.

    The image is kept either way, so the evaluator must score against the
    boxes the dataset kept: the configs' ``CocoMetric`` builds its ground
    truth from the dataset (no ``ann_file``). Boxes of categories outside
    ``metainfo`` classes, when it names them, are ignored as mmdet does.
    Subclasses choose the categories that are classes in
    :meth:`categories_of`; mmdet then sees only those, so its lookup by name
    cannot pick another category of the same name. :meth:`select_images`
    picks the part of the file a subclass reads (a split of it);
    :meth:`peek_classes` gives the classes from the JSON alone, for a
    model's ``num_classes``.

    Args:
        skip_bad_samples (bool): Skip bad images instead of raising.
        strict (bool): Raise for bad annotations instead of dropping them.
        **kwargs: mmdet ``CocoDataset`` arguments.
    """

    METAINFO = dict()

    def __init__(self, *args, skip_bad_samples: bool = False,
                 strict: bool = False, **kwargs):
        self.skip_bad_samples, self.strict = skip_bad_samples, strict
        self.classes_given = 'classes' in (kwargs.get('metainfo') or {})
        super().__init__(*args, **kwargs)

    def categories_of(self, coco: dict) -> List[dict]:
        """The categories that are classes, in label order; default: those
        named by the metainfo's ``classes``."""
        found = []
        for name in self._metainfo['classes']:
            named = [cat for cat in coco['categories'] if cat['name'] == name]
            if len(named) != 1:
                names = ', '.join(cat['name'] for cat in coco['categories'])
                what = (f'names {len(named)} categories' if named
                        else 'is not a category of this file')
                raise BadSampleError(self.ann_file, f'class "{name}" {what} '
                                     f'(categories: {names})')
            found += named
        return found

    def select_images(self, coco: dict) -> dict:
        """The part of the file this dataset reads; default: all of it."""
        return coco

    def _classes(self, coco: dict) -> tuple:
        kept = self.categories_of(coco)
        classes = tuple(cat['name'] for cat in kept)
        if len(set(classes)) != len(classes):
            raise BadSampleError(self.ann_file, 'class names are not unique: '
                                 f'{", ".join(classes)}')
        return kept, classes

    def peek_classes(self) -> tuple:
        """The class names, from the JSON alone (no image is read)."""
        return self._classes(read_coco_json(self.ann_file))[1]

    def load_data_list(self) -> list:
        coco = read_coco_json(self.ann_file)
        kept, classes = self._classes(coco)
        self._metainfo['classes'] = classes
        coco = self.select_images(coco)
        checked = dict(coco, categories=kept,
                       **self._check_images(coco, {c['id'] for c in kept}))
        self.COCOAPI = lambda _: _ParsedCOCO(checked)
        try:
            return super().load_data_list()
        finally:
            del self.COCOAPI

    def _check_images(self, coco: dict, class_ids: set) -> dict:
        """The images and annotations that pass the checks."""
        names = {cat['id']: cat['name'] for cat in coco['categories']}
        anns = {img['id']: [] for img in coco['images']}
        for ann in coco['annotations']:
            if ann['image_id'] not in anns:
                raise BadSampleError(self.ann_file, f'annotation {ann["id"]} '
                                     f'refers to image {ann["image_id"]}, which '
                                     'is not in "images"')
            anns[ann['image_id']].append(ann)
        bad = BadSamples(self.skip_bad_samples, type(self).__name__)
        entries = BadEntries(self.ann_file, 'annotations', self.strict)
        images, kept_anns, ignored = [], [], 0
        for img in coco['images']:
            with bad.guard():
                self._check_image(img)
                usable = self._usable_boxes(img, anns[img['id']], names,
                                            class_ids, entries)
                images.append(img)
                boxes = [a for a in usable if a['category_id'] in class_ids]
                kept_anns += boxes
                ignored += len(usable) - len(boxes)
        bad.log(len(coco['images']))
        entries.log(len(coco['annotations']))
        self.bad_samples, self.bad_entries = bad.errors, entries.problems
        if ignored:
            print_log(f'{self.ann_file}: ignored {ignored} boxes of categories '
                      'outside metainfo classes', logger='current')
        return dict(images=images, annotations=kept_anns)

    def _check_image(self, img: dict) -> None:
        """Raise :class:`BadSampleError` if the image cannot be used."""
        name = img['file_name']
        if not isinstance(name, str) or osp.isabs(name) \
                or '..' in name.replace('\\', '/').split('/'):
            raise BadSampleError(self.ann_file, f'image {img["id"]}: file_name '
                                 f'{name!r} points outside the image folder')
        path = osp.join(self.data_prefix.get('img', ''), name)
        size = check_image(path)
        if size != (img['width'], img['height']):
            raise BadSampleError(
                path, f'image is {size[0]}x{size[1]} but {self.ann_file} says '
                f'{img["width"]}x{img["height"]}')

    def _usable_boxes(self, img: dict, anns: list, names: dict,
                      class_ids: set, entries: 'BadEntries') -> list:
        """The annotations of ``img`` that can be used, boxes past the border
        clipped to it; the others are reported to ``entries``. A box of a
        category outside the class list makes the sample bad (raised)."""
        where = f'image {img["id"]} ({img["file_name"]})'
        usable = []
        for ann in anns:
            what = f'{where}: annotation {ann["id"]}'
            if ann['category_id'] in names and not self.classes_given \
                    and ann['category_id'] not in class_ids:
                raise BadSampleError(
                    f'{self.ann_file}: {what}', f'category '
                    f'{ann["category_id"]} "{names[ann["category_id"]]}" is '
                    'not in the class list')
            problem, box = box_problem(ann, img, names)
            if problem:
                entries.report(what, problem)
                if box is None:
                    continue
                ann = dict(ann, bbox=box, area=box[2] * box[3])
            usable.append(ann)
        return usable


def box_problem(ann: dict, img: dict, names: dict) -> tuple:
    """``(problem, box)`` of one annotation: ``('', bbox)`` if it is fine,
    ``(problem, None)`` if it cannot be used, ``(problem, clipped box)`` for
    a box that reaches past the image border by more than ``BOX_TOLERANCE``.
    The rules are mmdet's ``CocoDataset`` (boxes under 1 pixel, of no area,
    or outside the image are left out), said out loud."""
    if ann['category_id'] not in names:
        return f'category_id {ann["category_id"]} is not in "categories"', None
    bbox = ann['bbox']
    if (not isinstance(bbox, list) or len(bbox) != 4
            or not all(isinstance(v, (int, float)) for v in bbox)):
        return f'bbox {bbox} is not [x, y, w, h]', None
    if not all(math.isfinite(v) for v in bbox):
        return f'bbox {bbox} is not finite', None
    x, y, w, h = bbox
    if w < 1 or h < 1:
        return f'bbox {bbox} is under 1 pixel', None
    if ann.get('area', w * h) <= 0:
        return f'area {ann["area"]} (bbox {bbox})', None
    width, height = img['width'], img['height']
    if (x >= -BOX_TOLERANCE and y >= -BOX_TOLERANCE
            and x + w <= width + BOX_TOLERANCE
            and y + h <= height + BOX_TOLERANCE):
        return '', bbox
    x1, y1 = max(x, 0), max(y, 0)
    x2, y2 = min(x + w, width), min(y + h, height)
    if x2 - x1 < 1 or y2 - y1 < 1:
        return f'bbox {bbox} lies outside the {width}x{height} image', None
    return (f'bbox {bbox} reaches past the {width}x{height} image: clipped',
            [x1, y1, x2 - x1, y2 - y1])
