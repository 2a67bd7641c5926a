"""Predictions of a detector or classifier checkpoint drawn on images.

    python tools/demo.py CONFIG CHECKPOINT IMAGE_OR_FOLDER [--out-dir DIR]
        [--score-thr 0.3] [--classes FILE]

The class names are the checkpoint's (``meta.dataset_meta``, which every
checkpoint of a training run holds), else the test dataset's as its config
states them; ``--classes`` overrides both.

Each image goes through the config's test pipeline (loaded from its file,
annotation loading dropped) and the model's test step; DIR (default
``<work_dir>/demo``) gets the image with the boxes (mmdet's
``DetLocalVisualizer``) or the label (mmpretrain's ``UniversalVisualizer``)
drawn, under the same file name, and ``predictions.json``. Boxes that are
not finite (an undertrained detector's overflowing sizes) are left out of
both, with a warning.
"""
import argparse
import json
import os
import os.path as osp
import warnings

import mmcv
import torch
from mmengine.config import DictAction
from mmengine.dataset import Compose, pseudo_collate
from mmengine.fileio import list_from_file
from mmengine.registry import DefaultScope
from tqdm import tqdm

from projects.core.engine import load_config
from projects.core.engine.checkpoint import load_weights, safe_load
from projects.core.engine.num_classes import set_num_classes
from projects.core.registry import MODELS
from projects.core.utils import (configured_classes, draw_prediction,
                                 prediction_visualizer)
from projects.gan_metrics.images import list_images


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('inputs', help='an image or a folder of images')
    parser.add_argument('--out-dir')
    parser.add_argument('--score-thr', type=float, default=0.3,
                        help='draw boxes with at least this score')
    parser.add_argument('--classes', help='class names file, one per line '
                        '(default: the test dataset\'s)')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available()
                        else 'cpu')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def file_pipeline(pipeline: list) -> list:
    """The test pipeline reading images from files, without annotations."""
    steps = [dict(step) for step in pipeline
             if 'LoadAnnotations' not in step['type']]
    if not steps or 'LoadImageFromFile' not in steps[0]['type']:
        steps.insert(0, dict(type='mmcv.LoadImageFromFile'))
    return steps


def class_names(cfg, checkpoint: dict, classes_file=None) -> tuple:
    """``(names, where from)``: a file's class names, else the checkpoint's
    ``meta.dataset_meta`` classes, else those the test dataset's config
    states (:func:`configured_classes`)."""
    if classes_file:
        return list_from_file(classes_file), classes_file
    meta = (checkpoint.get('meta') if isinstance(checkpoint, dict) else None) or {}
    names = (meta.get('dataset_meta') or {}).get('classes')
    if names:
        return list(names), 'the checkpoint'
    names = configured_classes(cfg.test_dataloader.dataset)
    if names is None:
        raise ValueError(f'{cfg.filename}: neither the checkpoint '
                         '(meta.dataset_meta.classes) nor the test dataset\'s '
                         'config names the classes: pass --classes FILE')
    return names, 'the test dataset\'s config'


def finite_boxes(sample, name: str):
    """The sample with its non-finite boxes dropped, and a warning naming
    the image when there were any."""
    pred = sample.pred_instances
    finite = pred.bboxes.isfinite().all(dim=1) & pred.scores.isfinite()
    if not finite.all():
        warnings.warn(f'{name}: {int((~finite).sum())} of {len(finite)} '
                      'predicted boxes are not finite (an undertrained '
                      'detector?); left out')
        sample.pred_instances = pred[finite]
    return sample


def summary(sample, classes) -> dict:
    """The prediction as plain JSON."""
    if 'pred_instances' in sample:
        pred = sample.pred_instances
        return dict(boxes=pred.bboxes.tolist(), scores=pred.scores.tolist(),
                    labels=[classes[i] for i in pred.labels.tolist()])
    label = int(sample.pred_label)
    return dict(label=classes[label], score=float(sample.pred_score[label]))


def main(argv=None) -> dict:
    args = parse_args(argv)
    cfg = load_config(args.config, cfg_options=args.cfg_options)
    paths = ([args.inputs] if osp.isfile(args.inputs)
             else list_images(args.inputs))
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        checkpoint = safe_load(args.checkpoint)
        classes, where = class_names(cfg, checkpoint, args.classes)
        # a model whose class count comes from data it may not have here
        set_num_classes(cfg, classes, where)
        model = MODELS.build(cfg.model)
        pipeline = Compose(file_pipeline(cfg.test_dataloader.dataset.pipeline))
        load_weights(model, args.checkpoint, checkpoint=checkpoint)
    model.to(args.device).eval()
    visualizer = prediction_visualizer(model, classes)
    out_dir = args.out_dir or osp.join(cfg.work_dir, 'demo')
    os.makedirs(out_dir, exist_ok=True)
    results = {}
    for index, path in enumerate(tqdm(paths, desc='predicting')):
        data = pipeline(dict(img_path=path, img_id=index))
        with torch.no_grad():
            sample = model.test_step(pseudo_collate([data]))[0]
        if 'pred_instances' in sample:
            sample = finite_boxes(sample, path)
        image = mmcv.imread(path, channel_order='rgb')
        draw_prediction(visualizer, image, sample, args.score_thr,
                        osp.join(out_dir, osp.basename(path)))
        results[osp.basename(path)] = summary(sample.cpu(), classes)
    with open(osp.join(out_dir, 'predictions.json'), 'w') as f:
        json.dump(results, f, indent=1, allow_nan=False)
    print(f'{len(paths)} pictures and predictions.json in {out_dir}')
    return results


if __name__ == '__main__':
    main()
