"""Registries: children of mmengine's, plugins by name, other libraries by prefix."""
import mmengine.registry as mmengine_registry
import pytest
from mmengine.registry import DefaultScope

from projects.core import registry
from projects.core.engine.errors import UnknownTypeError, explain_unknown_types
from projects.toy_shapes import ToyShapesDataset
from projects.core.utils import register_all_modules

register_all_modules()


def test_every_registry_is_a_child_of_mmengines():
    for name in ['DATASETS', 'MODELS', 'HOOKS', 'METRICS', 'TRANSFORMS']:
        ours = getattr(registry, name)
        assert ours.parent is getattr(mmengine_registry, name)
        assert ours.scope == 'projects'


def test_build_plugin_and_foreign_types_in_one_scope():
    with DefaultScope.overwrite_default_scope('projects'):
        ds = mmengine_registry.DATASETS.build(
            dict(type='ToyShapesDataset', num_samples=2, img_size=16))
        assert isinstance(ds, ToyShapesDataset)
        neck = mmengine_registry.MODELS.build(
            dict(type='mmpretrain.GlobalAveragePooling'))
        assert type(neck).__module__.startswith('mmpretrain')
        # A nested build (the head's loss) needs the other library's scope.
        head = mmengine_registry.MODELS.build(
            dict(_scope_='mmpretrain', type='LinearClsHead', num_classes=3,
                 in_channels=8))
        assert type(head.loss_module).__module__.startswith('mmpretrain')
        gen = mmengine_registry.MODELS.build(
            dict(_scope_='mmagic', type='DCGANGenerator', output_scale=16,
                 out_channels=3, base_channels=16, noise_size=8))
        assert type(gen).__module__.startswith('mmagic')


def _build(cfg):
    with DefaultScope.overwrite_default_scope('projects'):
        with explain_unknown_types('configs/x.py', dict(model=cfg)):
            mmengine_registry.MODELS.build(cfg)


def test_unknown_type_names_type_and_registries_searched():
    with pytest.raises(UnknownTypeError) as err:
        _build(dict(type='LinearClsHeed', num_classes=3, in_channels=8))
    message = str(err.value)
    assert 'configs/x.py' in message
    assert 'unknown model type "LinearClsHeed" (in model.type)' in message
    assert 'projects::model -> mmengine::model' in message
    assert 'LinearClsHead' in message  # a close match from mmpretrain


def test_type_of_another_library_without_prefix_says_which_scope():
    with pytest.raises(UnknownTypeError, match=r'mmdet\.RetinaNet'):
        _build(dict(type='RetinaNet'))


def test_misspelt_scope_prefix_names_the_known_scopes():
    with pytest.raises(UnknownTypeError) as err:
        _build(dict(type='mmdett.RetinaNet'))
    message = str(err.value)
    assert 'Registries searched: none: no library has the scope "mmdett"' \
        in message
    assert 'did you mean "mmdet"?' in message and 'mmpretrain' in message


def test_other_key_errors_pass_through_unchanged():
    with pytest.raises(KeyError) as err:
        with explain_unknown_types('configs/x.py'):
            {}['missing']
    assert not isinstance(err.value, UnknownTypeError)
