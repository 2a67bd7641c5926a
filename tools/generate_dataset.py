"""Generate a class-folder dataset from a conditional GAN checkpoint.

    python tools/generate_dataset.py CONFIG CHECKPOINT --per-class N --out DIR
    torchrun --nproc_per_node 2 tools/generate_dataset.py ... --launcher pytorch

N seeded samples per class (the EMA generator where the model has one) in
the layout of tools/crop_boxes.py (projects/synthetic/generate.py), which
mmpretrain's CustomDataset reads with data_root=DIR, data_prefix=SPLIT,
ann_file=meta/SPLIT.txt, classes=DIR/meta/classes.txt. With --classifier,
each sample's confidence is written for RealSyntheticDataset's
selection='confident'.
"""
import argparse
import os

import torch
from mmengine.config import DictAction
from mmengine.dist import get_dist_info, init_dist
from mmengine.fileio import list_from_file
from mmengine.registry import DefaultScope

from projects.core.engine import load_config, setup_cpu_distributed
from projects.core.engine.checkpoint import load_weights
from projects.core.registry import MODELS
from projects.core.utils import configured_classes
from projects.gan_metrics.accuracy import build_classifier
from projects.synthetic import generate_dataset


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--per-class', type=int, required=True,
                        help='images per class')
    parser.add_argument('--out', required=True, help='output root')
    parser.add_argument('--split', default='train')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--batch-size', type=int, default=100)
    parser.add_argument('--classes', help='class names file, one per line '
                        '(default: those of the config\'s training dataset)')
    parser.add_argument('--classifier', help='config of a classifier whose '
                        'confidence in the requested class is written')
    parser.add_argument('--classifier-checkpoint')
    parser.add_argument('--resize', type=int,
                        help='resize samples to this side for the classifier')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    parser.add_argument('--launcher', default='none',
                        choices=['none', 'pytorch', 'slurm'])
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    if args.per_class < 1:
        parser.error(f'--per-class must be >= 1, got {args.per_class}')
    if bool(args.classifier) != bool(args.classifier_checkpoint):
        parser.error('--classifier and --classifier-checkpoint go together')
    return args


def class_names(cfg, num_classes: int, classes_file=None) -> list:
    """The generator's class names: a file, those the training dataset's
    config states (:func:`configured_classes`), or 0..C-1."""
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        names = (list_from_file(classes_file) if classes_file else
                 configured_classes(cfg.get('train_dataloader', {})
                                    .get('dataset', {})))
    names = names or [str(c) for c in range(num_classes)]
    if len(names) != num_classes:
        raise ValueError(f'{len(names)} class names ({classes_file or cfg.filename}'
                         f') for a generator of {num_classes} classes')
    return names


def main(argv=None) -> None:
    args = parse_args(argv)
    cfg = load_config(args.config, args.launcher, args.cfg_options)
    if args.launcher != 'none':
        os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
        setup_cpu_distributed(cfg, args.launcher)
        if not torch.distributed.is_initialized():
            init_dist(args.launcher)
    device = 'cpu'
    if torch.cuda.is_available():
        device = f'cuda:{torch.cuda.current_device()}'
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        model = MODELS.build(cfg.model)
    load_weights(model, args.checkpoint)
    model.to(device)
    classifier = None
    if args.classifier:
        classifier = build_classifier(dict(
            config=args.classifier, checkpoint=args.classifier_checkpoint))
        classifier.to(device).eval()
    classes = class_names(cfg, getattr(model, 'num_classes', None) or 0,
                          args.classes)
    generate_dataset(model, classes, args.per_class, args.out, args.split,
                     seed=args.seed, batch_size=args.batch_size,
                     classifier=classifier, resize=args.resize)
    if get_dist_info()[0] == 0:
        print(f'{args.per_class} x {len(classes)} images in '
              f'{os.path.join(args.out, args.split)}, list in '
              f'{os.path.join(args.out, "meta", args.split + ".txt")}')


if __name__ == '__main__':
    main()
