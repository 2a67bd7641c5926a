"""YOLOX-n on a real Roboflow COCO export: mAP after each evaluation.

Trains ``configs/yolox_n_aquarium.py`` (the recipe as it is: SGD, Mosaic,
affine, MixUp, EMA, mode switch for the last epochs) from scratch on the
export, with only ``data_root``, ``img_scale``, the epochs (of training, of
warm-up and without Mosaic at the end), batch and evaluation interval
changed, as a user would with ``--cfg-options``, and
prints the COCO mAP of every evaluation on the export's ``valid/`` split.
It checks the detection path end to end on real annotations: the classes
and ``num_classes`` read from the export (13 for the Chess Pieces export:
its 14 categories less the "pieces" supercategory), its layout found,
boxes decoded and scored.

    nice python benchmarks/yolox_roboflow_finetune.py \\
        [--data-root ../shared/data/roboflow_chess] [--epochs 12] \\
        [--img-scale 320] [--flat]

``--flat`` first writes a flattened copy of the export (every image linked
into one folder, one merged ``_annotations.coco.json``) under the temporary
folder, and checks that it loads and splits reproducibly into train and
valid (the test set is the valid part). On CPU; the work dir's run is
trained again each time.
"""
import argparse
import json
import os
import os.path as osp
import tempfile
import time
from pathlib import Path

from projects.core.engine import build_runner, load_config
from projects.core.registry import DATASETS

REPO = Path(__file__).resolve().parents[1]
CONFIG = 'configs/yolox_n_aquarium.py'
SPLITS = ('train', 'valid', 'test')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--config', default=CONFIG,
                        help='a YOLOX Roboflow recipe, e.g. '
                        'configs/yolox_n_aquarium_adamw.py')
    parser.add_argument('--data-root',
                        default=str(REPO.parent / 'shared/data/roboflow_chess'))
    parser.add_argument('--work-dir',
                        default=str(REPO / 'work_dirs/yolox_roboflow_finetune'))
    parser.add_argument('--img-scale', type=int, default=320)
    parser.add_argument('--epochs', type=int, default=12)
    parser.add_argument('--last-epochs', type=int, default=2,
                        help='epochs without Mosaic and MixUp at the end')
    parser.add_argument('--warmup-epochs', type=int, default=1)
    parser.add_argument('--val-interval', type=int, default=2)
    parser.add_argument('--batch-size', type=int, default=8)
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--flat', action='store_true',
                        help='also check a flattened copy of the export')
    parser.add_argument('--skip-training', action='store_true')
    return parser.parse_args()


def flatten(data_root: str, out: str) -> int:
    """All images of the export's splits linked into ``out`` with one merged
    ``_annotations.coco.json`` (new image and annotation ids); returns the
    number of images."""
    os.makedirs(out, exist_ok=True)
    merged = dict(images=[], annotations=[], categories=None)
    for split in SPLITS:
        ann = osp.join(data_root, split, '_annotations.coco.json')
        if not osp.isfile(ann):
            continue
        with open(ann) as f:
            coco = json.load(f)
        if merged['categories'] is None:
            merged.update({k: v for k, v in coco.items()
                           if k not in ('images', 'annotations')})
        assert coco['categories'] == merged['categories'], ann
        ids = {}
        for img in coco['images']:
            ids[img['id']] = len(merged['images'])
            link = osp.join(out, img['file_name'])
            if not osp.exists(link):
                os.symlink(osp.abspath(osp.join(data_root, split,
                                                img['file_name'])), link)
            merged['images'].append(dict(img, id=ids[img['id']]))
        for box in coco['annotations']:
            merged['annotations'].append(dict(
                box, id=len(merged['annotations']),
                image_id=ids[box['image_id']]))
    with open(osp.join(out, '_annotations.coco.json'), 'w') as f:
        json.dump(merged, f)
    return len(merged['images'])


def check_flat(config: str, data_root: str, img_scale: int) -> None:
    with tempfile.TemporaryDirectory(prefix='roboflow_flat_') as flat:
        total = flatten(data_root, flat)
        cfg = load_config(str(REPO / config), cfg_options=dict(
            data_root=flat, img_scale=(img_scale, img_scale)))
        built = {}
        for phase, loader in (('train', cfg.train_dataloader.dataset.dataset),
                              ('val', cfg.val_dataloader.dataset),
                              ('test', cfg.test_dataloader.dataset)):
            built[phase] = DATASETS.build(dict(loader, pipeline=[]))
        names = {phase: {ds.get_data_info(i)['img_path']
                         for i in range(len(ds))}
                 for phase, ds in built.items()}
        again = DATASETS.build(dict(cfg.val_dataloader.dataset, pipeline=[]))
        same = {again.get_data_info(i)['img_path'] for i in range(len(again))}
        print(f'\nFlattened copy: {total} images, one _annotations.coco.json '
              f'in {flat}')
        print(f'  train {len(names["train"])}, val {len(names["val"])}, test '
              f'{len(names["test"])} images; train and val disjoint: '
              f'{not names["train"] & names["val"]}; all images used: '
              f'{len(names["train"] | names["val"]) == total}; test == val: '
              f'{names["test"] == names["val"]}; the same split when built '
              f'again: {same == names["val"]}')
        print(f'  model.bbox_head.num_classes = '
              f'{cfg.model.bbox_head.num_classes}, classes: '
              f'{", ".join(built["train"].metainfo["classes"])}\n')


def evaluations(work_dir: str) -> list:
    rows = []
    for path in sorted(Path(work_dir).glob('*/vis_data/scalars.json')):
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            if 'coco/bbox_mAP' in entry:
                rows.append(entry)
    return rows


def main():
    args = parse_args()
    if args.flat:
        check_flat(args.config, args.data_root, args.img_scale)
    if args.skip_training:
        return
    options = {
        'data_root': args.data_root.rstrip('/') + '/',
        'img_scale': (args.img_scale, args.img_scale),
        'max_epochs': args.epochs, 'num_last_epochs': args.last_epochs,
        'warmup_epochs': args.warmup_epochs,
        'train_cfg.val_interval': args.val_interval,
        'train_dataloader.batch_size': args.batch_size,
        'train_dataloader.num_workers': args.workers,
        'val_dataloader.num_workers': args.workers,
        'default_hooks.logger.interval': 10,
        'default_hooks.checkpoint.interval': args.epochs,
        'default_hooks.checkpoint.max_keep_ckpts': 1}
    work_dir = osp.join(args.work_dir, Path(args.config).stem)
    for old in Path(work_dir).glob('*/vis_data/scalars.json'):
        old.unlink()  # read only this run's evaluations below
    cfg = load_config(str(REPO / args.config), cfg_options=options,
                      work_dir=work_dir)
    runner = build_runner(cfg)
    start = time.time()
    runner.train()
    minutes = (time.time() - start) / 60
    classes = runner.train_dataloader.dataset.metainfo['classes']
    print(f'\n{args.config}, {args.data_root}: {len(classes)} classes '
          f'(model.bbox_head.num_classes = '
          f'{runner.model.bbox_head.num_classes}), '
          f'{len(runner.train_dataloader.dataset)} train and '
          f'{len(runner.val_dataloader.dataset)} valid images, '
          f'{args.img_scale} px, batch {args.batch_size}, {args.epochs} '
          f'epochs in {minutes:.1f} min (an evaluation without any box above '
          'the score threshold logs no mAP)')
    print('epoch   mAP     mAP@0.5  mAP@0.75  fitness')
    per_epoch = len(runner.train_dataloader)
    for row in evaluations(work_dir):
        print(f'{row["step"] // per_epoch:5d}   {row["coco/bbox_mAP"]:.4f}  '
              f'{row["coco/bbox_mAP_50"]:.4f}   {row["coco/bbox_mAP_75"]:.4f}'
              f'    {row.get("coco/bbox_fitness", float("nan")):.4f}')


if __name__ == '__main__':
    main()
