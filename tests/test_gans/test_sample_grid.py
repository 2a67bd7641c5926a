"""SampleGridHook: grids without validation, rows labelled."""
import sys

import cv2
import numpy as np
import pytest
import torch
from mmagic.structures import DataSample
from mmagic.visualization import Visualizer

from projects.core.engine import load_config
from projects.core.registry import HOOKS
from projects.core.utils import register_all_modules
from projects.gans.grid_labels import (FONT, font_scale, labelled_grid,
                                       row_label)
from tests.test_datasets.fake_data import make_unpaired
from tests.test_datasets.utils import load_tool
from tests.utils import REPO

register_all_modules()
KEYS = ['real_horse', 'fake_zebra', 'cycle_horse', 'identity_horse']
LABELS = ['real horse', 'translated zebra', 'cycle horse', 'identity horse']
GAN_CONFIGS = sorted(
    p.name for pattern in ('toy_gan*', 'dcgan_*', 'fc_*', 'cgan_*', 'acgan_*',
                           'cyclegan_*', 'biggan_*', 'sngan_*')
    for p in (REPO / 'configs').glob(f'{pattern}.py'))


def samples(count, size=32):
    """CycleGAN-like outputs: each key a constant grey BGR image."""
    return [DataSample(**{key: torch.full((3, size, size), 40. + 50 * k)
                          for k, key in enumerate(KEYS)})
            for _ in range(count)]


def ink_columns(column, rows, row_height, pad=2):
    """The horizontal extent of the dark pixels beside each grid row."""
    extents = []
    for row in rows:
        top = pad + row * (row_height + pad)
        cell = column[top:top + row_height].min(axis=2) < 128
        xs = np.nonzero(cell.any(axis=0))[0]
        extents.append(xs.max() - xs.min() + 1 if len(xs) else 0)
    return extents


def test_rows_are_labelled_in_the_order_of_the_keys():
    grid = labelled_grid(samples(3), KEYS)
    plain = Visualizer.get_instance('grid_test')._vis_image_sample(
        samples(3), KEYS, 3)  # mmagic's grid
    assert [row_label(key) for key in KEYS] == LABELS
    assert grid.shape[0] == plain.shape[0] == 4 * 34 + 2
    strip = grid.shape[1] - plain.shape[1]
    assert strip > 0 and np.array_equal(grid[:, strip:], plain)
    column = grid[:, :strip]
    # white but for the text, which is as wide as each label, in order
    assert (column == 255).mean() > 0.8
    widths = [cv2.getTextSize(text, FONT, font_scale(32), 1)[0][0]
              for text in LABELS]
    assert ink_columns(column, range(4), 32) == pytest.approx(widths, abs=3)
    # n_row images a row: each label beside the first row of its key
    two_rows = labelled_grid(samples(4), KEYS, n_col=2)
    assert two_rows.shape[0] == 8 * 34 + 2
    strip = two_rows.shape[1] - (2 * 34 + 2)
    extents = ink_columns(two_rows[:, :strip], range(8), 32)
    assert extents[1::2] == [0] * 4
    assert extents[::2] == pytest.approx(widths, abs=3)


@pytest.mark.parametrize('config', GAN_CONFIGS)
def test_no_gan_grid_needs_a_validation_loop(config):
    cfg = load_config(str(REPO / 'configs' / config))
    hook_cfg = next(h for h in cfg.custom_hooks
                    if h['type'] == 'SampleGridHook')
    Visualizer.get_instance('grid_test')  # the hook draws with the current
    hook = HOOKS.build(hook_cfg)
    hook.before_train(type('NoValRunner', (), dict(val_loop=None))())
    assert {kwargs['type'].lower() for kwargs in hook.vis_kwargs_list} <= {
        'gan', 'noise', 'translation', 'data', 'arguments'}


def test_cyclegan_trains_past_grids_with_no_validate(tmp_path, monkeypatch,
                                                     capsys):
    make_unpaired(tmp_path / 'h2z', size=40,
                  counts=dict(trainA=2, trainB=3))  # no test folders
    train = load_tool('tools/train.py')
    monkeypatch.setattr(sys, 'argv', [
        'train.py', 'configs/cyclegan_buffer_horse2zebra_128.py',
        '--no-validate', '--work-dir', str(tmp_path / 'work'),
        '--cfg-options', f'train_dataloader.dataset.data_root={tmp_path}/h2z',
        'train_dataloader.dataset.pipeline.2.transforms.0.scale=(36,36)',
        'train_dataloader.dataset.pipeline.2.transforms.1.crop_size=(32,32)',
        'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'model.generator.base_channels=4', 'model.generator.num_blocks=1',
        'model.discriminator.base_channels=4', 'train_cfg.max_iters=2',
        'custom_hooks.1.interval=1',
        'custom_hooks.1.vis_kwargs_list.0.n_samples=2',
        'custom_hooks.1.vis_kwargs_list.1.n_samples=2'])
    train.main()
    assert (tmp_path / 'work' / 'iter_2.pth').exists()
    for name in ('horse2zebra', 'zebra2horse'):
        grids = sorted((tmp_path / 'work').glob(
            f'*/vis_data/vis_image/{name}_*.png'))
        assert [g.stem for g in grids] == [f'{name}_{i}' for i in (1, 2)]
        grid = cv2.imread(str(grids[0]))
        assert grid.shape[0] == 4 * 34 + 2  # one row per kind of image
        strip = grid.shape[1] - (2 * 34 + 2)  # 2 samples a row, labels left
        assert strip > 40 and (grid[:, :strip] == 255).mean() > 0.8
