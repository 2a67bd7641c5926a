"""tools/demo.py draws a detector's boxes and a classifier's labels."""
import json

import cv2
import numpy as np

from projects.toy_shapes.dataset import SHAPES
from tests.test_datasets.utils import load_tool, train_briefly

demo = load_tool('tools/demo.py')
BRIEF = {'train_cfg.max_iters': 2, 'train_cfg.val_interval': 2,
         'default_hooks.checkpoint.interval': 2,
         'train_dataloader.batch_size': 4}


def write_images(folder, sizes):
    folder.mkdir()
    rng = np.random.default_rng(0)
    for k, (h, w) in enumerate(sizes):
        cv2.imwrite(str(folder / f'img{k}.png'),
                    rng.integers(0, 256, (h, w, 3), dtype=np.uint8))
    return folder


def test_detector_boxes_on_a_folder(tmp_path):
    train_briefly('configs/toy_detector.py', tmp_path / 'run', BRIEF)
    images = write_images(tmp_path / 'images', [(64, 64), (50, 90)])
    results = demo.main(['configs/toy_detector.py', str(tmp_path / 'run/iter_2.pth'),
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


def test_classifier_label_on_one_image(tmp_path):
    train_briefly('configs/toy_classifier.py', tmp_path / 'run', BRIEF)
    images = write_images(tmp_path / 'images', [(32, 32)])
    results = demo.main(['configs/toy_classifier.py', str(tmp_path / 'run/iter_2.pth'),
                         str(images / 'img0.png'), '--out-dir', str(tmp_path / 'out')])
    assert results['img0.png']['label'] in SHAPES
    assert 0 < results['img0.png']['score'] <= 1
    assert (tmp_path / 'out/img0.png').is_file()
