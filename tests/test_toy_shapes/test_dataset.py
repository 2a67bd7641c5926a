"""The embedded default dataset: deterministic, correct labels and boxes."""
import os

import cv2
import numpy as np
import pytest
from mmengine.dataset import Compose

from projects.toy_shapes import SHAPES, ToyShapesDataset, render_scene
from projects.core.utils import register_all_modules

register_all_modules()


def test_same_seed_same_images_other_seed_other_images():
    a = ToyShapesDataset(num_samples=4, img_size=32, seed=3)
    b = ToyShapesDataset(num_samples=4, img_size=32, seed=3)
    c = ToyShapesDataset(num_samples=4, img_size=32, seed=4)
    for i in range(4):
        assert np.array_equal(a[i]['img'], b[i]['img'])
        assert not np.array_equal(a[i]['img'], c[i]['img'])


def test_sample_depends_only_on_seed_and_index():
    small = ToyShapesDataset(num_samples=2, img_size=32, seed=7)
    large = ToyShapesDataset(num_samples=50, img_size=32, seed=7)
    assert np.array_equal(small[1]['img'], large[1]['img'])


def test_boxes_are_tight_around_the_shape_pixels():
    img, bboxes, labels = render_scene(seed=0, index=5, img_size=48)
    assert img.shape == (48, 48, 3) and img.dtype == np.uint8
    assert len(bboxes) == len(labels) == 1
    x1, y1, x2, y2 = bboxes[0].astype(int)
    # The shape colour fills the box's border rows/columns somewhere.
    colour = img[(y1 + y2) // 2, (x1 + x2) // 2]
    mask = np.all(img == colour, axis=-1)
    ys, xs = np.nonzero(mask)
    assert (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1) == (x1, y1, x2, y2)


def test_detection_scenes_keep_visible_shapes_inside_the_image():
    ds = ToyShapesDataset(num_samples=30, img_size=64, max_shapes=3, seed=1,
                          min_frac=0.2, max_frac=0.5)
    counts = [len(ds[i]['instances']) for i in range(len(ds))]
    assert max(counts) > 1 and min(counts) >= 1
    for i in range(len(ds)):
        info = ds[i]
        assert info['gt_label'] == info['instances'][0]['bbox_label']
        for inst in info['instances']:
            x1, y1, x2, y2 = inst['bbox']
            assert 0 <= x1 < x2 <= 64 and 0 <= y1 < y2 <= 64
            assert 0 <= inst['bbox_label'] < len(SHAPES)


def test_all_classes_appear_and_metainfo_names_them():
    ds = ToyShapesDataset(num_samples=100, img_size=16)
    assert ds.metainfo['classes'] == SHAPES
    assert {ds[i]['gt_label'] for i in range(len(ds))} == set(range(len(SHAPES)))


def test_feeds_mmpretrain_and_mmdet_pipelines():
    ds = ToyShapesDataset(num_samples=2, img_size=32, max_shapes=3)
    cls = Compose([dict(type='mmpretrain.PackInputs')])(ds[0])
    assert tuple(cls['inputs'].shape) == (3, 32, 32)
    assert cls['data_samples'].gt_label.item() == ds[0]['gt_label']
    det = Compose([
        dict(type='mmdet.LoadAnnotations', with_bbox=True),
        dict(type='mmdet.Resize', scale=(64, 64), keep_ratio=True),
        dict(type='mmdet.PackDetInputs'),
    ])(ds[0])
    boxes = det['data_samples'].gt_instances.bboxes.tensor.numpy()
    expected = np.array([inst['bbox'] for inst in ds[0]['instances']]) * 2
    assert np.allclose(boxes, expected)


@pytest.mark.parametrize('kwargs', [dict(num_samples=0), dict(img_size=4),
                                    dict(max_shapes=0)])
def test_bad_arguments_are_named(kwargs):
    with pytest.raises(ValueError, match=list(kwargs)[0]):
        ToyShapesDataset(**kwargs)


def test_data_root_writes_readable_pngs_once(tmp_path):
    ds = ToyShapesDataset(num_samples=3, img_size=16, data_root=str(tmp_path))
    for i in range(3):
        path = ds[i]['img_path']
        assert path.startswith(str(tmp_path))
        assert np.array_equal(cv2.imread(path), ds[i]['img'])
    mtime = os.path.getmtime(ds[0]['img_path'])
    ToyShapesDataset(num_samples=3, img_size=16, data_root=str(tmp_path))
    assert os.path.getmtime(ds[0]['img_path']) == mtime
