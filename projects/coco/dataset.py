"""mmdet's ``CocoDataset`` with the COCO JSON and its images checked first,
shared by the Stanford Dogs and Roboflow detection datasets."""
import json
import math
import os.path as osp
from typing import List

from mmdet.datasets import CocoDataset
from mmdet.datasets.api_wrappers import COCO
from mmengine.logging import print_log

from projects.core.bad_samples import BadSampleError, BadSamples, check_image

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
    silently or reports without the file: unreadable JSON, missing fields,
    classes that the file lacks, missing or corrupt images, images whose size
    differs from the JSON, boxes under 1 px or outside the image (more than
    ``BOX_TOLERANCE``), and boxes of categories outside the class list (unless
    ``metainfo`` names the classes: then they are ignored, as mmdet does, and
    counted in the log). A bad image is the sample that is raised or skipped.
    Subclasses choose the categories that are classes in
    :meth:`categories_of`; mmdet then sees only those, so its lookup by name
    cannot pick another category of the same name.

    Args:
        skip_bad_samples (bool): Skip bad images instead of raising.
        **kwargs: mmdet ``CocoDataset`` arguments.
    """

    METAINFO = dict()

    def __init__(self, *args, skip_bad_samples: bool = False, **kwargs):
        self.skip_bad_samples = skip_bad_samples
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

    def load_data_list(self) -> list:
        coco = read_coco_json(self.ann_file)
        kept = self.categories_of(coco)
        classes = tuple(cat['name'] for cat in kept)
        if len(set(classes)) != len(classes):
            raise BadSampleError(self.ann_file, 'class names are not unique: '
                                 f'{", ".join(classes)}')
        self._metainfo['classes'] = classes
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
        images, kept_anns, ignored = [], [], 0
        for img in coco['images']:
            with bad.guard():
                own = anns[img['id']]
                self._check_image(img, own, names, class_ids)
                images.append(img)
                boxes = [a for a in own if a['category_id'] in class_ids]
                kept_anns += boxes
                ignored += len(own) - len(boxes)
        bad.log(len(coco['images']))
        self.bad_samples = bad.errors
        if ignored:
            print_log(f'{self.ann_file}: ignored {ignored} boxes of categories '
                      'outside metainfo classes', logger='current')
        return dict(images=images, annotations=kept_anns)

    def _check_image(self, img: dict, anns: list, names: dict,
                     class_ids: set) -> None:
        """Raise :class:`BadSampleError` if the image or a box is bad."""
        path = osp.join(self.data_prefix.get('img', ''), img['file_name'])
        size = check_image(path)
        if size != (img['width'], img['height']):
            raise BadSampleError(
                path, f'image is {size[0]}x{size[1]} but {self.ann_file} says '
                f'{img["width"]}x{img["height"]}')
        where = f'{self.ann_file}: image {img["id"]} ({img["file_name"]})'
        for ann in anns:
            what = f'{where}: annotation {ann["id"]}'
            if ann['category_id'] not in names:
                raise BadSampleError(what, f'category_id {ann["category_id"]} '
                                     'is not in "categories"')
            if not self.classes_given and ann['category_id'] not in class_ids:
                raise BadSampleError(what, f'category {ann["category_id"]} '
                                     f'"{names[ann["category_id"]]}" is not in '
                                     'the class list')
            bbox = ann['bbox']
            if (not isinstance(bbox, list) or len(bbox) != 4
                    or not all(isinstance(v, (int, float)) for v in bbox)):
                raise BadSampleError(what, f'bbox {bbox} is not [x, y, w, h]')
            x, y, w, h = bbox
            if not all(math.isfinite(v) for v in bbox):
                raise BadSampleError(what, f'bbox {bbox} is not finite')
            if w < 1 or h < 1:
                raise BadSampleError(what, f'bbox {bbox} is under 1 pixel')
            if (x < -BOX_TOLERANCE or y < -BOX_TOLERANCE
                    or x + w > img['width'] + BOX_TOLERANCE
                    or y + h > img['height'] + BOX_TOLERANCE):
                raise BadSampleError(what, f'bbox {bbox} lies outside the '
                                     f'{img["width"]}x{img["height"]} image')
