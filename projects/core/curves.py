"""Training curves of MMEngine runs from their ``vis_data/scalars.json``:
losses, learning rates, GAN diagnostics and every validation metric, one
picture per run or several runs overlaid."""
import glob
import json
import math
import os.path as osp
import warnings
from fnmatch import fnmatch
from typing import Dict, List, Optional, Sequence

from .figures import new_figure, save_figure

# bookkeeping, not curves
SKIPPED = ('step', 'iter', 'epoch', 'time', 'data_time', 'memory')
# pycocotools' value for "no boxes of this size/kind" (mmdet's coco/*_s, _m, _l)
COCO_NO_DATA = -1
# keys drawn together in one panel; every other key gets its own
GROUPS = (('losses', 'loss*'), ('learning rate', '*lr'),
          ('discriminator accuracy', 'disc_*_acc*'),
          ('discriminator mean output', 'disc_*_mean*'))


def scalars_files(run: str) -> List[str]:
    """The ``scalars.json`` files of a run, oldest first: the file itself, a
    log directory's (``<work_dir>/<timestamp>``) or every log of a work dir
    (a resumed run writes one per start)."""
    if osp.isfile(run):
        return [run]
    found = sorted(glob.glob(osp.join(run, 'vis_data', 'scalars.json')) or
                   glob.glob(osp.join(run, '*', 'vis_data', 'scalars.json')))
    if not found:
        raise FileNotFoundError(f'{run}: no vis_data/scalars.json (is it a '
                                'work dir or log dir of a run?)')
    return found


def _is_train_row(row: dict) -> bool:
    return 'iter' in row  # validation rows have only 'step'


def run_history(paths: Sequence[str]) -> List[dict]:
    """The rows of a run's logs (oldest first) as one history: where a later
    log starts (a resumed run, from its checkpoint's step), the earlier logs'
    rows from that step on are replaced, for training and validation rows
    each; a fresh start in the same work dir replaces everything before."""
    history: List[dict] = []
    for path in paths:
        rows = read_scalars(path)
        for is_train in (True, False):
            steps = [row.get('step', row.get('iter')) for row in rows
                     if _is_train_row(row) == is_train]
            if steps:
                start = min(steps)
                history = [row for row in history
                           if _is_train_row(row) != is_train
                           or row.get('step', row.get('iter')) < start]
        history += rows
    return history


def read_scalars(path: str) -> List[dict]:
    """Rows of a scalars file; a line cut short by a killed run is skipped
    with a warning."""
    rows = []
    with open(path) as file:
        for number, line in enumerate(file, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                warnings.warn(f'{path}:{number}: not JSON, skipped')
    return rows


def series(rows: Sequence[dict]) -> Dict[str, tuple]:
    """``{key: (steps, values)}`` of every numeric key."""
    curves: Dict[str, tuple] = {}
    for row in rows:
        step = row.get('step', row.get('iter'))
        for key, value in row.items():
            if key in SKIPPED or not isinstance(value, (int, float)):
                continue
            if key.startswith('coco/') and value == COCO_NO_DATA:
                continue
            steps, values = curves.setdefault(key, ([], []))
            steps.append(step)
            values.append(value)
    return curves


def drawn_keys(curves: Dict[str, tuple],
               keys: Optional[Sequence[str]] = None) -> List[str]:
    """The keys of :func:`series`' ``curves`` that the glob patterns
    ``keys`` select (all when None)."""
    return [key for key in curves
            if not keys or any(fnmatch(key, p) for p in keys)]


def panels(keys: Sequence[str]) -> Dict[str, List[str]]:
    """Panel title -> keys: the groups of :data:`GROUPS`, then one panel per
    remaining key (validation metrics such as ``coco/bbox_mAP`` or FID)."""
    layout: Dict[str, List[str]] = {name: [] for name, _ in GROUPS}
    for key in keys:
        title = next((name for name, pattern in GROUPS
                      if fnmatch(key, pattern)), key)
        layout.setdefault(title, []).append(key)
    return {title: keys for title, keys in layout.items() if keys}


def plot_runs(runs: Dict[str, Sequence[dict]], out: str,
              keys: Optional[Sequence[str]] = None, columns: int = 3) -> str:
    """Draw the runs' curves (:func:`draw_runs`) into ``out``; returns it."""
    save_figure(draw_runs(runs, keys, columns), out)
    return out


def draw_runs(runs: Dict[str, Sequence[dict]],
              keys: Optional[Sequence[str]] = None, columns: int = 3):
    """A figure of the runs' curves (named by ``runs``' keys, overlaid);
    ``keys`` are glob patterns of the scalars to draw (default: all). Legends
    sit below their panel, never over the curves."""
    curves = {name: series(rows) for name, rows in runs.items()}
    names = sorted({key for run in curves.values()
                    for key in drawn_keys(run, keys)})
    if not names:
        raise ValueError(f'no scalars to draw{f" matching {list(keys)}" if keys else ""}'
                         f' in {", ".join(runs)}')
    layout = panels(names)
    columns = min(columns, len(layout))
    rows = math.ceil(len(layout) / columns)
    fig = new_figure(4.5 * columns, 3.2 * rows)
    for index, (title, panel_keys) in enumerate(layout.items(), 1):
        ax = fig.add_subplot(rows, columns, index)
        for run, run_curves in curves.items():
            for key in panel_keys:
                if key not in run_curves:
                    continue
                steps, values = run_curves[key]
                label = ' '.join(part for part in (
                    run if len(runs) > 1 else '',
                    key if len(panel_keys) > 1 else '') if part)
                marker = 'o' if len(steps) < 20 else None
                ax.plot(steps, values, marker=marker, markersize=3,
                        label=label or None)
        ax.set(title=title, xlabel='step')
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize='small', loc='upper center', ncols=2,
                      bbox_to_anchor=(0.5, -0.22), frameon=False)
    return fig
