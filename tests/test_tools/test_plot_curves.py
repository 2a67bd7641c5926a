"""Training curves from runs' scalars, one run or several overlaid."""
import json

import cv2
import pytest

from projects.core.curves import panels, plot_runs, read_scalars, scalars_file
from tests.utils import run_tool


def write_run(work_dir, mAPs, broken_tail=False):
    """A run's scalars.json as mmengine's LocalVisBackend writes it."""
    vis_data = work_dir / '20260101_000000' / 'vis_data'
    vis_data.mkdir(parents=True)
    lines = []
    for it, mAP in enumerate(mAPs, 1):
        lines += [json.dumps(dict(lr=0.01 / it, loss=1 / it, loss_cls=0.5 / it,
                                  time=0.1, data_time=0.01, iter=it * 10,
                                  step=it * 10)),
                  json.dumps({'coco/bbox_mAP': mAP, 'coco/bbox_mAP_50': 2 * mAP,
                              'step': it * 10})]
    text = '\n'.join(lines) + '\n'
    if broken_tail:  # a run killed while writing
        text += '{"loss": 0.1, "it'
    (vis_data / 'scalars.json').write_text(text)
    return vis_data / 'scalars.json'


def test_losses_and_learning_rates_are_grouped_metrics_get_a_panel_each():
    layout = panels(['coco/bbox_mAP', 'loss_cls', 'lr', 'loss', 'FID/fid',
                     'disc_real_acc_zebra', 'disc_fake_acc_zebra'])
    assert list(layout) == ['losses', 'learning rate',
                            'discriminator accuracy', 'coco/bbox_mAP',
                            'FID/fid']
    assert layout['losses'] == ['loss_cls', 'loss']


def test_a_line_cut_short_is_skipped_with_a_warning(tmp_path):
    path = write_run(tmp_path, [0.1, 0.2], broken_tail=True)
    with pytest.warns(UserWarning, match='scalars.json:5: not JSON'):
        rows = read_scalars(path)
    assert len(rows) == 4
    assert scalars_file(str(tmp_path)) == str(path)
    with pytest.raises(FileNotFoundError, match='no vis_data/scalars.json'):
        scalars_file(str(tmp_path / 'missing'))


def test_tool_overlays_two_runs_and_filters_keys(tmp_path):
    write_run(tmp_path / 'a', [0.1, 0.3, 0.4])
    write_run(tmp_path / 'b', [0.2, 0.25])
    out = tmp_path / 'compare.png'
    run_tool('tools/analysis/plot_curves.py', f'sgd={tmp_path / "a"}',
             f'adamw={tmp_path / "b"}', '--keys', 'loss*', 'coco/*',
             '--out', str(out))
    picture = cv2.imread(str(out))
    # three panels (losses, two metrics) in one row
    assert picture.shape[1] > 2 * picture.shape[0]
    with pytest.raises(ValueError, match="no scalars to draw matching"):
        plot_runs({'a': read_scalars(scalars_file(str(tmp_path / 'a')))},
                  str(tmp_path / 'none.png'), keys=['accuracy/*'])
