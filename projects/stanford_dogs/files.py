"""Readers for the files as distributed: ``lists/*.mat`` and the VOC XMLs."""
import os.path as osp
import xml.etree.ElementTree as ET
from typing import List, NamedTuple, Tuple

import numpy as np
from scipy.io import loadmat

from projects.core.bad_samples import BadSampleError, integer_label
from .breeds import FOLDERS

SPLITS = ('train', 'test')


class Entry(NamedTuple):
    """One line of a split list: image and annotation paths, 0-based label."""
    image: str  # relative to Images/
    annotation: str  # relative to Annotation/
    label: float  # as stored; check_entry makes sure it is a class


class VocBoxes(NamedTuple):
    """A parsed annotation: the size it states and its ``(name, box)`` pairs."""
    width: int
    height: int
    objects: List[Tuple[str, Tuple[float, float, float, float]]]


def _strings(cell) -> List[str]:
    """The strings of a MATLAB cell array as loadmat returns it."""
    return [str(np.asarray(item).ravel()[0]) for item in np.asarray(cell).ravel()]


def read_split(path: str) -> List[Entry]:
    """Read ``lists/train_list.mat`` or ``lists/test_list.mat``.

    The whole file is checked (fields, lengths); an entry whose label lies
    outside 1-120 or not a whole number is kept for :func:`check_entry`.
    """
    if not osp.isfile(path):
        raise BadSampleError(path, 'split file not found')
    try:
        mat = loadmat(path)
    except Exception as err:  # scipy raises ValueError, TypeError, MatReadError
        raise BadSampleError(path, f'not a readable MATLAB file ({err})') from err
    for field in ('file_list', 'annotation_list', 'labels'):
        if field not in mat:
            found = ', '.join(k for k in mat if not k.startswith('__'))
            raise BadSampleError(path, f'no "{field}" field (found: {found})')
    try:
        files = _strings(mat['file_list'])
        anns = _strings(mat['annotation_list'])
        labels = np.asarray(mat['labels'], dtype=np.float64).ravel()
    except (IndexError, TypeError, ValueError) as err:
        raise BadSampleError(path, f'malformed lists ({err})') from err
    if not len(files) == len(anns) == len(labels):
        raise BadSampleError(path, f'file_list ({len(files)}), annotation_list '
                             f'({len(anns)}) and labels ({len(labels)}) differ '
                             'in length')
    if not files:
        raise BadSampleError(path, 'empty split list')
    return [Entry(f, a, lbl - 1) for f, a, lbl in zip(files, anns, labels)]


def check_entry(path: str, index: int, entry: Entry) -> int:
    """The 0-based label of entry ``index`` of split file ``path``; raise if
    it is bad."""
    where = f'entry {index} ({entry.image})'
    folder = entry.image.split('/')[0]
    if folder not in FOLDERS:
        raise BadSampleError(path, f'{where}: folder "{folder}" is not one of '
                             'the 120 breeds')
    label = integer_label(entry.label + 1, path, where)
    if not 1 <= label <= len(FOLDERS):
        raise BadSampleError(path, f'{where}: label {label} is not in 1-120')
    if FOLDERS[label - 1] != folder:
        raise BadSampleError(path, f'{where}: label {label} is '
                             f'{FOLDERS[label - 1]}, not its folder')
    return label - 1


def _number(node, tag: str, path: str, where: str) -> float:
    text = node.findtext(tag)
    try:
        return float(text)
    except (TypeError, ValueError):
        raise BadSampleError(path, f'{where}<{tag}> is {text!r}, not a number')


def read_voc(path: str) -> VocBoxes:
    """Parse one ``Annotation/<wnid>-<breed>/<wnid>_<n>`` PASCAL VOC file."""
    if not osp.isfile(path):
        raise BadSampleError(path, 'annotation file not found')
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        raise BadSampleError(path, f'broken XML ({err})') from err
    size = root.find('size')
    if size is None:
        raise BadSampleError(path, 'no <size>')
    width = int(_number(size, 'width', path, '<size>'))
    height = int(_number(size, 'height', path, '<size>'))
    objects = []
    for i, obj in enumerate(root.findall('object')):
        name, box = obj.findtext('name'), obj.find('bndbox')
        if not name or box is None:
            raise BadSampleError(path, f'<object> {i} has no <name> or <bndbox>')
        objects.append((name.strip(), tuple(
            _number(box, tag, path, f'<object> {i} <bndbox>')
            for tag in ('xmin', 'ymin', 'xmax', 'ymax'))))
    if not objects:
        raise BadSampleError(path, 'no <object> boxes')
    return VocBoxes(width, height, objects)
