"""Matplotlib figures as images and files, without a display or pyplot."""
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
