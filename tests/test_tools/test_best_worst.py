"""tools/analysis/best_worst.py on briefly trained toy models."""
import csv

import pytest
import torch
from mmengine.structures import InstanceData

from tests.test_datasets.utils import load_tool

tool = load_tool('tools/analysis/best_worst.py')
SMALL = ['--cfg-options', 'test_dataloader.dataset.num_samples=6']


@pytest.mark.parametrize('config, fixture', [
    ('toy_classifier', 'toy_classifier_checkpoint'),
    ('toy_detector', 'toy_detector_checkpoint')])
def test_best_and_worst_pictures_follow_the_scores(tmp_path, request, config,
                                                   fixture):
    checkpoint = request.getfixturevalue(fixture)
    scored = tool.main([f'configs/{config}.py', checkpoint, '--top-k', '2',
                        '--out-dir', str(tmp_path), '--score-thr', '0', *SMALL])
    assert len(scored) == 6
    scores = [score for score, _ in scored]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    rows = list(csv.DictReader(open(tmp_path / 'scores.csv')))
    assert [int(r['index']) for r in rows] == [i for _, i in scored]
    for part, chosen in (('best', scored[:2]), ('worst', scored[::-1][:2])):
        files = sorted(p.name for p in (tmp_path / part).glob('*.png'))
        assert [f.split('_')[1] for f in files] == [f'{s:.3f}' for s, _ in chosen]


def detection(boxes, labels, scores=None):
    from mmdet.structures import DetDataSample
    sample = DetDataSample()
    sample.gt_instances = InstanceData(bboxes=torch.tensor(boxes[0]),
                                       labels=torch.tensor(labels[0]))
    sample.pred_instances = InstanceData(
        bboxes=torch.tensor(boxes[1]), labels=torch.tensor(labels[1]),
        scores=torch.tensor(scores))
    return sample


def test_image_map_is_one_for_exact_boxes_and_falls_with_overlap():
    truth = [[0., 0., 10., 10.], [20., 20., 40., 40.]]
    exact = detection((truth, truth), ([0, 1], [0, 1]), [0.9, 0.8])
    assert tool.image_map(exact, 2) == pytest.approx(1.0)
    # the second box overlaps its truth by IoU 0.8: found at 0.5-0.8 only
    shifted = detection((truth, [truth[0], [20., 20., 40., 36.]]),
                        ([0, 1], [0, 1]), [0.9, 0.8])
    assert tool.image_map(shifted, 2) == pytest.approx((1 + 0.7) / 2)
    wrong = detection((truth, truth), ([0, 1], [1, 0]), [0.9, 0.8])
    assert tool.image_map(wrong, 2) == 0


def test_detection_panels_are_headed_truth_and_prediction(tmp_path):
    from projects.core.utils import draw_prediction, prediction_visualizer

    class Detector(torch.nn.Module):  # a stand-in from mmdet's module tree
        __module__ = 'mmdet.models'
    image = torch.full((40, 60, 3), 90, dtype=torch.uint8).numpy()
    sample = detection(([[5., 5., 30., 30.]], [[6., 6., 31., 30.]]), ([0], [0]),
                       [0.9])
    visualizer = prediction_visualizer(Detector(), ['fish'])
    draw_prediction(visualizer, image, sample, 0.3, str(tmp_path / 'p.png'),
                    draw_gt=True)
    import cv2
    drawn = cv2.imread(str(tmp_path / 'p.png'))
    strip = drawn.shape[0] - 40
    assert drawn.shape[1] == 120 and strip > 0  # truth | prediction, headed
    for half in (drawn[:strip, :60], drawn[:strip, 60:]):
        assert (half < 128).any() and (half == 255).mean() > 0.5  # dark text
