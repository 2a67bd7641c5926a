"""The reports' classification recipes train on tiny Stanford Dogs data."""
import cv2
import numpy as np
import pytest

from tests.test_datasets.fake_data import make_stanford_dogs
from tests.test_datasets.utils import train_briefly

SMALL = {'train_dataloader.batch_size': 2, 'val_dataloader.batch_size': 2,
         'train_cfg.max_epochs': 1, 'model.backbone.init_cfg': None}
# ResNet-50 with narrow stages: the full one saves 200 MB per checkpoint
SQUARE = {'model.backbone.base_channels': 16, 'model.backbone.stem_channels': 16,
          'model.head.in_channels': 512,
          'train_dataloader.dataset.pipeline.2.scale': (64, 64),
          'val_dataloader.dataset.pipeline.2.scale': (64, 64)}
# two epochs: the warm-up epoch, then the cosine schedule
CROP_224 = {'train_cfg.max_epochs': 2,
            'train_dataloader.dataset.pipeline.1.scale': 64,
            'val_dataloader.dataset.pipeline.1.scale': 72,
            'val_dataloader.dataset.pipeline.2.crop_size': 64}


def write_crops(root, classes=3, per_split=2):
    """tools/crop_boxes.py's layout: <split>/<class>/*.jpg and meta/."""
    (root / 'meta').mkdir(parents=True)
    rng = np.random.default_rng(0)
    for split in ('train', 'test'):
        lines = []
        for label in range(classes):
            (root / split / f'breed{label}').mkdir(parents=True, exist_ok=True)
            for k in range(per_split):
                name = f'breed{label}/crop{k}.jpg'
                cv2.imwrite(str(root / split / name),
                            rng.integers(0, 256, (50 + 10 * k, 40, 3), np.uint8))
                lines.append(f'{name} {label}')
        (root / 'meta' / f'{split}.txt').write_text('\n'.join(lines) + '\n')
    (root / 'meta/classes.txt').write_text(
        ''.join(f'breed{c}\n' for c in range(classes)))


@pytest.mark.parametrize('config, options', [
    # inherits resnet50_stanford_dogs(_crops): its model, pipeline, schedule
    ('resnet50_stanford_dogs_crops_square', SQUARE),
    # the recipes with narrow networks (ViT-B and Conformer-S take a minute
    # to build, step and save on 2 cores)
    ('vit_b16_stanford_dogs', dict(CROP_224, **{
        'model.backbone.img_size': 64, 'model.head.in_channels': 32,
        'model.backbone.arch': dict(_delete_=True, embed_dims=32, num_layers=2,
                                    num_heads=2, feedforward_channels=64)})),
    ('conformer_s16_stanford_dogs', dict(CROP_224, **{
        'model.backbone.base_channels': 8, 'model.head.in_channels': [32, 32],
        'model.backbone.arch': dict(_delete_=True, embed_dims=32, depths=12,
                                    num_heads=2, channel_ratio=1)})),
])
def test_recipe_trains(tmp_path, config, options):
    data = tmp_path / 'data'
    if 'crops' in config:
        write_crops(data)
        roots = {f'{loader}.dataset.{key}': value
                 for loader in ('train_dataloader', 'val_dataloader')
                 for key, value in (('data_root', str(data)),
                                    ('classes', str(data / 'meta/classes.txt')))}
        roots['val_evaluator.topk'] = (1, 3)  # 3 classes: no top-5
    else:
        make_stanford_dogs(data)
        roots = {'train_dataloader.dataset.data_root': str(data),
                 'val_dataloader.dataset.data_root': str(data)}
    runner = train_briefly(f'configs/{config}.py', tmp_path / 'work',
                           dict(SMALL, **options, **roots))
    epochs = runner.cfg.train_cfg.max_epochs
    assert runner.epoch == epochs and runner.iter == 3 * epochs  # 6 images, batch 2
    assert (tmp_path / 'work' / f'epoch_{epochs}.pth').is_file()
    # the crops' classes.txt names 3 classes: the head follows it
    assert runner.model.head.num_classes == (3 if 'crops' in config else 120)


def test_missing_local_imagenet_weights_name_the_field(tmp_path):
    make_stanford_dogs(tmp_path / 'data')
    options = {key: value for key, value in SMALL.items()
               if key != 'model.backbone.init_cfg'}
    options.update(SQUARE, **{
        'model.backbone.base_channels': 64, 'model.backbone.stem_channels': 64,
        'model.head.in_channels': 2048,
        'train_dataloader.dataset.data_root': str(tmp_path / 'data'),
        'val_dataloader.dataset.data_root': str(tmp_path / 'data')})
    with pytest.raises(FileNotFoundError,
                       match=r'model\.backbone\.init_cfg\.checkpoint=checkpoints/'
                       'resnet50_8xb32_in1k'):
        train_briefly('configs/resnet50_stanford_dogs.py', tmp_path / 'work', options)
