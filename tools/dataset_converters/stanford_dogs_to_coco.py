"""Convert Stanford Dogs (Annotation/ VOC XMLs, lists/*.mat) to COCO JSON.

Writes ``<out-dir>/train.json`` and ``<out-dir>/test.json`` for
``StanfordDogsDetDataset`` (``data_prefix=dict(img='Images/')``), with
sahi's COCO classes. Every problem is printed with its file: a broken XML,
a missing or unreadable image, an XML size that disagrees with the image, a
box outside the image (clipped; dropped if nothing is left), an object name
that is not a breed. Without ``--strict`` the rest is converted and a
summary ends the run; with it, the first problem stops the run (exit 1).
"""
import argparse
import os.path as osp
import sys
from collections import Counter
from contextlib import ExitStack

from sahi.utils.coco import Coco, CocoAnnotation, CocoCategory, CocoImage
from sahi.utils.file import save_json
from tqdm import tqdm

from projects.core.bad_samples import BadSampleError, check_image
from projects.core.files import written_whole
from projects.stanford_dogs import (BREEDS, WNIDS, XML_NAMES, read_split,
                                    read_voc)
from projects.stanford_dogs.files import SPLITS, check_entry


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Convert Stanford Dogs boxes to COCO JSON (one file per '
        'official split).')
    parser.add_argument('data_root', help='folder with Images/, Annotation/ '
                        'and lists/')
    parser.add_argument('--out-dir', help='where train.json and test.json go '
                        '(default: <data_root>/annotations)')
    parser.add_argument('--strict', action='store_true',
                        help='stop at the first problem instead of reporting '
                        'it and going on')
    return parser.parse_args(argv)


class Problems:
    """Print each problem with its file; count them by kind."""

    def __init__(self, strict: bool):
        self.strict, self.kinds = strict, Counter()

    def report(self, kind: str, path: str, problem: str, action: str) -> None:
        """Stop (``--strict``) or print the problem and what is done about it."""
        if self.strict:
            sys.exit(f'error: {path}: {problem} (--strict)')
        self.kinds[kind] += 1
        tqdm.write(f'warning: {path}: {problem}; {action}')


def clip_box(box, width, height):
    """``box`` (x1, y1, x2, y2) inside the image, or None if nothing is left."""
    x1, y1, x2, y2 = box
    clipped = (max(x1, 0), max(y1, 0), min(x2, width), min(y2, height))
    if clipped[2] <= clipped[0] or clipped[3] <= clipped[1]:
        return None
    return clipped


def convert_image(root: str, entry, problems: Problems):
    """The CocoImage of one split entry, or None if it cannot be used."""
    xml_path = osp.join(root, 'Annotation', entry.annotation)
    img_path = osp.join(root, 'Images', entry.image)
    try:
        voc = read_voc(xml_path)
    except BadSampleError as err:
        problems.report('broken annotation', err.path, err.problem,
                        'image skipped')
        return None
    try:
        width, height = check_image(img_path)
    except BadSampleError as err:
        problems.report('bad image', err.path, err.problem, 'image skipped')
        return None
    if (voc.width, voc.height) != (width, height):
        problems.report('size mismatch', xml_path,
                        f'<size> is {voc.width}x{voc.height} but {img_path} is '
                        f'{width}x{height}', 'boxes clipped to the image')
    image = CocoImage(file_name=entry.image, height=height, width=width)
    for i, (name, box) in enumerate(voc.objects):
        if name not in XML_NAMES:
            problems.report('unknown breed', xml_path,
                            f'<object> {i}: "{name}" is not one of the 120 '
                            'breeds', 'box skipped')
            continue
        clipped = clip_box(box, width, height)
        if clipped != box:
            problems.report('box outside image', xml_path,
                            f'<object> {i}: box {box} is outside the '
                            f'{width}x{height} image', 'box clipped' if clipped
                            else 'box dropped: nothing is left inside')
        if clipped is None:
            continue
        x1, y1, x2, y2 = clipped
        label = XML_NAMES.index(name)
        image.add_annotation(CocoAnnotation.from_coco_bbox(
            [x1, y1, x2 - x1, y2 - y1], label + 1, BREEDS[label]))
    return image


def convert_split(root: str, split: str, problems: Problems) -> Coco:
    """One split as a sahi ``Coco`` with the 120 breeds as categories 1-120."""
    coco = Coco(name=f'stanford_dogs_{split}')
    for label, name in enumerate(BREEDS):
        coco.add_category(CocoCategory(id=label + 1, name=name,
                                       supercategory='dog'))
    list_path = osp.join(root, 'lists', f'{split}_list.mat')
    for index, entry in enumerate(tqdm(read_split(list_path), desc=split)):
        try:
            check_entry(list_path, index, entry)
        except BadSampleError as err:
            problems.report('bad list entry', err.path, err.problem,
                            'entry skipped')
            continue
        image = convert_image(root, entry, problems)
        if image is not None:
            coco.add_image(image)
    return coco


def with_wnids(coco: dict) -> dict:
    """``coco`` with each breed's WordNet id as its category's ``wnid`` (an
    extra COCO field, which mmdet ignores and tools/crop_boxes.py keeps)."""
    for category in coco['categories']:
        category['wnid'] = WNIDS[category['id'] - 1]
    return coco


def missing_inputs(root: str) -> list:
    """The folders and split lists of the download that are not there."""
    needed = [osp.join(root, 'Images'), osp.join(root, 'Annotation')]
    needed += [osp.join(root, 'lists', f'{split}_list.mat') for split in SPLITS]
    return [path for path in needed if not osp.exists(path)]


def main(argv=None) -> None:
    args = parse_args(argv)
    out_dir = args.out_dir or osp.join(args.data_root, 'annotations')
    missing = missing_inputs(args.data_root)
    if missing:
        sys.exit('error: not a Stanford Dogs download (Images/, Annotation/ and '
                 'lists/ from the official archives); missing: '
                 + ', '.join(missing))
    problems = Problems(args.strict)
    converted = {}
    for split in SPLITS:  # everything is checked before anything is written
        try:
            converted[split] = convert_split(args.data_root, split, problems)
        except BadSampleError as err:  # an unreadable split list
            sys.exit(f'error: {err}')
        if not converted[split].images:
            sys.exit(f'error: no usable image in the {split} split (problems '
                     'listed above); nothing written')
    paths = {split: osp.join(out_dir, f'{split}.json') for split in converted}
    with ExitStack() as moves:  # every file whole before any is moved
        for split, coco in converted.items():
            if osp.exists(paths[split]):
                print(f'{paths[split]} exists: it will be replaced')
            partial = moves.enter_context(written_whole(paths[split]))
            save_json(with_wnids(coco.json), partial)
    written = []
    for split, coco in converted.items():
        boxes = sum(len(image.annotations) for image in coco.images)
        written.append(f'  {paths[split]}: {len(coco.images)} images, '
                       f'{boxes} boxes')
    print('Summary:\n' + '\n'.join(written))
    if problems.kinds:
        kinds = ', '.join(f'{n} {kind}' for kind, n in problems.kinds.items())
        print(f'  {sum(problems.kinds.values())} problems (listed above): '
              f'{kinds}')
    else:
        print('  no problems found')


if __name__ == '__main__':
    main()
