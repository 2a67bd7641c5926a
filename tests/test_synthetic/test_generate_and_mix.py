"""tools/generate_dataset.py and the real/synthetic mix, on a tiny CGAN."""
import importlib.util
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from mmengine.registry import DATASETS, MODELS, DefaultScope
from mmpretrain.datasets import CustomDataset
from torch import nn

from projects.core.utils import register_all_modules
from projects.synthetic import (PhasedSampler, RealSyntheticDataset,
                                write_lists, write_samples)
from projects.core.engine import load_config
from tests.utils import REPO

register_all_modules()
_spec = importlib.util.spec_from_file_location(
    'generate_dataset', REPO / 'tools/generate_dataset.py')
generate_dataset = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_dataset)
CGAN = 'configs/cgan_mnist.py'
TINY = {'model.generator.base_channels': 4,
        'model.discriminator.base_channels': 4}


def tiny_cgan() -> nn.Module:
    """A tiny untrained CGAN of configs/cgan_mnist.py."""
    cfg = load_config(CGAN, cfg_options=TINY)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('projects'):
        return MODELS.build(cfg.model)


@pytest.fixture(scope='module')
def cgan(tmp_path_factory):
    """:func:`tiny_cgan` and its checkpoint."""
    model = tiny_cgan()
    path = tmp_path_factory.mktemp('cgan') / 'cgan.pth'
    torch.save(dict(state_dict=model.state_dict()), path)
    return model, str(path)


def tree(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob('*')) if p.is_file()}


def generate(out: Path, checkpoint: str, *extra: str) -> None:
    generate_dataset.main([CGAN, checkpoint, '--per-class', '3', '--out',
                           str(out), '--cfg-options',
                           *[f'{k}={v}' for k, v in TINY.items()], *extra])


def read_synthetic(out: Path) -> CustomDataset:
    return CustomDataset(data_root=str(out), data_prefix='train',
                         ann_file='meta/train.txt',
                         classes=str(out / 'meta/classes.txt'))


def test_writes_n_per_class_in_the_crop_layout(cgan, tmp_path):
    generate(tmp_path, cgan[1], '--batch-size', '7')
    dataset = read_synthetic(tmp_path)
    assert dataset.CLASSES == tuple(str(d) for d in range(10))
    assert np.bincount(dataset.get_gt_labels()).tolist() == [3] * 10
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        assert Path(info['img_path']).parent.name == str(info['gt_label'])
        assert cv2.imread(info['img_path'], cv2.IMREAD_UNCHANGED).shape == (28, 28)
    images = [cv2.imread(dataset.get_data_info(i)['img_path']) for i in range(2)]
    assert not np.array_equal(*images)  # each sample its own noise


def test_two_processes_write_the_set_of_one(cgan, tmp_path):
    """Ranks 0 and 1 of 2, with another batch size, write the same bytes."""
    model, checkpoint = cgan
    generate(tmp_path / 'one', checkpoint)
    two = tmp_path / 'two'
    written = [write_samples(model, [str(d) for d in range(10)], 3, str(two),
                             batch_size=4, rank=rank, world_size=2)
               for rank in (0, 1)]
    assert sorted(written[0] + written[1]) == list(range(30))
    assert not set(written[0]) & set(written[1])
    write_lists([str(d) for d in range(10)], 3, str(two), world_size=2)
    assert tree(tmp_path / 'one') == tree(two)
    generate(tmp_path / 'seed1', checkpoint, '--seed', '1')
    assert tree(tmp_path / 'one') != tree(tmp_path / 'seed1')


class PrefersClassZero(nn.Module):
    """A 'classifier' whose logits favour low classes and bright images."""

    def __init__(self):
        super().__init__()
        self.bias = nn.Parameter(-torch.arange(10.0))

    def forward(self, images):
        return self.bias + images.mean((1, 2, 3))[:, None] / 255 * \
            torch.arange(10.0)


def test_scores_are_the_classifier_confidence(cgan, tmp_path):
    model, _ = cgan
    classes = [str(d) for d in range(10)]
    for rank in (0, 1):
        write_samples(model, classes, 2, str(tmp_path), batch_size=3,
                      classifier=PrefersClassZero(), rank=rank, world_size=2)
    write_lists(classes, 2, str(tmp_path), world_size=2)
    lines = (tmp_path / 'meta/train_scores.txt').read_text().splitlines()
    assert len(lines) == 20 and not list((tmp_path / 'meta').glob('.*rank*'))
    for line in lines:
        name, label, confidence = line.split()
        image = cv2.imread(str(tmp_path / 'train' / name), cv2.IMREAD_GRAYSCALE)
        logits = PrefersClassZero()(torch.tensor(image).float()[None, None])
        expected = logits.softmax(1)[0, int(label)].item()
        assert float(confidence) == pytest.approx(expected, abs=1e-5)


def test_samples_come_from_the_ema_generator(tmp_path):
    """configs/cgan_mnist.py keeps an EMA generator: its images are written,
    not the trained generator's."""
    model = tiny_cgan()  # its own: the weights are zeroed below
    assert model.with_ema_gen
    classes = [str(d) for d in range(10)]

    def flat_images(out: Path) -> bool:
        write_samples(model, classes, 1, str(out))
        images = [cv2.imread(str(p), cv2.IMREAD_GRAYSCALE)
                  for p in sorted((out / 'train').rglob('*.png'))]
        return all(np.array_equal(images[0], image) for image in images)

    def zero(module: nn.Module) -> None:  # zero weights: one flat grey image
        for weight in module.parameters():
            weight.data.zero_()

    zero(model.generator)
    assert not flat_images(tmp_path / 'trained_zeroed')
    zero(model.generator_ema)
    assert flat_images(tmp_path / 'both_zeroed')


def write_real(root: Path, per_class: int, classes=10) -> CustomDataset:
    lines = []
    for label in range(classes):
        (root / str(label)).mkdir(parents=True, exist_ok=True)
        for k in range(per_class):
            cv2.imwrite(str(root / str(label) / f'real{k}.png'),
                        np.full((28, 28), label * 20 + k, np.uint8))
            lines.append(f'{label}/real{k}.png {label}')
    (root / 'list.txt').write_text('\n'.join(lines) + '\n')
    (root / 'classes.txt').write_text(
        ''.join(f'{c}\n' for c in range(classes)))
    return dict(type='mmpretrain.CustomDataset', data_root=str(root),
                ann_file='list.txt', classes=str(root / 'classes.txt'))


def write_fake(root: Path, per_class: int, confidence) -> dict:
    """A synthetic set in generate_dataset's layout with given scores."""
    (root / 'meta').mkdir(parents=True)
    lines, scores = [], []
    for i in range(per_class * 10):
        name = f'{i % 10}/{i // 10:06d}.png'
        (root / 'train' / str(i % 10)).mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(root / 'train' / name), np.zeros((28, 28), np.uint8))
        lines.append(f'{name} {i % 10}')
        scores.append(f'{name} {i % 10} {confidence(i)}')
    (root / 'meta/train.txt').write_text('\n'.join(lines) + '\n')
    (root / 'meta/train_scores.txt').write_text('\n'.join(scores) + '\n')
    (root / 'meta/classes.txt').write_text(''.join(f'{c}\n' for c in range(10)))
    return dict(type='mmpretrain.CustomDataset', data_root=str(root),
                data_prefix='train', ann_file='meta/train.txt',
                classes=str(root / 'meta/classes.txt'))


def parts(dataset):
    """'real' or 'synthetic' of each item, by its folder (the synthetic
    sets of these tests are under ``fake/``)."""
    return ['synthetic' if 'fake' in Path(dataset.get_data_info(i)['img_path'])
            .parts else 'real' for i in range(len(dataset))]


@pytest.mark.parametrize('fraction', [0.0, 0.25, 0.5, 1.0])
def test_fixed_total_with_a_real_fraction(tmp_path, fraction):
    mix = DATASETS.build(dict(
        type='RealSyntheticDataset', real=write_real(tmp_path / 'real', 4),
        synthetic=write_fake(tmp_path / 'fake', 4, lambda i: 0.5),
        total=40, real_fraction=fraction))
    kinds = parts(mix)
    assert len(mix) == 40 and kinds.count('real') == round(40 * fraction)
    labels = [mix.get_data_info(i)['gt_label'] for i in range(40)]
    fake_labels = [lab for lab, k in zip(labels, kinds) if k == 'synthetic']
    assert np.bincount(fake_labels, minlength=10).max() - \
        np.bincount(fake_labels, minlength=10).min() <= 1
    assert mix.metainfo['classes'] == tuple(str(c) for c in range(10))


def test_whole_real_set_plus_n_most_confident(tmp_path):
    # Sample i's confidence rises with i: the best of each class are the last.
    mix = RealSyntheticDataset(
        real=write_real(tmp_path / 'real', 2),
        synthetic=write_fake(tmp_path / 'fake', 5, lambda i: i / 100),
        num_synthetic=20, selection='confident', order='synthetic_first')
    assert parts(mix) == ['synthetic'] * 20 + ['real'] * 20
    names = sorted(Path(mix.get_data_info(i)['img_path']).name
                   for i in range(20))
    assert names == sorted(['000003.png', '000004.png'] * 10)
    assert mix.part_names == ['synthetic', 'real']


def test_phased_sampler_trains_on_one_part_then_the_other(tmp_path):
    mix = RealSyntheticDataset(
        real=write_real(tmp_path / 'real', 1),
        synthetic=write_fake(tmp_path / 'fake', 2, lambda i: 0.5),
        num_synthetic=20, order='real_first')
    sampler = PhasedSampler(mix, passes_per_phase=2, seed=0)
    order = list(sampler)
    assert len(order) == len(sampler) == 60
    assert all(i < 10 for i in order[:20]) and all(i >= 10 for i in order[20:])
    assert sorted(order[:10]) == list(range(10)) != order[:10]  # shuffled
    sampler.set_epoch(1)
    assert list(sampler) != order


def test_wrong_classes_or_sizes_are_clear_errors(tmp_path):
    fake = write_fake(tmp_path / 'fake', 2, lambda i: 0.5)
    with pytest.raises(ValueError, match='classes of .*train.txt'):
        RealSyntheticDataset(real=write_real(tmp_path / 'r5', 1, classes=5),
                             synthetic=fake, num_synthetic=5)
    real = write_real(tmp_path / 'real', 1)
    with pytest.raises(ValueError, match='3 synthetic images of class 0'):
        RealSyntheticDataset(real=real, synthetic=fake, num_synthetic=30)
    with pytest.raises(ValueError, match='needs 18 real images'):
        RealSyntheticDataset(real=real, synthetic=fake, total=20,
                             real_fraction=0.9)
    with pytest.raises(ValueError, match='order must be one of'):
        RealSyntheticDataset(real=real, synthetic=fake, num_synthetic=1,
                             order='real_last')
    (tmp_path / 'fake/meta/train_scores.txt').unlink()
    with pytest.raises(FileNotFoundError, match='train_scores.txt'):
        RealSyntheticDataset(real=real, synthetic=fake, num_synthetic=10,
                             selection='confident')


@pytest.mark.parametrize('config', [
    # both inherit digit_classifier_mnist_mix (confident selection: its
    # own test above)
    'digit_classifier_mnist_synthetic_first',
    'digit_classifier_mnist_real_plus_synthetic'])
def test_mix_configs_train(tmp_path, config):
    from tests.test_datasets.fake_data import make_mnist
    from tests.test_datasets.utils import train_briefly
    make_mnist(tmp_path / 'mnist', 'train', n=20)
    make_mnist(tmp_path / 'mnist', 't10k', n=10)
    write_fake(tmp_path / 'fake', 2, lambda i: i / 100)
    root = f'{tmp_path}/fake/'
    options = {
        'train_dataloader.dataset.real.data_root': str(tmp_path / 'mnist'),
        'train_dataloader.dataset.synthetic.data_root': root,
        'train_dataloader.dataset.synthetic.classes': root + 'meta/classes.txt',
        'val_dataloader.dataset.data_root': str(tmp_path / 'mnist'),
        'train_dataloader.batch_size': 8, 'train_cfg.max_iters': 2,
        'train_cfg.val_interval': 2, 'default_hooks.checkpoint.interval': 2}
    if config.endswith('plus_synthetic'):
        options['train_dataloader.dataset.num_synthetic'] = 20
    runner = train_briefly(f'configs/{config}.py', tmp_path / 'run', options)
    mix = runner.train_dataloader.dataset
    assert isinstance(mix, RealSyntheticDataset)
    assert parts(mix).count('synthetic') == 20 if 'plus' in config else 10
    assert len(mix) == 40 if 'plus' in config else 20
    assert runner.iter == 2
    phased = isinstance(runner.train_dataloader.sampler, PhasedSampler)
    assert phased == config.endswith('_first')
    assert mix.part_names[0] == ('synthetic' if phased else 'real')


def test_class_names_from_the_config_or_a_file(tmp_path):
    from mmengine.config import Config
    names = tmp_path / 'classes.txt'
    names.write_text('husky\npug\n')
    cfg = Config(dict(train_dataloader=dict(dataset=dict(
        type='mmagic.ImageNet', classes=str(names)))))
    assert generate_dataset.class_names(cfg, 2) == ['husky', 'pug']
    with pytest.raises(ValueError, match='2 class names .* of 3 classes'):
        generate_dataset.class_names(cfg, 3)
    mnist = load_config(CGAN)
    assert generate_dataset.class_names(mnist, 10) == [str(d) for d in range(10)]


def test_an_unconditional_generator_is_refused(tmp_path):
    cfg = load_config('configs/dcgan_mnist.py')
    with DefaultScope.overwrite_default_scope('projects'):
        model = MODELS.build(cfg.model)
    with pytest.raises(TypeError, match='not class-conditional'):
        write_samples(model, ['0'], 1, str(tmp_path))


def test_class_names_from_the_dataset_type():
    from mmengine.config import Config
    cfg = Config(dict(default_scope='projects', train_dataloader=dict(
        dataset=dict(type='ToyShapesDataset'))))
    from projects.toy_shapes.dataset import SHAPES
    assert generate_dataset.class_names(cfg, 4) == list(SHAPES)
