"""The YOLOX recipes (n / s, SGD / AdamW, Aquarium / Oxford Pets exports)
train on tiny Roboflow exports, their schedules and mode switch included."""
import pytest

from projects.core.engine import build_runner, load_config
from projects.core.engine.config_checks import ConfigKeyError
from tests.test_datasets.fake_data import (AQUARIUM, make_aquarium,
                                           write_roboflow_split)
from tests.test_datasets.utils import train_briefly
from tests.utils import REPO

TINY = {
    # 64 px everywhere (pipelines and multi-scale range follow), 4 short
    # epochs: warm-up, cosine, constant
    'img_scale': (64, 64),
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
    runner = train_briefly(f'configs/{config}.py', tmp_path / 'work',
                           dict(TINY, data_root=f'{data}/'))
    assert runner.epoch == 4 and runner.iter == 8  # 3 images, batch 2
    assert runner.train_dataloader.dataset.dataset.metainfo['classes'] == classes
    assert runner.model.bbox_head.num_classes == len(classes)
    optimizer = runner.optim_wrapper.optimizer
    assert type(optimizer).__name__ == ('AdamW' if 'adamw' in config else 'SGD')
    # the mode switch turned Mosaic and MixUp off for the last epoch
    assert runner.model.bbox_head.use_l1
    assert list(tmp_path.glob('work/best_coco_bbox_fitness_epoch_*.pth'))


MIXING = {'mmdet.Mosaic', 'mmdet.RandomAffine', 'mmdet.MixUp'}


def test_mode_switch_turns_mosaic_affine_and_mixup_off(tmp_path):
    """The hook skipped 'Mosaic' while the pipeline names 'mmdet.Mosaic':
    Mosaic and MixUp ran to the end after "No mosaic and mixup aug now!"."""
    make_aquarium(tmp_path / 'data')
    cfg = load_config(str(REPO / 'configs/yolox_n_aquarium.py'),
                      cfg_options=dict(TINY, data_root=f'{tmp_path}/data/'),
                      work_dir=str(tmp_path / 'work'))
    cfg.train_dataloader.update(num_workers=0, persistent_workers=False)
    runner = build_runner(cfg)
    dataset = runner.train_dataloader.dataset
    ran = []
    for name, transform in zip(dataset.pipeline_types, dataset.pipeline):
        def spy(results, name=name, call=transform.transform):
            ran.append(name)
            return call(results)
        transform.transform = spy
    dataset[0]
    assert MIXING <= set(ran)
    hook, = [h for h in runner.hooks
             if type(h).__name__ == 'YOLOXModeSwitchHook']
    runner.train_loop._epoch = runner.max_epochs - hook.num_last_epochs - 1
    hook.before_train_epoch(runner)
    ran.clear()
    dataset[0]
    assert ran and not MIXING & set(ran)
    assert runner.model.bbox_head.use_l1


def test_skip_types_that_skip_nothing_are_an_error():
    cfg = load_config(str(REPO / 'configs/yolox_s_aquarium.py'))
    cfg.custom_hooks[1].pop('skip_type_keys')  # mmdet's default
    with pytest.raises(ConfigKeyError, match=(
            r"yolox_s_aquarium\.py: custom_hooks\[1\]\.skip_type_keys: "
            r"'Mosaic' skips nothing, as the train pipeline names it "
            r"'mmdet\.Mosaic'")):
        build_runner(cfg)
