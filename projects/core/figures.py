"""Matplotlib figures as images and files, without a display or pyplot."""
from typing import Sequence

import cv2
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .files import written_whole


def new_figure(width: float = 6.4, height: float = 4.0) -> Figure:
    """A figure drawn by Agg and not kept by pyplot (no leak in long runs)."""
    fig = Figure(figsize=(width, height), dpi=100, layout='tight')
    FigureCanvasAgg(fig)
    return fig


def figure_to_rgb(fig: Figure) -> np.ndarray:
    """The rendered figure as an (H, W, 3) uint8 RGB array."""
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()


def save_figure(fig: Figure, path: str) -> None:
    """Save ``fig`` to ``path`` (its extension picks the format), whole."""
    extension = path[path.rfind('.'):]
    with written_whole(path, '.partial' + extension) as partial:
        fig.savefig(partial)


def with_headings(image: np.ndarray, headings: Sequence[str]) -> np.ndarray:
    """``image`` (H, W, 3) under a white strip naming its equal-width
    columns, one heading each, left to right."""
    width = image.shape[1]
    scale = max(0.4, min(5.0, width / len(headings) / 400))
    thickness = max(1, round(scale * 1.5))
    strip_height = int(28 * scale) + 8
    strip = np.full((strip_height, width, 3), 255, dtype=np.uint8)
    column = width / len(headings)
    for index, text in enumerate(headings):
        (text_w, text_h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX,
                                              scale, thickness)
        x = int(column * index + max(0, (column - text_w) / 2))
        cv2.putText(strip, text, (x, (strip_height + text_h) // 2),
                    cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), thickness,
                    cv2.LINE_AA)
    return np.concatenate([strip, image.astype(np.uint8)], axis=0)
