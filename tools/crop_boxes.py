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
import sys
from collections import Counter
from math import ceil, floor, isfinite

import cv2
import numpy as np
from tqdm import tqdm

from projects.coco import read_coco_json
from projects.core.bad_samples import BadSampleError, check_image
from projects.core.files import folder_name, written_whole
from projects.core.safe_pickle import load_pickle
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


def _pred_fields(path: str, index: int, pred) -> tuple:
    """``(img_path, img_id, bboxes (N, 4), scores (N,), labels (N,))`` of one
    prediction, or ``ValueError`` saying what is missing."""
    where = f'{path}: prediction {index}'
    if not isinstance(pred, dict) or not isinstance(pred.get('img_path'), str) \
            or not isinstance(pred.get('pred_instances'), dict):
        raise ValueError(f'{where}: expected a dict with "img_path" and '
                         '"pred_instances" (a detector\'s tools/test.py --out '
                         f'file), found {type(pred).__name__}')
    inst = pred['pred_instances']
    try:
        bboxes = np.asarray(inst['bboxes'], dtype=np.float64).reshape(-1, 4)
        scores = np.asarray(inst['scores'], dtype=np.float64).ravel()
        labels = np.asarray(inst['labels']).ravel()
    except (KeyError, ValueError, TypeError) as err:
        raise ValueError(f'{where}: pred_instances needs "bboxes" (N x 4), '
                         f'"scores" and "labels" ({err})') from None
    if not len(bboxes) == len(scores) == len(labels):
        raise ValueError(f'{where}: {len(bboxes)} bboxes, {len(scores)} '
                         f'scores and {len(labels)} labels')
    return pred['img_path'], pred.get('img_id', index), bboxes, scores, labels


def pred_boxes(path: str, score_thr: float, num_classes: int):
    """The same from a ``tools/test.py --out`` pickle of a detector (read
    without running code: :func:`projects.core.safe_pickle.load_pickle`)."""
    preds = load_pickle(path)
    if not isinstance(preds, list):
        raise ValueError(f'{path}: expected a list of predictions, found '
                         f'{type(preds).__name__}')
    for index, pred in enumerate(preds):
        img_path, img_id, bboxes, scores, labels = _pred_fields(path, index,
                                                                pred)
        keep = scores >= score_thr
        labels = labels[keep]
        if len(labels) and (labels.min() < 0 or labels.max() >= num_classes):
            raise ValueError(f'{path}: {img_path}: label {labels.max()} is '
                             f'not one of the {num_classes} classes of the '
                             'JSON')
        yield img_path, img_id, [(tuple(box), int(label)) for box, label in
                                 zip(bboxes[keep].tolist(), labels)]


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
    """Crop, resize and save every box; ``(annotation lines, problems)``.

    An image that is missing, unreadable or truncated, and a box that is not
    finite or misses the image, is reported and skipped: never an empty or
    half-grey crop.
    """
    lines, problems = [], 0

    def skip(what: str) -> None:
        nonlocal problems
        tqdm.write(f'warning: {what}; skipped')
        problems += 1

    for img_path, img_id, boxes in tqdm(images, desc='cropping'):
        if not boxes:
            continue
        try:
            check_image(img_path)
        except BadSampleError as err:
            skip(f'{err} (its {len(boxes)} boxes)')
            continue
        img = cv2.imread(img_path, cv2.IMREAD_COLOR)
        if img is None:
            skip(f'{img_path}: not decodable (its {len(boxes)} boxes)')
            continue
        stem = osp.splitext(osp.basename(img_path))[0]
        for k, (box, label) in enumerate(boxes):
            if not all(isfinite(v) for v in box):
                skip(f'{img_path}: box {k} {box} is not finite')
                continue
            patch = crop(img, box, args.strategy)
            if patch is None:
                skip(f'{img_path}: box {k} {box} lies outside the image')
                continue
            shrink = patch.shape[0] > args.size
            patch = cv2.resize(patch, (args.size, args.size),
                               interpolation=cv2.INTER_AREA if shrink
                               else cv2.INTER_LINEAR)
            name = f'{folders[label]}/{stem}_{img_id}_{k}.jpg'
            cv2.imwrite(osp.join(args.out_dir, args.split, name), patch)
            lines.append((name, label))
    return lines, problems


def write_lines(path: str, lines) -> None:
    """Write ``path`` whole (a temporary name, then moved into place)."""
    with written_whole(path) as partial, open(partial, 'w') as f:
        f.writelines(f'{line}\n' for line in lines)


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
        try:
            images = list(pred_boxes(args.pred, args.score_thr, len(classes)))
        except ValueError as err:
            sys.exit(f'error: {err}')
    else:
        class_ids = {cat['id']: label for label, cat in enumerate(categories)}
        images = list(gt_boxes(coco, args.img_dir or osp.dirname(args.ann_file),
                               class_ids))
    for folder in ['meta'] + [osp.join(args.split, f) for f in folders]:
        os.makedirs(osp.join(args.out_dir, folder), exist_ok=True)
    meta = osp.join(args.out_dir, 'meta', f'{args.split}.txt')
    if osp.exists(meta):  # an interrupted run must not leave the old list
        print(f'{meta} exists: replacing the split "{args.split}" of an '
              'earlier run (its list is removed until the new one is complete)')
        os.remove(meta)
    lines, problems = save_crops(images, args, folders)
    write_lines(osp.join(args.out_dir, 'meta', 'classes.txt'), classes)
    if all('wnid' in cat for cat in categories):
        write_lines(osp.join(args.out_dir, 'meta', 'wnids.txt'),
                    [cat['wnid'] for cat in categories])
    write_lines(meta, [f'{name} {label}' for name, label in lines])
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
