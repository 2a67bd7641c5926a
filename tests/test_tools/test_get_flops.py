"""tools/analysis/get_flops.py: mmengine's counts on a config's model."""
import pytest
import torch
from mmengine.analysis import get_model_complexity_info
from mmengine.registry import DefaultScope

from projects.core.engine import load_config
from projects.core.registry import MODELS
from tests.test_datasets.fake_data import make_unpaired
from tests.test_datasets.utils import load_tool
from tests.test_gans.test_sample_grid import GAN_CONFIGS

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


# --cfg-options that make GAN configs small, by name prefix
SMALL = {
    'biggan': ['model.generator.output_scale=32',
               'model.generator.base_channels=4',
               'model.generator.noise_size=8', 'model.generator.shared_dim=8',
               'model.discriminator.discriminator.input_scale=32',
               'model.discriminator.discriminator.base_channels=4'],
    'dcgan_faces': ['model.generator.base_channels=64',
                    'model.discriminator.base_channels=8'],
    'cyclegan': ['model.generator.base_channels=4',
                 'model.generator.num_blocks=1'],
}


def small(config):
    """The config's ``--cfg-options`` at test size, as command arguments."""
    options = next((options for prefix, options in SMALL.items()
                    if config.startswith(prefix)), [])
    return ['--cfg-options', *options] if options else []


def generators_of(config, options):
    parsed = get_flops.parse_args([config, *options])
    cfg = load_config(f'configs/{config}', cfg_options=parsed.cfg_options)
    with DefaultScope.overwrite_default_scope('projects'):
        model = MODELS.build(cfg.model)
    if hasattr(model, 'generators'):
        return list(model.generators.values())
    return [model.generator]


@pytest.mark.parametrize('config', GAN_CONFIGS)
def test_every_gan_config_counts_its_generators(config):
    options = small(config)
    result = get_flops.main([f'configs/{config}', '--shape', '32', '32',
                             *options])
    generators = generators_of(config, options)
    assert result['params'] == sum(p.numel() for g in generators
                                   for p in g.parameters())
    assert result['flops'] > 0
    if config.startswith('cyclegan'):
        assert result['what'] == 'generators horse, zebra, one image each'
        assert result['input_shape'] == (1, 3, 32, 32)  # --shape
    else:
        assert result['what'] == 'generator'
        assert len(result['input_shape']) == 2  # a noise vector


def test_cyclegan_counts_both_generators_on_its_first_test_image(tmp_path):
    make_unpaired(tmp_path, size=40,
                  counts=dict(trainA=1, trainB=1, testA=1, testB=1))
    config = 'cyclegan_buffer_horse2zebra_128.py'
    options = small(config)
    result = get_flops.main([f'configs/{config}', *options,
                             f'test_dataloader.dataset.data_root={tmp_path}'])
    assert result['input_shape'] == (1, 3, 128, 128)  # the test pipeline's
    one = get_model_complexity_info(generators_of(config, options)[0],
                                    inputs=(torch.zeros(1, 3, 128, 128), ))
    assert result['flops'] == 2 * one['flops']
    with pytest.raises(ValueError, match='pass --shape H W'):
        get_flops.main([f'configs/{config}', *options,
                        f'test_dataloader.dataset.data_root={tmp_path}/none'])
