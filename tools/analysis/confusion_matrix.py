"""Confusion matrix and per-class accuracy of a classifier or detector.

    python tools/analysis/confusion_matrix.py CONFIG CHECKPOINT [--out-dir DIR]

Runs the config's test loop with mmpretrain's ``ConfusionMatrix`` metric (a
classifier) or ``DetectionConfusionMatrix`` (a detector, whose test pipeline
packs ``PackDetInputs``: boxes matched as mmdet's confusion-matrix tool does,
``--score-thr``, ``--iou-thr``, with a background row and column) and
writes, in DIR (default ``<work_dir>/confusion_matrix``):
``confusion_matrix.png`` (rows: true class, normalised to 100%; the values
are printed up to 20 classes), ``confusion_matrix.csv`` (counts) and
``per_class_accuracy.csv`` (class, accuracy %, images; for a detector the
share of true boxes found with their class, and the boxes).
"""
import argparse
import csv
import os
import os.path as osp

import numpy as np
from mmengine.config import DictAction

from projects.core.engine import build_runner, load_config
from projects.core.figures import new_figure, save_figure


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--out-dir')
    parser.add_argument('--work-dir')
    parser.add_argument('--score-thr', type=float, default=0.3,
                        help='detector: lowest score of a counted box')
    parser.add_argument('--iou-thr', type=float, default=0.5,
                        help='detector: overlap that matches a true box')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def per_class_accuracy(matrix: np.ndarray) -> np.ndarray:
    """Diagonal over row sums in percent (NaN for a class with no image)."""
    counts = matrix.sum(1)
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.where(counts > 0, 100 * np.diag(matrix) / counts, np.nan)


def is_detection(cfg) -> bool:
    """Whether the config's test pipeline packs detection inputs."""
    dataset = cfg.test_dataloader.dataset
    while 'pipeline' not in dataset and 'dataset' in dataset:  # wrappers
        dataset = dataset.dataset
    return any(str(step.get('type', '')).endswith('PackDetInputs')
               for step in dataset.get('pipeline', []))


def plot_matrix(matrix: np.ndarray, classes, path: str,
                unit: str = 'images') -> None:
    num = len(classes)
    rows = matrix.sum(1, keepdims=True)
    share = 100 * matrix / np.maximum(rows, 1)
    side = max(5.0, 0.14 * num + 2)
    fig = new_figure(side + 1, side)
    ax = fig.add_subplot()
    image = ax.imshow(share, cmap='Blues', vmin=0, vmax=100)
    fig.colorbar(image, ax=ax, fraction=0.046, label='% of the true class')
    font = max(3.0, min(9.0, 400 / max(num, 1)))
    ax.set_xticks(range(num), classes, rotation=90, fontsize=font)
    ax.set_yticks(range(num), classes, fontsize=font)
    ax.set_xlabel('predicted')
    ax.set_ylabel('true')
    if num <= 20:
        for (i, j), value in np.ndenumerate(share):
            ax.text(j, i, f'{value:.0f}', ha='center', va='center', fontsize=7,
                    color='white' if value > 50 else 'black')
    accuracy = np.diag(matrix).sum() / max(matrix.sum(), 1) * 100
    ax.set_title(f'Confusion matrix ({int(matrix.sum())} {unit}, '
                 f'accuracy {accuracy:.2f}%)')
    save_figure(fig, path)


def write_csv(path: str, header, rows) -> None:
    with open(path, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def main(argv=None) -> np.ndarray:
    args = parse_args(argv)
    cfg = load_config(args.config, cfg_options=args.cfg_options,
                      work_dir=args.work_dir)
    cfg.load_from = args.checkpoint
    detection = is_detection(cfg)
    cfg.test_evaluator = dict(
        type='DetectionConfusionMatrix', score_thr=args.score_thr,
        iou_thr=args.iou_thr) if detection else dict(
            type='mmpretrain.ConfusionMatrix')
    runner = build_runner(cfg)
    matrix = runner.test()['confusion_matrix/result'].numpy()
    classes = list(runner.test_dataloader.dataset.metainfo.get('classes') or
                   range(len(matrix)))
    classes = [str(c) for c in classes] + ['background'] * detection
    unit = 'boxes' if detection else 'images'
    out_dir = args.out_dir or osp.join(cfg.work_dir, 'confusion_matrix')
    os.makedirs(out_dir, exist_ok=True)
    plot_matrix(matrix, classes, osp.join(out_dir, 'confusion_matrix.png'),
                unit)
    write_csv(osp.join(out_dir, 'confusion_matrix.csv'), ['true \\ predicted'] +
              classes, [[c] + row.tolist() for c, row in zip(classes, matrix)])
    # a detector's background row counts false positives, not true boxes
    true_rows = matrix[:-1] if detection else matrix
    accuracy = per_class_accuracy(true_rows)
    write_csv(osp.join(out_dir, 'per_class_accuracy.csv'),
              ['class', 'accuracy', unit],
              [[c, f'{a:.2f}', int(n)] for c, a, n in
               zip(classes, accuracy, true_rows.sum(1))])
    worst = np.argsort(np.nan_to_num(accuracy, nan=101))[:5]
    print('lowest per-class accuracy: ' + ', '.join(
        f'{classes[i]} {accuracy[i]:.1f}%' for i in worst))
    print(f'Saved {out_dir}/confusion_matrix.png and per_class_accuracy.csv')
    return matrix


if __name__ == '__main__':
    main()
