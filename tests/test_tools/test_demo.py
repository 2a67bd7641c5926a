"""tools/demo.py draws a detector's boxes and a classifier's labels."""
import json

import cv2
import numpy as np

from projects.toy_shapes.dataset import SHAPES
from tests.test_datasets.utils import load_tool

demo = load_tool('tools/demo.py')


def write_images(folder, sizes):
    folder.mkdir()
    rng = np.random.default_rng(0)
    for k, (h, w) in enumerate(sizes):
        cv2.imwrite(str(folder / f'img{k}.png'),
                    rng.integers(0, 256, (h, w, 3), dtype=np.uint8))
    return folder


def test_detector_boxes_on_a_folder(tmp_path, toy_detector_checkpoint):
    images = write_images(tmp_path / 'images', [(64, 64), (50, 90)])
    results = demo.main(['configs/toy_detector.py', toy_detector_checkpoint,
                         str(images), '--out-dir', str(tmp_path / 'out'),
                         '--score-thr', '0',  # an untrained detector's scores
                         '--cfg-options', 'model.test_cfg.score_thr=0'])
    for name, (h, w) in (('img0.png', (64, 64)), ('img1.png', (50, 90))):
        drawn = cv2.imread(str(tmp_path / 'out' / name))
        assert drawn.shape == (h, w, 3)  # boxes in the image's own pixels
        boxes = np.array(results[name]['boxes'])
        assert len(boxes) and set(results[name]['labels']) <= set(SHAPES)
        assert (boxes[:, [0, 2]] <= w + 1).all() and (boxes[:, [1, 3]] <= h + 1).all()
    saved = json.loads((tmp_path / 'out/predictions.json').read_text())
    assert saved == results


def test_classifier_label_on_one_image(tmp_path, toy_classifier_checkpoint):
    images = write_images(tmp_path / 'images', [(32, 32)])
    results = demo.main(['configs/toy_classifier.py', toy_classifier_checkpoint,
                         str(images / 'img0.png'), '--out-dir', str(tmp_path / 'out')])
    assert results['img0.png']['label'] in SHAPES
    assert 0 < results['img0.png']['score'] <= 1
    assert (tmp_path / 'out/img0.png').is_file()


def test_classes_come_from_the_checkpoint(tmp_path, toy_classifier_checkpoint):
    # the checkpoint's meta.dataset_meta names the classes a model was trained
    # on; it comes before the config's (which a Roboflow export's lacks)
    import torch
    checkpoint = torch.load(toy_classifier_checkpoint, weights_only=True)
    names = ['w', 'x', 'y', 'z']
    checkpoint['meta']['dataset_meta'] = dict(classes=names)
    torch.save(checkpoint, tmp_path / 'renamed.pth')
    images = write_images(tmp_path / 'images', [(32, 32)])
    results = demo.main(['configs/toy_classifier.py', str(tmp_path / 'renamed.pth'),
                         str(images), '--out-dir', str(tmp_path / 'out')])
    assert results['img0.png']['label'] in names


def test_boxes_that_are_not_finite_are_left_out_with_a_warning():
    import pytest
    import torch
    from mmengine.structures import InstanceData
    from mmdet.structures import DetDataSample
    sample = DetDataSample()
    sample.pred_instances = InstanceData(
        bboxes=torch.tensor([[0., 0., 5., float('inf')], [1., 1., 4., 4.]]),
        scores=torch.tensor([0.5, 0.4]), labels=torch.tensor([0, 1]))
    with pytest.warns(UserWarning, match='1 of 2 predicted boxes are not finite'):
        kept = demo.finite_boxes(sample, 'a.png')
    assert kept.pred_instances.bboxes.tolist() == [[1., 1., 4., 4.]]
    assert json.dumps(demo.summary(kept, ['a', 'b']), allow_nan=False)
