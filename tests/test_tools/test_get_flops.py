"""tools/analysis/get_flops.py: mmengine's counts on a config's model."""
import pytest
from mmengine.registry import DefaultScope

from projects.core.engine import load_config
from projects.core.registry import MODELS
from tests.test_datasets.utils import load_tool

get_flops = load_tool('tools/analysis/get_flops.py')


def test_counts_the_model_on_its_data_or_a_given_shape():
    from_data = get_flops.main(['configs/toy_classifier.py'])
    assert from_data['input_shape'] == (1, 3, 32, 32)
    cfg = load_config('configs/toy_classifier.py')
    with DefaultScope.overwrite_default_scope('projects'):
        model = MODELS.build(cfg.model)
    assert from_data['params'] == sum(p.numel() for p in model.parameters())
    bigger = get_flops.main(['configs/toy_classifier.py', '--shape', '64', '64'])
    # convolutions dominate: 4x the pixels, about 4x the FLOPs
    assert bigger['flops'] / from_data['flops'] == pytest.approx(4, rel=0.05)


def test_a_gan_counts_its_generator():
    result = get_flops.main(['configs/cgan_mnist.py'])
    assert result['input_shape'] == (1, 100)
    cfg = load_config('configs/cgan_mnist.py')
    with DefaultScope.overwrite_default_scope('projects'):
        model = MODELS.build(cfg.model)
    assert result['params'] == sum(p.numel() for p in model.generator.parameters())
