"""The best and worst test images of a detector or classifier, drawn.

    python tools/analysis/best_worst.py CONFIG CHECKPOINT [--top-k 10]
        [--out-dir DIR] [--score-thr 0.3]

Each test image is scored: a classifier by its probability of the true
class; a detector by the image's mAP over IoU 0.5:0.95 (mmdet's
``eval_map``, as mmdet's tools/analysis_tools/analyze_results.py ranks
them). DIR (default ``<work_dir>/best_worst``) gets ``best/`` and
``worst/`` (``<rank>_<score>_<image>.png``, the truth beside the
prediction, mmdet's or mmpretrain's visualizer) and ``scores.csv`` (every
image, best first).
"""
import argparse
import csv
import os
import os.path as osp

import mmcv
import numpy as np
import torch
from mmengine.config import DictAction
from mmengine.dataset import pseudo_collate
from mmengine.registry import DefaultScope
from tqdm import tqdm

from projects.core.engine import load_config
from projects.core.engine.checkpoint import load_weights
from projects.core.registry import DATASETS, MODELS
from projects.core.utils import draw_prediction, prediction_visualizer

IOU_THRS = np.linspace(0.5, 0.95, 10)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--top-k', type=int, default=10)
    parser.add_argument('--out-dir')
    parser.add_argument('--score-thr', type=float, default=0.3,
                        help='draw boxes with at least this score')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available()
                        else 'cpu')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def image_map(sample, num_classes: int) -> float:
    """A detection sample's mAP over IoU 0.5:0.95 (mmdet's ``eval_map``)."""
    from mmdet.evaluation import eval_map
    gt, pred = sample.gt_instances.cpu(), sample.pred_instances.cpu()
    boxes = torch.cat([pred.bboxes, pred.scores[:, None]], 1).numpy()
    labels = pred.labels.numpy()
    dets = [[boxes[labels == c] for c in range(num_classes)]]  # one image
    annotation = dict(bboxes=gt.bboxes.numpy(), labels=gt.labels.numpy())
    return float(np.mean([eval_map(dets, [annotation], iou_thr=thr,
                                   logger='silent')[0]
                          for thr in IOU_THRS]))


def image_score(sample, num_classes: int) -> float:
    """How well the model did on one test sample (higher is better)."""
    if 'pred_instances' in sample:
        return image_map(sample, num_classes)
    return float(sample.pred_score[int(sample.gt_label)])


def image_of(info: dict) -> np.ndarray:
    """The sample's RGB image: its file, else the array it carries."""
    path = info.get('img_path')
    if path and osp.isfile(path):
        return mmcv.imread(path, channel_order='rgb')
    return mmcv.bgr2rgb(info['img'])


def main(argv=None) -> list:
    args = parse_args(argv)
    cfg = load_config(args.config, cfg_options=args.cfg_options)
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        model = MODELS.build(cfg.model)
        dataset = DATASETS.build(cfg.test_dataloader.dataset)
    load_weights(model, args.checkpoint)
    model.to(args.device).eval()
    classes = list(dataset.metainfo['classes'])
    scored, samples = [], {}
    for index in tqdm(range(len(dataset)), desc='scoring'):
        with torch.no_grad():
            sample = model.test_step(pseudo_collate([dataset[index]]))[0].cpu()
        scored.append((image_score(sample, len(classes)), index))
        samples[index] = sample
    scored.sort(key=lambda item: (-item[0], item[1]))

    out_dir = args.out_dir or osp.join(cfg.work_dir, 'best_worst')
    visualizer = prediction_visualizer(model, classes)
    k = min(args.top_k, len(scored))
    for part, chosen in (('best', scored[:k]), ('worst', scored[::-1][:k])):
        os.makedirs(osp.join(out_dir, part), exist_ok=True)
        for rank, (score, index) in enumerate(chosen):
            info = dataset.get_data_info(index)
            name = osp.splitext(osp.basename(info.get('img_path') or
                                             f'{index:06d}'))[0]
            out_file = osp.join(out_dir, part, f'{rank:02d}_{score:.3f}_{name}.png')
            draw_prediction(visualizer, image_of(info), samples[index],
                            args.score_thr, out_file, draw_gt=True)
    with open(osp.join(out_dir, 'scores.csv'), 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(['index', 'image', 'score'])
        for score, index in scored:
            writer.writerow([index, dataset.get_data_info(index).get('img_path', ''),
                             f'{score:.4f}'])
    print(f'best and worst {k} of {len(scored)} images in {out_dir}')
    return scored


if __name__ == '__main__':
    main()
