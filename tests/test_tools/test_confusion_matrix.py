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
