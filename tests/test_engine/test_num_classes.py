"""A model's num_classes left None is the data's class count; a number
that disagrees with the data, or data that cannot be read, is an error
naming the field."""
import pytest
from mmengine.config import Config

from projects.core.engine.num_classes import NumClassesError, resolve_num_classes
from projects.core.utils import register_all_modules
from tests.test_datasets.fake_data import make_export
from tests.test_datasets.utils import captured_log

register_all_modules()


def config(tmp_path, model, dataset):
    (tmp_path / 'x.py').touch()
    return Config(dict(model=model, train_dataloader=dict(dataset=dataset)),
                  filename=str(tmp_path / 'x.py'))


def test_every_field_is_filled_through_dataset_wrappers(tmp_path):
    make_export(tmp_path / 'train', num_classes=4)
    export = dict(type='RoboflowCocoDataset', data_root=str(tmp_path),
                  split='train')
    cfg = config(tmp_path, dict(roi_head=dict(bbox_head=[dict(num_classes=None)] * 2),
                      data_preprocessor=dict(num_classes=None)),
                 dict(type='mmdet.MultiImageMixDataset', pipeline=[],
                      dataset=export))
    with captured_log() as log:
        resolve_num_classes(cfg)
    assert [h.num_classes for h in cfg.model.roi_head.bbox_head] == [4, 4]
    assert cfg.model.data_preprocessor.num_classes == 4
    assert ('x.py: model.roi_head.bbox_head.1.num_classes = 4, the '
            'classes of train_dataloader.dataset (c0, c1, c2, c3)'
            in log.getvalue())


def test_unreadable_data_is_an_error_only_where_the_number_is_needed(tmp_path):
    missing = dict(type='RoboflowCocoDataset', data_root='/nowhere/',
                   split='train')
    cfg = config(tmp_path, dict(head=dict(num_classes=None)), missing)
    with pytest.raises(NumClassesError, match=(
            r'x\.py: model\.head\.num_classes is None .*/nowhere/: '
            r'no Roboflow COCO export here.* --cfg-options '
            r'model\.head\.num_classes=N')):
        resolve_num_classes(cfg)
    resolve_num_classes(cfg, strict=False)  # a warning: tools may fill it
    assert cfg.model.head.num_classes is None
    resolve_num_classes(config(tmp_path, dict(head=dict(num_classes=3)),
                               missing))
