"""Tiny datasets in the real on-disk formats, written under a test's tmp_path."""
import bz2
import gzip
import json
import struct
from pathlib import Path

import cv2
import h5py
import numpy as np
from scipy.io import savemat

from projects.stanford_dogs import FOLDERS


def write_image(path: Path, width: int = 40, height: int = 30, seed: int = 0,
                ext: str = None) -> np.ndarray:
    """A random-noise BGR image, as JPEG or PNG by the path's suffix."""
    rng = np.random.default_rng(seed)
    img = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    ok, data = cv2.imencode(ext or path.suffix, img)
    assert ok
    path.write_bytes(data.tobytes())
    return img


def truncate(path: Path) -> None:
    """Cut a file in half, as an interrupted download leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def voc_xml(width: int, height: int, objects) -> str:
    """A Stanford Dogs style PASCAL VOC annotation."""
    parts = [f'<annotation><folder>x</folder><filename>x</filename>'
             f'<size><width>{width}</width><height>{height}</height>'
             '<depth>3</depth></size><segment>0</segment>']
    for name, (x1, y1, x2, y2) in objects:
        parts.append(f'<object><name>{name}</name><pose>Unspecified</pose>'
                     '<truncated>0</truncated><difficult>0</difficult>'
                     f'<bndbox><xmin>{x1}</xmin><ymin>{y1}</ymin>'
                     f'<xmax>{x2}</xmax><ymax>{y2}</ymax></bndbox></object>')
    return ''.join(parts) + '</annotation>'


def _cell(strings):
    cell = np.empty((len(strings), 1), dtype=object)
    for i, s in enumerate(strings):
        cell[i, 0] = s
    return cell


def write_split_mat(path: Path, entries) -> None:
    """``lists/*.mat``: entries are ``(image, annotation, 1-based label)``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    savemat(str(path), dict(
        file_list=_cell([e[0] for e in entries]),
        annotation_list=_cell([e[1] for e in entries]),
        labels=np.array([[e[2]] for e in entries], dtype=np.float64)))


def make_stanford_dogs(root: Path, breeds=(0, 1, 2), per_split=(2, 1),
                       size=(40, 30)) -> dict:
    """Images/, Annotation/ and lists/ for a few breeds (0-based indices).

    Each image has one box ``(4, 3, 30, 25)`` of its breed; the second image
    of each breed has a second box. Returns the entries of each split.
    """
    splits = dict(train=[], test=[])
    for label in breeds:
        folder = FOLDERS[label]
        wnid, name = folder.split('-', 1)
        for n in range(sum(per_split)):
            stem = f'{wnid}_{n + 1}'
            write_image(root / 'Images' / folder / f'{stem}.jpg', *size,
                        seed=label * 10 + n)
            objects = [(name, (4, 3, 30, 25))] + [(name, (1, 1, 10, 10))] * (n == 1)
            (root / 'Annotation' / folder).mkdir(parents=True, exist_ok=True)
            (root / 'Annotation' / folder / stem).write_text(
                voc_xml(*size, objects))
            split = 'train' if n < per_split[0] else 'test'
            splits[split].append((f'{folder}/{stem}.jpg', f'{folder}/{stem}',
                                  label + 1))
    for split, entries in splits.items():
        write_split_mat(root / 'lists' / f'{split}_list.mat', entries)
    return splits


AQUARIUM = ('fish', 'jellyfish', 'penguin', 'puffin', 'shark', 'starfish',
            'stingray')


def write_roboflow_split(folder: Path, images, categories=None) -> Path:
    """A Roboflow COCO export split: images and ``_annotations.coco.json``.

    ``images`` is a list of ``(file_name, width, height, [(cat_id, bbox)])``;
    the default categories are the Aquarium export's, with the "creatures"
    supercategory as id 0.
    """
    if categories is None:
        categories = [dict(id=0, name='creatures', supercategory='none')] + [
            dict(id=i + 1, name=n, supercategory='creatures')
            for i, n in enumerate(AQUARIUM)]
    coco = dict(info={}, licenses=[], categories=categories, images=[],
                annotations=[])
    for img_id, (name, width, height, boxes) in enumerate(images):
        write_image(folder / name, width, height, seed=img_id)
        coco['images'].append(dict(id=img_id, license=1, file_name=name,
                                   width=width, height=height))
        for cat_id, bbox in boxes:
            coco['annotations'].append(dict(
                id=len(coco['annotations']), image_id=img_id,
                category_id=cat_id, bbox=list(bbox), area=bbox[2] * bbox[3],
                segmentation=[], iscrowd=0))
    path = folder / '_annotations.coco.json'
    path.write_text(json.dumps(coco))
    return path


def make_aquarium(root: Path) -> None:
    """train/ (3 images), valid/ (1), test/ (1) in the Roboflow COCO layout."""
    write_roboflow_split(root / 'train', [
        ('a_jpg.rf.1.jpg', 64, 48, [(1, (2, 3, 20, 10)), (5, (30, 20, 30, 25))]),
        ('b_jpg.rf.2.jpg', 64, 48, [(7, (0, 0, 64, 48))]),
        ('c_jpg.rf.3.jpg', 64, 48, [(3, (10.5, 5.5, 8.25, 9.75))]),
    ])
    write_roboflow_split(root / 'valid', [
        ('d_jpg.rf.4.jpg', 64, 48, [(2, (5, 5, 10, 10))])])
    write_roboflow_split(root / 'test', [
        ('e_jpg.rf.5.jpg', 64, 48, [(4, (5, 5, 10, 10))])])


def export_categories(num_classes: int, project: str = 'things') -> list:
    """Roboflow's categories for ``num_classes`` classes ``c0``, ``c1``, ...:
    the project's supercategory (id 0) first."""
    return [dict(id=0, name=project, supercategory='none')] + [
        dict(id=i + 1, name=f'c{i}', supercategory=project)
        for i in range(num_classes)]


def make_export(folder: Path, num_classes: int, num_images: int = 4,
                prefix: str = 'img') -> Path:
    """``num_images`` 64x48 images and their ``_annotations.coco.json`` in
    ``folder``, two boxes each (classes in turn): a split of a Roboflow
    export, or with ``folder`` the root a flattened one."""
    return write_roboflow_split(folder, [
        (f'{prefix}{k}_jpg.rf.{k}.jpg', 64, 48,
         [(1 + (2 * k) % num_classes, (4, 4, 30, 30)),
          (1 + (2 * k + 1) % num_classes, (30, 10, 20, 30))])
        for k in range(num_images)], export_categories(num_classes))


def make_unpaired(root: Path, counts=dict(trainA=2, trainB=5, testA=1, testB=1),
                  size=24) -> None:
    """CycleGAN layout: trainA/ trainB/ testA/ testB/ with JPEGs."""
    for folder, count in counts.items():
        for i in range(count):
            write_image(root / folder / f'{folder}_{i}.jpg', size, size, seed=i)


def _idx(data: np.ndarray, magic: int) -> bytes:
    header = struct.pack('>I', magic) + b''.join(
        struct.pack('>I', d) for d in data.shape)
    return header + data.astype(np.uint8).tobytes()


def make_mnist(root: Path, split='t10k', n=5, seed=0):
    """MNIST IDX files, gzip-compressed: returns ``(images, labels)``."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = np.arange(n) % 10
    root.mkdir(parents=True, exist_ok=True)
    (root / f'{split}-images-idx3-ubyte.gz').write_bytes(
        gzip.compress(_idx(images, 2051)))
    (root / f'{split}-labels-idx1-ubyte.gz').write_bytes(
        gzip.compress(_idx(labels, 2049)))
    return images, labels


def make_mnist_m(root: Path, split='test', n=4):
    """``mnist_m_<split>/`` PNGs and ``mnist_m_<split>_labels.txt``."""
    labels = [(i * 3) % 10 for i in range(n)]
    images = [write_image(root / f'mnist_m_{split}' / f'{i:08d}.png', 32, 32,
                          seed=i) for i in range(n)]
    (root / f'mnist_m_{split}_labels.txt').write_text(
        ''.join(f'{i:08d}.png {lbl}\n' for i, lbl in enumerate(labels)))
    return images, labels


def make_usps_h5(root: Path, n=(4, 3), seed=0):
    """``usps.h5``: groups train/test with ``data`` (N, 256) and ``target``."""
    rng = np.random.default_rng(seed)
    out = {}
    root.mkdir(parents=True, exist_ok=True)
    with h5py.File(root / 'usps.h5', 'w') as f:
        for split, count in zip(('train', 'test'), n):
            data = rng.random((count, 256)).astype(np.float32)
            target = (np.arange(count) + 2) % 10
            group = f.create_group(split)
            group.create_dataset('data', data=data)
            group.create_dataset('target', data=target.astype(np.int32))
            out[split] = (data, target)
    return out


def make_usps_libsvm(root: Path, n=(3, 2), seed=0):
    """``usps.bz2`` / ``usps.t.bz2``: ``label idx:value`` with labels 1-10."""
    rng = np.random.default_rng(seed)
    out = {}
    root.mkdir(parents=True, exist_ok=True)
    for name, split, count in (('usps.bz2', 'train', n[0]),
                               ('usps.t.bz2', 'test', n[1])):
        data = rng.uniform(-1, 1, size=(count, 256))
        digits = (np.arange(count) + 7) % 10
        lines = [f'{d + 1} ' + ' '.join(f'{j + 1}:{v:.6f}' for j, v in
                                        enumerate(row)) + '\n'
                 for d, row in zip(digits, data)]
        (root / name).write_bytes(bz2.compress(''.join(lines).encode()))
        out[split] = (data, digits)
    return out


def make_svhn(root: Path, split='test', n=4, seed=0):
    """``<split>_32x32.mat``: X (32, 32, 3, N) RGB, y (N, 1) with 10 for 0."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, 32, 32, 3), dtype=np.uint8)
    digits = np.arange(n) % 10
    root.mkdir(parents=True, exist_ok=True)
    savemat(str(root / f'{split}_32x32.mat'), dict(
        X=images.transpose(1, 2, 3, 0),
        y=np.where(digits == 0, 10, digits).reshape(-1, 1).astype(np.uint8)))
    return images, digits
