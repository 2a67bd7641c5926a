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
# keys drawn together in one panel; every other key gets its own
GROUPS = (('losses', 'loss*'), ('learning rate', '*lr'),
          ('discriminator accuracy', 'disc_*_acc*'),
          ('discriminator mean output', 'disc_*_mean*'))


def scalars_file(run: str) -> str:
    """The ``scalars.json`` of a run: the file itself, a log directory
    (``<work_dir>/<timestamp>``) or a work dir (its latest log)."""
    if osp.isfile(run):
        return run
    candidates = sorted(glob.glob(osp.join(run, 'vis_data', 'scalars.json')) or
                        glob.glob(osp.join(run, '*', 'vis_data',
                                           'scalars.json')))
    if not candidates:
        raise FileNotFoundError(f'{run}: no vis_data/scalars.json (is it a '
                                'work dir or log dir of a run?)')
    return candidates[-1]


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
            steps, values = curves.setdefault(key, ([], []))
            steps.append(step)
            values.append(value)
    return curves


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
    """Draw the runs' curves (named by ``runs``' keys, overlaid) into
    ``out``; ``keys`` are glob patterns of the scalars to draw (default:
    all). Returns ``out``."""
    curves = {name: series(rows) for name, rows in runs.items()}
    names = sorted({key for run in curves.values() for key in run
                    if not keys or any(fnmatch(key, p) for p in keys)})
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
            ax.legend(fontsize='small')
    save_figure(fig, out)
    return out
