"""The YOLOX recipes (n / s, SGD / AdamW, Aquarium / Oxford Pets exports)
train on tiny Roboflow exports, their schedules and mode switch included."""
import pytest

from tests.test_datasets.fake_data import (AQUARIUM, make_aquarium,
                                           write_roboflow_split)
from tests.test_datasets.utils import train_briefly

TINY = {
    # 64 px everywhere, 4 short epochs: warm-up, cosine, constant
    'train_dataloader.dataset.pipeline.0.img_scale': (64, 64),
    'train_dataloader.dataset.pipeline.1.border': (-32, -32),
    'train_dataloader.dataset.pipeline.2.img_scale': (64, 64),
    'train_dataloader.dataset.pipeline.5.scale': (64, 64),
    'val_dataloader.dataset.pipeline.1.scale': (64, 64),
    'test_dataloader.dataset.pipeline.1.scale': (64, 64),
    'model.data_preprocessor.batch_augments.0.random_size_range': (64, 96),
    'train_dataloader.batch_size': 2, 'val_dataloader.batch_size': 1,
    'train_cfg.max_epochs': 4, 'train_cfg.val_interval': 4,
    'train_cfg.dynamic_intervals': None,
    'param_scheduler.0.end': 1, 'param_scheduler.1.begin': 1,
    'param_scheduler.1.end': 3, 'param_scheduler.1.T_max': 2,
    'param_scheduler.2.begin': 3, 'param_scheduler.2.end': 4,
    'custom_hooks.1.num_last_epochs': 1,
    'default_hooks.checkpoint.interval': 4,
    'model.test_cfg.score_thr': 0.0,  # an untrained model's scores are low
}
PETS = [dict(id=0, name='pets', supercategory='none'),
        dict(id=1, name='cat', supercategory='pets'),
        dict(id=2, name='dog', supercategory='pets')]


def make_pets(root):
    for split, n in (('train', 3), ('valid', 1), ('test', 1)):
        write_roboflow_split(root / split, [
            (f'{split}{k}_jpg.rf.{k}.jpg', 64, 48,
             [(1 + k % 2, (4, 4, 30, 30)), (2, (30, 10, 20, 30))])
            for k in range(n)], categories=PETS)


@pytest.mark.parametrize('config, classes', [
    ('yolox_n_aquarium_adamw', AQUARIUM),  # inherits yolox_n_aquarium
    ('yolox_s_oxford_pets_species', ('cat', 'dog'))])
def test_recipe_trains(tmp_path, config, classes):
    data = tmp_path / 'data'
    make_aquarium(data) if classes == AQUARIUM else make_pets(data)
    roots = {'train_dataloader.dataset.dataset.data_root': f'{data}/',
             'val_dataloader.dataset.data_root': f'{data}/',
             'test_dataloader.dataset.data_root': f'{data}/'}
    runner = train_briefly(f'configs/{config}.py', tmp_path / 'work',
                           dict(TINY, **roots))
    assert runner.epoch == 4 and runner.iter == 8  # 3 images, batch 2
    assert runner.train_dataloader.dataset.dataset.metainfo['classes'] == classes
    assert runner.model.bbox_head.num_classes == len(classes)
    optimizer = runner.optim_wrapper.optimizer
    assert type(optimizer).__name__ == ('AdamW' if 'adamw' in config else 'SGD')
    # the mode switch turned Mosaic and MixUp off for the last epoch
    assert runner.model.bbox_head.use_l1
    assert list(tmp_path.glob('work/best_coco_bbox_fitness_epoch_*.pth'))
