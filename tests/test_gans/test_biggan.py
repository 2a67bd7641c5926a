"""BigGAN-deep on Stanford Dogs crops: class-embedding transfer from an
ImageNet checkpoint, DiffAugment, and both configs trained and resumed."""

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope

from projects.gans.biggan import (DiffAugmentDiscriminator, dataset_wnids,
                                  diff_augment, imagenet_wnids)
from projects.core.registry import MODELS
from projects.stanford_dogs import BREEDS, WNIDS
from projects.core.utils import register_all_modules
from tests.test_gan_metrics.helpers import save_tiny_stylegan
from tests.test_tools.test_resume import assert_same_tensors
from tests.utils import read_scalars, REPO, run_tool, stopped_run

CONFIG = 'configs/biggan_deep_dogs.py'
CONFIG_128 = 'configs/biggan_deep_dogs_128.py'
# BigGAN-deep at 32 px with 16 channels (base 4 x 4), 8-d noise and class
# embedding.
TINY_MODEL = {
    'model.generator.output_scale': 32, 'model.generator.base_channels': 4,
    'model.generator.noise_size': 8, 'model.generator.shared_dim': 8,
    'model.discriminator.discriminator.input_scale': 32,
    'model.discriminator.discriminator.base_channels': 4,
}


@pytest.fixture(scope='module')
def crops(tmp_path_factory):
    """Crops as tools/crop_boxes.py writes them: 3 of the 120 breeds."""
    root = tmp_path_factory.mktemp('crops')
    rng = np.random.default_rng(0)
    (root / 'meta').mkdir()
    (root / 'meta' / 'classes.txt').write_text(''.join(
        f'{name}\n' for name in BREEDS))
    (root / 'meta' / 'wnids.txt').write_text(''.join(
        f'{wnid}\n' for wnid in WNIDS))
    for split, per_class in (('train', 2), ('test', 1)):
        lines = []
        for label in range(3):
            folder = BREEDS[label].replace(' ', '_')
            (root / split / folder).mkdir(parents=True)
            for k in range(per_class):
                name = f'{folder}/{WNIDS[label]}_{k}_{k}_0.jpg'
                img = rng.integers(0, 256, (40, 40, 3), dtype=np.uint8)
                cv2.imwrite(str(root / split / name), img)
                lines.append(f'{name} {label}\n')
        (root / 'meta' / f'{split}.txt').write_text(''.join(lines))
    return root


@pytest.fixture(scope='module')
def inception(tmp_path_factory):
    path = tmp_path_factory.mktemp('weights') / 'tiny_inception.pt'
    return path, save_tiny_stylegan(path)


def build_model(model_cfg: dict):
    register_all_modules(init_default_scope=False)
    with DefaultScope.overwrite_default_scope('projects'):
        return MODELS.build(model_cfg)


def tiny_model_cfg(**changes) -> dict:
    cfg = Config.fromfile(REPO / CONFIG)
    cfg.merge_from_dict(TINY_MODEL)
    cfg.merge_from_dict(changes)
    return cfg.model.to_dict()


@pytest.fixture(scope='module')
def imagenet_checkpoint(tmp_path_factory):
    """An mmagic BigGAN-deep on 1000 classes whose class row i is i, the EMA
    generator 0.5 above the generator; (path, state dict)."""
    cfg = tiny_model_cfg()
    cfg.update(type='BigGAN', num_classes=1000, ema_config=dict(
        type='ExponentialMovingAverage', momentum=0.001))
    cfg.pop('pretrained')
    cfg['discriminator'] = cfg['discriminator']['discriminator']
    torch.manual_seed(0)
    state = build_model(cfg).state_dict()
    rows = torch.arange(1000.)
    for key in ('generator.shared_embedding.weight',
                'generator_ema.module.shared_embedding.weight',
                'discriminator.proj_y.weight_orig'):
        state[key][:] = rows[:, None]
    state['discriminator.proj_y.weight_u'][:] = rows
    for key, value in state.items():
        ema = key.startswith('generator_ema.module.')
        if ema and value.is_floating_point():
            value += 0.5
    path = tmp_path_factory.mktemp('ckpt') / 'imagenet.pth'
    torch.save({'state_dict': state, 'meta': {}}, path)
    return path, state


def test_class_names_map_to_imagenet_wnids(tmp_path):
    imagenet = imagenet_wnids()
    assert len(imagenet) == 1000 and list(imagenet) == sorted(imagenet)
    assert imagenet.index('n02085620') == 151  # Chihuahua
    assert dataset_wnids(['n02085620', 'n02085782-Japanese_spaniel',
                          ' n02085936 Maltese dog']) == [
        'n02085620', 'n02085782', 'n02085936']
    bad = tmp_path / 'wnids.txt'
    bad.write_text('n02085620\nPersian cat\n')
    with pytest.raises(ValueError, match=f'{bad}: class 1 "Persian cat" has '
                       'no WordNet id'):
        dataset_wnids(str(bad))


def test_transfer_keeps_the_breed_rows(crops, imagenet_checkpoint):
    path, source = imagenet_checkpoint
    model = build_model(tiny_model_cfg(**{
        'model.pretrained.checkpoint': str(path),
        'model.pretrained.wnids': str(crops / 'meta' / 'wnids.txt')}))
    model.init_weights()
    index = torch.tensor([imagenet_wnids().index(w) for w in WNIDS],
                         dtype=torch.float)
    state = model.state_dict()
    assert torch.equal(state['generator.shared_embedding.weight'][:, 0], index)
    assert torch.equal(
        state['generator_ema.module.shared_embedding.weight'][:, 0],
        index + 0.5)
    d_prefix = 'discriminator.discriminator.proj_y.'
    assert torch.equal(state[d_prefix + 'weight_orig'][:, 0], index)
    assert torch.equal(state[d_prefix + 'weight_u'], index)
    assert state[d_prefix + 'weight_orig'].shape[0] == 120
    # Everything else loads unchanged.
    for key, value in state.items():
        source_key = key.replace('discriminator.discriminator.',
                                 'discriminator.')
        if (source_key not in ('generator_ema.steps', )
                and source[source_key].shape == value.shape):
            assert torch.equal(value, source[source_key]), key


def test_without_checkpoint_the_ema_starts_as_the_generator():
    model = build_model(tiny_model_cfg())
    model.init_weights()
    ema = model.generator_ema.module.state_dict()
    for key, value in model.generator.state_dict().items():
        assert torch.equal(ema[key], value), key


def test_missing_checkpoint_names_the_file_and_the_field(crops):
    with pytest.raises(FileNotFoundError, match='model.pretrained.checkpoint: '
                       'checkpoint not found: /nowhere/biggan.pth'):
        build_model(tiny_model_cfg(**{
            'model.pretrained.checkpoint': '/nowhere/biggan.pth',
            'model.pretrained.wnids': str(crops / 'meta' / 'wnids.txt')}))


@pytest.mark.parametrize('policy', ['color', 'translation', 'cutout',
                                    'color,translation,cutout', ''])
def test_diff_augment_keeps_the_shape_and_passes_gradients(policy):
    x = torch.rand(3, 3, 16, 12).mul(2).sub(1).requires_grad_()
    y = diff_augment(x, policy)
    assert y.shape == x.shape
    y.square().sum().backward()
    assert x.grad.abs().sum() > 0


def test_diff_augment_is_deterministic_under_a_seed():
    x = torch.rand(4, 3, 16, 16)
    outs = []
    for seed in (0, 0, 1):
        torch.manual_seed(seed)
        outs.append(diff_augment(x, 'color,translation,cutout'))
    assert torch.equal(outs[0], outs[1]) and not torch.equal(outs[0], outs[2])
    # cutout zeroes a quarter of the image (half the side), or less at edges
    torch.manual_seed(0)
    zeros = (diff_augment(x, ['cutout']) == 0).float().mean()
    assert 0 < zeros <= 0.25


def test_unknown_policy_is_an_error():
    with pytest.raises(ValueError, match=r"unknown \['zoom'\]; choose from "
                       r"\['color', 'cutout', 'translation'\]"):
        diff_augment(torch.zeros(1, 3, 8, 8), 'color,zoom')
    with pytest.raises(ValueError, match='zoom'):
        build_model(dict(type='DiffAugmentDiscriminator', policy='zoom',
                         discriminator=dict(type='mmagic.ProjDiscriminator',
                                            input_scale=32)))


def test_wrapper_passes_labels_and_generator_gradients():
    model = build_model(tiny_model_cfg())
    assert isinstance(model.discriminator, DiffAugmentDiscriminator)
    assert model.discriminator.discriminator.num_classes == 120
    labels = torch.tensor([0, 119])
    fake = model.generator(torch.randn(2, 8), label=labels)
    score = model.discriminator(fake, label=labels)
    assert score.shape == (2, 1)
    score.sum().backward()
    grads = [p.grad for p in model.generator.parameters()]
    assert all(g is not None for g in grads) and sum(
        g.abs().sum() for g in grads) > 0
    model.discriminator.eval()  # no augmentation outside training
    with torch.no_grad():
        assert torch.equal(model.discriminator(fake, label=labels),
                           model.discriminator.discriminator(fake,
                                                             label=labels))


def train_options(crops, inception, iters):
    root = f'{crops}/'
    metric = 'val_evaluator.metrics'
    options = [f'{key}={value}' for key, value in TINY_MODEL.items()] + [
        f'model.pretrained.wnids={root}meta/wnids.txt',
        'model.ema_config.start_iter=0',
        'optim_wrapper.generator.accumulative_counts=1',
        'optim_wrapper.discriminator.accumulative_counts=1',
        f'train_cfg.max_iters={iters}', 'train_cfg.val_interval=100',
        'default_hooks.checkpoint.interval=2',
        'default_hooks.logger.interval=1',
        'custom_hooks.1.interval=2', 'custom_hooks.1.n_samples=4',
        f'{metric}.0.fake_nums=4', f'{metric}.0.real_stats=None',
        f'{metric}.1.fake_nums=4', f'{metric}.1.splits=2',
        f'{metric}.0.inception_path={inception[0]}',
        f'{metric}.1.inception_path={inception[0]}',
        f'{metric}.0.inception_sha256={inception[1]}',
        f'{metric}.1.inception_sha256={inception[1]}',
    ]
    for loader in ('train_dataloader', 'val_dataloader'):
        options += [
            f'{loader}.batch_size=2', f'{loader}.num_workers=0',
            f'{loader}.persistent_workers=False',
            f'{loader}.dataset.data_root={root}',
            f'{loader}.dataset.classes={root}meta/classes.txt',
            f'{loader}.dataset.pipeline.1.scale=(32,32)',
        ]
    return options


def train(config, work_dir, options, *extra):
    return run_tool('tools/train.py', config, '--work-dir', str(work_dir),
                    *extra, '--cfg-options', *options)


def test_256_config_trains_validates_and_resumes_exactly(crops, inception,
                                                         tmp_path):
    options = train_options(crops, inception, 4)
    straight, stopped = tmp_path / 'straight', tmp_path / 'stopped'
    proc = train(CONFIG, straight, options)
    assert 'FID/fid' in proc.stdout + proc.stderr
    assert {'disc_real_acc', 'disc_fake_mean'} <= set(read_scalars(straight)[4])
    stopped_run(straight, stopped, 2)
    train(CONFIG, stopped, options, '--resume')

    a = torch.load(straight / 'iter_4.pth')
    b = torch.load(stopped / 'iter_4.pth')
    assert a['meta']['iter'] == b['meta']['iter'] == 4
    # The EMA generator was averaged at iteration 4 (after the resume).
    assert int(a['state_dict']['generator_ema.steps']) == 2
    assert_same_tensors(a['state_dict'], b['state_dict'], 'state_dict')
    assert_same_tensors(a['optimizer'], b['optimizer'], 'optimizer')


def test_128_config_trains_from_an_imagenet_checkpoint(
        crops, inception, imagenet_checkpoint, tmp_path):
    options = train_options(crops, inception, 2) + [
        f'model.pretrained.checkpoint={imagenet_checkpoint[0]}']
    proc = train(CONFIG_128, tmp_path / 'work', options)
    log = proc.stdout + proc.stderr
    assert 'loaded into BigGANDeepGenerator' in log
    assert 'loaded into BigGANDeepDiscriminator' in log
    assert 'FID/fid' in log
    ckpt = torch.load(tmp_path / 'work' / 'iter_2.pth')
    embedding = ckpt['state_dict']['generator.shared_embedding.weight']
    assert embedding.shape[0] == 120


def test_real_images_are_scored_against_their_own_label():
    """mmagic stacks data-sample labels to (N, 1); BigGAN makes them (N, )."""
    from mmagic.structures import DataSample
    model = build_model(tiny_model_cfg())
    samples = DataSample.stack([DataSample().set_gt_label(i) for i in (3, 7)])
    assert samples.gt_label.label.shape == (2, 1)
    labels = model.data_sample_to_label(samples)
    assert labels.tolist() == [3, 7]
    model.eval()
    score = model.discriminator(torch.zeros(2, 3, 32, 32), label=labels)
    assert score.shape == (2, 1)


def test_generator_only_checkpoint(crops, imagenet_checkpoint, tmp_path):
    """As mmagic's converted BigGAN-deep: EMA weights only, old-style keys
    (no ``module.``): they start the generator and the EMA generator."""
    _, source = imagenet_checkpoint
    prefix = 'generator_ema.module.'
    state = {'generator_ema.' + key[len(prefix):]: value
             for key, value in source.items() if key.startswith(prefix)}
    path = tmp_path / 'ema_only.pth'
    torch.save({'state_dict': state}, path)
    model = build_model(tiny_model_cfg(**{
        'model.pretrained.checkpoint': str(path),
        'model.pretrained.wnids': str(crops / 'meta' / 'wnids.txt')}))
    model.init_weights()
    chihuahua = imagenet_wnids().index('n02085620') + 0.5
    for net in (model.generator, model.generator_ema.module):
        assert net.shared_embedding.weight[0, 0].item() == chihuahua
        assert torch.equal(net.noise2feat.weight_orig,
                           source[prefix + 'noise2feat.weight_orig'])
