"""Sample grids of several kinds of image with a label at the left of each
kind's row (CycleGAN's real / translated / cycle / identity)."""
from functools import reduce

import cv2
import numpy as np
import torch
from torchvision.utils import make_grid

PAD = 2  # make_grid's padding between images, as in mmagic's grids
FONT = cv2.FONT_HERSHEY_SIMPLEX


def row_label(key: str) -> str:
    """``fake_zebra`` -> ``translated zebra``, ``cycle_horse`` -> ``cycle
    horse``: the kind of image, then its domain."""
    kind, _, domain = key.partition('_')
    kind = {'fake': 'translated'}.get(kind, kind)
    return f'{kind} {domain.replace("_", " ")}'.strip()


def font_scale(row_height: int) -> float:
    """cv2's scale for text about a third of the row high, 0.35 to 1."""
    return float(np.clip(row_height / 64, 0.35, 1.0))


def label_column(labels, row_height: int, rows_per_label: int,
                 height: int) -> np.ndarray:
    """A white RGB column ``height`` high, ``labels[i]`` in black beside the
    first grid row of label ``i``."""
    scale = font_scale(row_height)
    sizes = [cv2.getTextSize(text, FONT, scale, 1)[0] for text in labels]
    column = np.full((height, max(w for w, _ in sizes) + 4 * PAD, 3), 255,
                     np.uint8)
    for i, (text, (_, text_height)) in enumerate(zip(labels, sizes)):
        top = PAD + i * rows_per_label * (row_height + PAD)
        baseline = top + (row_height + text_height) // 2
        cv2.putText(column, text, (2 * PAD, baseline), FONT, scale, (0, 0, 0),
                    1, cv2.LINE_AA)
    return column


def labelled_grid(samples, keys, n_col: int = None) -> np.ndarray:
    """An RGB uint8 grid: for each of ``keys`` in order, its image of every
    sample (BGR, 0-255, as mmagic's models output), ``n_col`` a row (all of
    them by default), and its :func:`row_label` at the left."""
    n_col = n_col or len(samples)
    rows_per_key = -(-len(samples) // n_col)
    blank = rows_per_key * n_col - len(samples)
    images = []
    for key in keys:
        batch = torch.stack([reduce(getattr, key.split('.'), s)
                             for s in samples])
        batch = batch.detach().float().cpu()
        if batch.shape[1] == 1:
            batch = batch.expand(-1, 3, -1, -1)
        images += [batch[:, [2, 1, 0]], batch.new_zeros(blank, 3,
                                                        *batch.shape[2:])]
    grid = make_grid(torch.cat(images), nrow=n_col, padding=PAD)
    grid = grid.clamp(0, 255).permute(1, 2, 0).numpy().astype(np.uint8)
    column = label_column([row_label(key) for key in keys],
                          images[0].shape[2], rows_per_key, grid.shape[0])
    return np.concatenate([column, grid], axis=1)


class RowLabelledVisualizer:
    """mmagic's visualizer, but grids of several ``target_keys`` (image
    mode) are :func:`labelled_grid`; everything else goes to mmagic's."""

    def __init__(self, visualizer):
        self.visualizer = visualizer

    def __getattr__(self, name):
        return getattr(self.visualizer, name)

    def add_datasample(self, name, *, gen_samples, target_keys=None,
                       vis_mode=None, n_row=None, show=False, wait_time=0,
                       step=0, **kwargs):
        if vis_mode is not None or isinstance(target_keys, str) or \
                len(target_keys or ()) < 2:
            return self.visualizer.add_datasample(
                name, gen_samples=gen_samples, target_keys=target_keys,
                vis_mode=vis_mode, n_row=n_row, show=show,
                wait_time=wait_time, step=step, **kwargs)
        image = labelled_grid(gen_samples, target_keys, n_row)
        if show:
            self.visualizer.show(image, win_name=name, wait_time=wait_time)
        self.visualizer.add_image(name, image, step, **kwargs)
