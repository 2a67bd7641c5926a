"""Crop objects to an ImageNet-style folder tree, one class per folder.

Boxes come from a COCO JSON (ground truth) or, with ``--pred``, from the
predictions that ``tools/test.py --out`` dumped for a detector (kept above
``--score-thr``). Classes are those of the JSON, in the order the detection
datasets use (``projects.roboflow.roboflow_categories``). Writes::

    OUT_DIR/<split>/<class>/<image>_<id>_<k>.jpg
    OUT_DIR/meta/<split>.txt     "<class>/<file> <label>" per crop
    OUT_DIR/meta/classes.txt     one class name per line, label order
    OUT_DIR/meta/wnids.txt       their WordNet ids, when the JSON's categories
                                 carry a ``wnid`` (the Stanford Dogs converter)

which mmpretrain's ``CustomDataset`` and mmagic's ``ImageNet`` (conditional
GANs) read with ``data_root=OUT_DIR``, ``data_prefix='<split>'``,
``ann_file='meta/<split>.txt'`` and ``classes=OUT_DIR/meta/classes.txt``.
"""
import argparse
import os
import os.path as osp
import re
import sys
from collections import Counter
from math import ceil, floor

import cv2
import mmengine
import numpy as np
from tqdm import tqdm

from projects.coco import read_coco_json
from projects.core.bad_samples import BadSampleError
from projects.roboflow import roboflow_categories


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Crop ground-truth or predicted boxes into an '
        'ImageNet-style folder tree with an annotation file.')
    parser.add_argument('ann_file', help='COCO JSON: the classes, and the '
                        'boxes unless --pred is given')
    parser.add_argument('out_dir', help='output root')
    parser.add_argument('--img-dir', help='folder the JSON file names are '
                        'relative to (default: the JSON\'s folder)')
    parser.add_argument('--pred', help='predictions pickle from tools/test.py '
                        '--out, whose labels follow the JSON\'s classes')
    parser.add_argument('--score-thr', type=float, default=0.3,
                        help='keep predicted boxes with at least this score')
    parser.add_argument('--strategy', choices=['box', 'square'], default='box',
                        help='box: the exact box; square: the smallest square '
                        'holding the box, moved inside the image (padded only '
                        'when the image is smaller than the square)')
    parser.add_argument('--size', type=int, default=256,
                        help='side of the saved crops in pixels')
    parser.add_argument('--split', default='train',
                        help='name of the image folder and annotation file')
    return parser.parse_args(argv)


def folder_name(name: str) -> str:
    """A class name as a folder name without spaces or separators."""
    return re.sub(r'[^\w.-]+', '_', name).strip('_') or 'class'


def gt_boxes(coco: dict, img_dir: str, class_ids: dict):
    """``(img_path, img_id, [(x1, y1, x2, y2), label])`` per JSON image."""
    boxes = {img['id']: [] for img in coco['images']}
    for ann in coco['annotations']:
        if ann['category_id'] in class_ids and not ann.get('iscrowd', 0):
            x, y, w, h = ann['bbox']
            boxes[ann['image_id']].append(((x, y, x + w, y + h),
                                           class_ids[ann['category_id']]))
    for img in coco['images']:
        yield osp.join(img_dir, img['file_name']), img['id'], boxes[img['id']]


def pred_boxes(path: str, score_thr: float, num_classes: int):
    """The same from a ``tools/test.py --out`` pickle of a detector."""
    for pred in mmengine.load(path):
        inst = pred['pred_instances']
        keep = np.asarray(inst['scores']) >= score_thr
        labels = np.asarray(inst['labels'])[keep]
        if (labels >= num_classes).any():
            raise ValueError(f'{path}: {pred["img_path"]}: label '
                             f'{labels.max()} is not one of the {num_classes} '
                             'classes of the JSON')
        yield pred['img_path'], pred.get('img_id', 0), [
            (tuple(box), int(label)) for box, label in
            zip(np.asarray(inst['bboxes'])[keep].tolist(), labels)]


def square_region(box, width: int, height: int):
    """``(x, y, side)`` of the smallest square holding the integer ``box``:
    moved inside the image where it fits, else centred on the image (the
    part outside is padded).
    """
    x1, y1, x2, y2 = box
    side = max(x2 - x1, y2 - y1)

    def start(low, high, size):
        if side > size:
            return (size - side) // 2
        return min(max((low + high - side) // 2, 0), size - side)

    return start(x1, x2, width), start(y1, y2, height), side


def crop(img: np.ndarray, box, strategy: str):
    """The crop of ``box`` (x1, y1, x2, y2), or None if it misses the image."""
    height, width = img.shape[:2]
    x1, y1 = max(floor(box[0]), 0), max(floor(box[1]), 0)
    x2, y2 = min(ceil(box[2]), width), min(ceil(box[3]), height)
    if x2 <= x1 or y2 <= y1:
        return None
    if strategy == 'box':
        return img[y1:y2, x1:x2]
    x, y, side = square_region((x1, y1, x2, y2), width, height)
    pads = (max(0, -y), max(0, y + side - height),
            max(0, -x), max(0, x + side - width))
    if any(pads):
        img = cv2.copyMakeBorder(img, *pads, cv2.BORDER_CONSTANT, value=0)
        x, y = x + pads[2], y + pads[0]
    return img[y:y + side, x:x + side]


def save_crops(images, args, folders):
    """Crop, resize and save every box; ``(annotation lines, problems)``."""
    lines, problems = [], 0
    for img_path, img_id, boxes in tqdm(images, desc='cropping'):
        img = cv2.imread(img_path, cv2.IMREAD_COLOR) if boxes else None
        if boxes and img is None:
            tqdm.write(f'warning: {img_path}: image not found or unreadable; '
                       f'its {len(boxes)} boxes are skipped')
            problems += 1
            continue
        stem = osp.splitext(osp.basename(img_path))[0]
        for k, (box, label) in enumerate(boxes):
            patch = crop(img, box, args.strategy)
            if patch is None:
                tqdm.write(f'warning: {img_path}: box {k} {box} lies outside '
                           'the image; skipped')
                problems += 1
                continue
            shrink = patch.shape[0] > args.size
            patch = cv2.resize(patch, (args.size, args.size),
                               interpolation=cv2.INTER_AREA if shrink
                               else cv2.INTER_LINEAR)
            name = f'{folders[label]}/{stem}_{img_id}_{k}.jpg'
            cv2.imwrite(osp.join(args.out_dir, args.split, name), patch)
            lines.append((name, label))
    return lines, problems


def main(argv=None) -> None:
    args = parse_args(argv)
    try:
        coco = read_coco_json(args.ann_file)
    except BadSampleError as err:
        sys.exit(f'error: {err}')
    categories = roboflow_categories(coco)
    classes = [cat['name'] for cat in categories]
    folders = [folder_name(name) for name in classes]
    if args.pred:
        images = list(pred_boxes(args.pred, args.score_thr, len(classes)))
    else:
        class_ids = {cat['id']: label for label, cat in enumerate(categories)}
        images = list(gt_boxes(coco, args.img_dir or osp.dirname(args.ann_file),
                               class_ids))
    for folder in ['meta'] + [osp.join(args.split, f) for f in folders]:
        os.makedirs(osp.join(args.out_dir, folder), exist_ok=True)
    lines, problems = save_crops(images, args, folders)
    with open(osp.join(args.out_dir, 'meta', f'{args.split}.txt'), 'w') as f:
        f.writelines(f'{name} {label}\n' for name, label in lines)
    with open(osp.join(args.out_dir, 'meta', 'classes.txt'), 'w') as f:
        f.writelines(f'{name}\n' for name in classes)
    if all('wnid' in cat for cat in categories):
        with open(osp.join(args.out_dir, 'meta', 'wnids.txt'), 'w') as f:
            f.writelines(f'{cat["wnid"]}\n' for cat in categories)
    counts = Counter(label for _, label in lines)
    print(f'Summary: {len(lines)} crops of {len(images)} images '
          f'({args.strategy}, {args.size} px) in '
          f'{osp.join(args.out_dir, args.split)}; '
          f'{problems} problems (listed above)')
    for label, count in sorted(counts.items()):
        print(f'  {classes[label]}: {count}')
    print(f'  ({len(classes) - len(counts)} of {len(classes)} classes have no '
          'crops)')


if __name__ == '__main__':
    main()
