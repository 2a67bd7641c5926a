"""The Faster R-CNN R-101 FPN recipes on Stanford Dogs train on a tiny
converted set: from scratch (GroupNorm) and from a COCO checkpoint whose
80-class box head does not fit the 120 breeds."""
import pytest
import torch

from projects.core.engine.tools import build_runner, load_config
from projects.core.utils import register_all_modules
from tests.test_datasets.fake_data import make_stanford_dogs
from tests.test_datasets.utils import load_tool, train_briefly
from tests.utils import REPO

register_all_modules()
CONFIG = 'configs/faster_rcnn_r101_fpn_stanford_dogs{}.py'


@pytest.fixture(scope='module')
def dogs(tmp_path_factory):
    root = tmp_path_factory.mktemp('dogs')
    make_stanford_dogs(root, breeds=(0, 1), per_split=(2, 1))
    load_tool('tools/dataset_converters/stanford_dogs_to_coco.py').main([str(root)])
    return root


# A narrow ResNet-18 and few proposals: the recipes' structure, trained fast.
NARROW = {
    'model.backbone.depth': 18, 'model.neck.in_channels': [64, 128, 256, 512],
    'model.neck.out_channels': 32, 'model.rpn_head.in_channels': 32,
    'model.rpn_head.feat_channels': 32,
    'model.roi_head.bbox_roi_extractor.out_channels': 32,
    'model.roi_head.bbox_head.in_channels': 32,
    'model.roi_head.bbox_head.fc_out_channels': 64,
    'model.train_cfg.rpn_proposal.nms_pre': 100,
    'model.train_cfg.rpn_proposal.max_per_img': 50,
    'model.train_cfg.rcnn.sampler.num': 32,
    'model.test_cfg.rpn.nms_pre': 100, 'model.test_cfg.rpn.max_per_img': 50,
}


def tiny(dogs, **options):
    return {**NARROW,'train_dataloader.dataset.data_root': str(dogs),
            'val_dataloader.dataset.data_root': str(dogs),
            'test_dataloader.dataset.data_root': str(dogs),
            'train_dataloader.dataset.pipeline.2.scale': (64, 64),
            'val_dataloader.dataset.pipeline.1.scale': (64, 64),
            'test_dataloader.dataset.pipeline.1.scale': (64, 64),
            'train_dataloader.batch_size': 2, 'val_dataloader.batch_size': 2,
            'train_cfg.max_iters': 2, 'train_cfg.val_interval': 2,
            'default_hooks.checkpoint.interval': 2,
            'model.test_cfg.rcnn.score_thr': 0.0,  # untrained: low scores
            **options}


def test_from_scratch_trains_with_group_norm(dogs, tmp_path):
    runner = train_briefly(CONFIG.format('_scratch'), tmp_path, tiny(dogs))
    model = runner.model
    assert runner.iter == 2
    assert type(model.backbone.layer4[-1].norm2).__name__ == 'GroupNorm'
    assert type(model.roi_head.bbox_head).__name__ == 'Shared4Conv1FCBBoxHead'
    assert model.roi_head.bbox_head.fc_cls.out_features == 121  # + background
    # fitness chose (and named) the best checkpoint
    assert list(tmp_path.glob('best_coco_bbox_fitness_iter_2.pth'))


def test_recipes_are_resnet_101_fpn_for_the_breeds():
    for variant in ('', '_coco', '_scratch'):
        model = load_config(str(REPO / CONFIG.format(variant))).model
        assert (model.type, model.backbone.depth) == ('FasterRCNN', 101)
        assert model.roi_head.bbox_head.num_classes == 120


def coco_checkpoint(path):
    """A checkpoint of the same network with COCO's 80-class box head."""
    cfg = load_config(str(REPO / CONFIG.format('')), cfg_options={
        **NARROW, 'model.roi_head.bbox_head.num_classes': 80,
        'model.backbone.init_cfg': None})
    from mmdet.registry import MODELS
    model = MODELS.build(cfg.model)
    torch.save({'state_dict': model.state_dict(), 'meta': {}}, path)
    return model.state_dict()


def test_from_coco_weights_loads_all_but_the_box_head(dogs, tmp_path):
    coco = coco_checkpoint(tmp_path / 'coco.pth')
    runner = train_briefly(CONFIG.format('_coco'), tmp_path / 'work', tiny(
        dogs, load_from=str(tmp_path / 'coco.pth'),
        **{'train_cfg.max_iters': 1, 'train_cfg.val_interval': 10}))
    state = runner.model.state_dict()
    # frozen by the recipe (stem and stage 1): exactly the file's weights
    for key in ('backbone.conv1.weight', 'backbone.layer1.0.conv1.weight'):
        assert torch.equal(state[key], coco[key])
    assert state['roi_head.bbox_head.fc_cls.weight'].shape[0] == 121
    assert coco['roi_head.bbox_head.fc_cls.weight'].shape[0] == 81


def test_missing_coco_checkpoint_is_named(dogs, tmp_path):
    cfg = load_config(str(REPO / CONFIG.format('_coco')), cfg_options=tiny(dogs),
                      work_dir=str(tmp_path))
    runner = build_runner(cfg)
    with pytest.raises(FileNotFoundError, match=f'load_from={cfg.load_from}'):
        runner.train()
