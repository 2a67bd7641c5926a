"""--cfg-options on a config's top-level variables reach every use."""
from projects.core.engine import load_config
from projects.core.engine.variables import config_variables
from tests.utils import REPO


def roots(cfg) -> set:
    found = set()

    def walk(node):
        if isinstance(node, dict):
            found.update(v for k, v in node.items() if k == 'data_root')
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)
    walk(cfg.to_dict())
    return found


def test_source_and_target_roots_reach_train_val_and_test_loaders():
    for config in ('dann_mnist_to_usps', 'dann_mnist_to_usps_target_only',
                   'lenet5_mnist_to_usps_source_only'):
        cfg = load_config(str(REPO / f'configs/{config}.py'), cfg_options=dict(
            source_root='/d/mnist', target_root='/d/usps'))
        assert roots(cfg) == {'/d/mnist', '/d/usps'}, config
        assert roots(cfg.test_dataloader) <= {'/d/mnist', '/d/usps'}
        assert cfg.filename.endswith(f'configs/{config}.py')  # errors name it


def test_derived_values_follow_and_other_options_still_apply(tmp_path):
    base = tmp_path / 'base.py'
    base.write_text("size = (64, 64)\nroot = 'data/a/'\ntrain_root = root + 'train/'\n"
                    "pipe = [dict(type='Resize', scale=size),\n"
                    "        dict(type='Affine', border=(-size[0] // 2, 0))]\n")
    child = tmp_path / 'sub' / 'child.py'
    child.parent.mkdir()
    child.write_text("_base_ = ['../base.py']\n"
                     "loader = dict(root={{_base_.train_root}}, other={{_base_.root}})\n"
                     "model = dict(depth=3)\n")
    assert {'size', 'root'} <= config_variables(str(child))
    assert 'model' not in config_variables(str(child))  # a dict: merged as usual
    cfg = load_config(str(child), cfg_options={'size': (32, 16), 'root': '/x/',
                                               'model.depth': 5})
    assert cfg.pipe[0]['scale'] == (32, 16) and cfg.pipe[1]['border'] == (-16, 0)
    assert cfg.loader == dict(root='/x/train/', other='/x/')
    assert cfg.model.depth == 5
    assert not any(tmp_path.glob('**/*.py.*'))  # nothing written beside it


def test_configs_built_on_a_library_config_take_variables_too():
    # _base_ = ['mmdet::_base_/models/faster-rcnn_r50_fpn.py', ...]: the
    # library's file is left where mmengine finds it
    cfg = load_config(str(REPO / 'configs/faster_rcnn_r101_fpn_stanford_dogs.py'),
                      cfg_options={'load_from': '/weights/x.pth'})
    assert cfg.load_from == '/weights/x.pth'
    assert cfg.model.roi_head.bbox_head.type == 'Shared2FCBBoxHead'
