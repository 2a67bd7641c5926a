"""Where each split of a Roboflow COCO export is, whatever its layout.

Layouts read (``data_root`` is the export's folder):

- ``train/``, ``valid/``, ``test/``, each with its images and
  ``_annotations.coco.json`` (Roboflow's "COCO" download);
- ``annotations/instances_<split>.json`` with the images in ``<split>/``
  (the layout mmdet's COCO configs read);
- one annotation file for everything: ``_annotations.coco.json`` beside the
  images (a flattened export), or a ``train/`` folder alone. It is split
  reproducibly into train and valid (:func:`split_images`); the test set is
  the valid part.

A split missing from a split export is replaced by the other evaluation
split (no ``test/``: the test set is ``valid/``), with a log line.
"""
import hashlib
import os.path as osp
from typing import NamedTuple, Optional

from mmengine.logging import print_log

from projects.core.bad_samples import BadSampleError

ANN = '_annotations.coco.json'
NAMES = dict(train=('train', ), valid=('valid', 'val'), test=('test', ))


class Split(NamedTuple):
    ann_file: str  # relative to data_root
    img_dir: str  # relative to data_root
    part: Optional[str] = None  # 'train' or 'valid' of a file to split


def _split_files(data_root: str) -> dict:
    """``{split: (ann_file, img_dir)}`` of the split folders present."""
    found = {}
    for split, names in NAMES.items():
        for name in names:
            for ann in (f'{name}/{ANN}', f'annotations/instances_{name}.json'):
                if osp.isfile(osp.join(data_root, ann)):
                    found.setdefault(split, (ann, f'{name}/'))
    return found


def find_split(data_root: str, split: str) -> Split:
    """The annotation file, image folder and part of the file that hold
    ``split`` (``train``, ``valid`` or ``test``) of the export in
    ``data_root``; :class:`BadSampleError` if there is no export there."""
    if split not in NAMES:
        raise ValueError(f'split={split!r}: expected one of {", ".join(NAMES)}')
    found = _split_files(data_root)
    part = 'train' if split == 'train' else 'valid'
    if set(found) == {'train'}:  # a train/ folder alone
        return Split(*found['train'], part)
    if found:
        if split in found:
            return Split(*found[split])
        other = {'test': 'valid', 'valid': 'test'}.get(split)
        if other in found:
            print_log(f'{data_root}: no {split} split; {found[other][1]} '
                      f'is the {split} set too', logger='current')
            return Split(*found[other])
        raise BadSampleError(data_root, f'no {split} split (found '
                             f'{", ".join(f[0] for f in found.values())})')
    if osp.isfile(osp.join(data_root, ANN)):
        return Split(ANN, '', part)
    raise BadSampleError(
        data_root, f'no Roboflow COCO export here: expected train/, valid/ '
        f'and test/ folders with {ANN}, annotations/instances_{split}.json, '
        f'or one {ANN} for all images')


def split_images(coco: dict, part: str, val_fraction: float,
                 ann_file: str) -> dict:
    """The ``part`` (``train`` or ``valid``) of a COCO dict with every image.

    The images are ordered by the MD5 of their ``file_name`` and the first
    ``round(val_fraction * n)`` (at least 1) are the valid part: the same
    file always gives the same split, on every machine.
    """
    images = sorted(coco['images'], key=lambda img: hashlib.md5(
        str(img['file_name']).encode()).hexdigest())
    if len(images) < 2:
        raise BadSampleError(ann_file, f'{len(images)} image(s): too few to split '
                             'into train and valid')
    num_valid = min(max(1, round(val_fraction * len(images))), len(images) - 1)
    chosen = images[:num_valid] if part == 'valid' else images[num_valid:]
    print_log(f'{ann_file}: one annotation file for the whole export, split '
              f'reproducibly (by file name, val_fraction={val_fraction}) into '
              f'{len(images) - num_valid} train and {num_valid} valid images; '
              f'the test set is the valid part. This dataset: {part}',
              logger='current')
    ids = {img['id'] for img in chosen}
    others = {img['id'] for img in images} - ids
    return dict(coco, images=[img for img in coco['images'] if img['id'] in ids],
                annotations=[ann for ann in coco['annotations']
                             if ann['image_id'] not in others])
