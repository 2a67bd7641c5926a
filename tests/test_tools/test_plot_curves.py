"""Training curves from runs' scalars, one run or several overlaid."""
import json

import cv2
import pytest

from projects.core.curves import (draw_runs, panels, plot_runs, read_scalars,
                                  run_history, scalars_files, series)
from tests.test_datasets.utils import load_tool
from tests.utils import run_tool


def write_run(work_dir, mAPs, broken_tail=False, log='20260101_000000',
              first=1):
    """A run's scalars.json as mmengine's LocalVisBackend writes it, logged
    from step ``first * 10`` on."""
    vis_data = work_dir / log / 'vis_data'
    vis_data.mkdir(parents=True)
    lines = []
    for it, mAP in enumerate(mAPs, first):
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
    assert scalars_files(str(tmp_path)) == [str(path)]
    with pytest.raises(FileNotFoundError, match='no vis_data/scalars.json'):
        scalars_files(str(tmp_path / 'missing'))


def test_a_resumed_run_is_drawn_over_its_whole_history(tmp_path):
    # killed after logging step 30 with its last checkpoint at step 20, then
    # resumed: the second log starts at step 30 and replaces the first's
    write_run(tmp_path, [0.1, 0.2, 0.25], log='20260101_000000')
    write_run(tmp_path, [0.3, 0.4], log='20260101_010000', first=3)
    rows = run_history(scalars_files(str(tmp_path)))
    steps, values = series(rows)['coco/bbox_mAP']
    assert steps == [10, 20, 30, 40] and values == [0.1, 0.2, 0.3, 0.4]
    assert series(rows)['loss'][0] == [10, 20, 30, 40]
    out = load_tool('tools/analysis/plot_curves.py').main(
        [str(tmp_path), '--keys', 'coco/bbox_mAP', '--out',
         str(tmp_path / 'c.png')])
    assert cv2.imread(out) is not None
    # a fresh start in the same work dir replaces the older run
    write_run(tmp_path, [0.5], log='20260102_000000')
    steps, values = series(run_history(scalars_files(str(tmp_path))))['coco/bbox_mAP']
    assert steps == [10] and values == [0.5]


def test_coco_no_data_values_are_not_drawn():
    rows = [{'coco/bbox_mAP_s': -1.0, 'coco/bbox_mAP': 0.2, 'step': 1},
            {'coco/bbox_mAP_s': 0.1, 'coco/bbox_mAP': 0.3, 'step': 2},
            {'loss_delta': -1.0, 'step': 2, 'iter': 2}]
    curves = series(rows)
    assert curves['coco/bbox_mAP_s'] == ([2], [0.1])
    assert curves['loss_delta'] == ([2], [-1.0])  # only COCO's -1 means none


def test_legends_do_not_cover_the_curves():
    runs = {name: [dict(loss=1 / it * k, loss_cls=0.5 / it, iter=it, step=it)
                   for it in range(1, 30)] for k, name in enumerate(
                       ('sgd', 'adamw', 'sgd_long_name_run'), 1)}
    fig = draw_runs(runs)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        legend = ax.get_legend()
        assert legend is not None
        box, plot_area = legend.get_window_extent(renderer), ax.get_window_extent(renderer)
        assert not box.overlaps(plot_area)


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
        plot_runs({'a': run_history(scalars_files(str(tmp_path / 'a')))},
                  str(tmp_path / 'none.png'), keys=['accuracy/*'])
