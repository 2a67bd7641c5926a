"""tools/analysis/confusion_matrix.py on a briefly trained toy classifier."""
import csv

import numpy as np

from projects.toy_shapes.dataset import SHAPES
from tests.test_datasets.utils import load_tool

tool = load_tool('tools/analysis/confusion_matrix.py')


def test_matrix_picture_and_per_class_accuracy(tmp_path, toy_classifier_checkpoint):
    matrix = tool.main(['configs/toy_classifier.py', toy_classifier_checkpoint,
                        '--work-dir', str(tmp_path / 'test'),
                        '--out-dir', str(tmp_path / 'out'),
                        '--cfg-options', 'test_dataloader.num_workers=0',
                        'test_dataloader.persistent_workers=False'])
    out = tmp_path / 'out'
    assert (out / 'confusion_matrix.png').stat().st_size > 10_000
    rows = list(csv.DictReader(open(out / 'per_class_accuracy.csv')))
    assert tuple(r['class'] for r in rows) == SHAPES
    for k, row in enumerate(rows):
        assert int(row['images']) == matrix[k].sum()
        if matrix[k].sum():
            assert float(row['accuracy']) == round(100 * matrix[k, k] / matrix[k].sum(), 2)
    counts = list(csv.reader(open(out / 'confusion_matrix.csv')))
    assert np.array([[int(v) for v in r[1:]] for r in counts[1:]]).tolist() == matrix.tolist()


def test_per_class_accuracy_of_a_known_matrix():
    matrix = np.array([[3, 1, 0], [0, 0, 0], [2, 0, 2]])
    accuracy = tool.per_class_accuracy(matrix)
    assert accuracy[0] == 75 and np.isnan(accuracy[1]) and accuracy[2] == 50


def test_detector_matrix_has_a_background_row_and_column(
        tmp_path, toy_detector_checkpoint):
    matrix = tool.main(['configs/toy_detector.py', toy_detector_checkpoint,
                        '--work-dir', str(tmp_path / 'test'),
                        '--out-dir', str(tmp_path / 'out'), '--score-thr', '0',
                        '--cfg-options', 'test_dataloader.num_workers=0',
                        'test_dataloader.persistent_workers=False',
                        'test_dataloader.dataset.num_samples=8'])
    out = tmp_path / 'out'
    assert (out / 'confusion_matrix.png').stat().st_size > 10_000
    assert matrix.shape == (len(SHAPES) + 1,) * 2
    rows = list(csv.DictReader(open(out / 'per_class_accuracy.csv')))
    assert tuple(r['class'] for r in rows) == SHAPES
    # each true box is found with its class or counted as missed
    from mmengine.config import Config

    from projects.core.registry import DATASETS
    cfg = Config.fromfile('configs/toy_detector.py').test_dataloader.dataset
    dataset = DATASETS.build(dict(cfg, num_samples=8))
    labels = [box['bbox_label'] for i in range(8)
              for box in dataset.get_data_info(i)['instances']]
    for k in range(len(SHAPES)):
        assert matrix[k, k] + matrix[k, -1] >= labels.count(k)
        assert int(rows[k]['boxes']) == matrix[k].sum()


def test_detection_counts_follow_mmdets_rule():
    from projects.coco.confusion import count_image
    matrix = np.zeros((3, 3), dtype=int)  # classes 0, 1 and background
    gt_boxes = np.array([[0, 0, 10, 10], [20, 20, 30, 30], [50, 50, 60, 60]],
                        dtype=float)
    gt_labels = np.array([0, 1, 1])
    boxes = np.array([[0, 0, 10, 10],     # class 0 on box 0: found
                      [20, 20, 30, 31],   # class 0 on box 1 (a class 1)
                      [80, 80, 90, 90],   # nothing there: background
                      [50, 50, 60, 60]], dtype=float)  # too low a score
    count_image(matrix, gt_boxes, gt_labels, boxes, np.array([0, 0, 1, 1]),
                np.array([0.9, 0.8, 0.7, 0.1]), score_thr=0.3, iou_thr=0.5)
    assert matrix.tolist() == [[1, 0, 0],    # true 0: found
                               [1, 0, 2],    # true 1: as 0 once; 2 missed
                               [0, 1, 0]]    # background: one class-1 box
