"""Training throughput of the framework's DCGAN (configs/dcgan_mnist.py) and
CycleGAN (configs/cyclegan_buffer_horse2zebra_128.py, batch 1) through
MMEngine's Runner against plain PyTorch loops with the same networks,
losses, Adam settings, batch and data, in alternating rounds of one run.

    python benchmarks/gan_throughput.py --mnist-root ../shared/data/digits/mnist
The CycleGAN reads unpaired folders written from scikit-image's photographs
(horse2zebra is not here). Target: Runner >= 0.95x the plain loop for each.
"""
import argparse
import copy
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from mmengine.registry import DATASETS, MODELS, DefaultScope

from projects.core.engine import load_config
from projects.gans import FakeHistoryBuffer
from throughput import (alternating_rounds, plain_loader, plain_loop_seconds,
                        print_rounds, runner_seconds)

REPO = Path(__file__).resolve().parents[1]
PHOTOS = dict(A=('astronaut', 'chelsea', 'coffee', 'cat'),
              B=('rocket', 'immunohistochemistry', 'hubble_deep_field',
                 'colorwheel'))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--models', nargs='+', default=['dcgan', 'cyclegan'],
                        choices=['dcgan', 'cyclegan'])
    parser.add_argument('--mnist-root',
                        default=str(REPO.parent / 'shared/data/digits/mnist'))
    parser.add_argument('--split', default='test',
                        help='the MNIST split there is (test here)')
    parser.add_argument('--dcgan-iters', type=int, default=200)
    parser.add_argument('--cyclegan-iters', type=int, default=40)
    parser.add_argument('--warmup', type=int, default=10)
    parser.add_argument('--rounds', type=int, default=2)
    parser.add_argument('--work-dir',
                        default='work_dirs/benchmark_gan_throughput')
    return parser.parse_args()


def adam(params, cfg):
    options = {k: v for k, v in cfg.optimizer.items() if k != 'type'}
    return torch.optim.Adam(params, **options)


def build_data_and_model(cfg):
    with DefaultScope.overwrite_default_scope('projects'):
        dataset = DATASETS.build(copy.deepcopy(cfg.train_dataloader.dataset))
        model = MODELS.build(copy.deepcopy(cfg.model))
    model.train()
    return dataset, model


def dcgan_loop_seconds(cfg, iters, warmup):
    """The DCGAN step written by hand: D on real and detached fakes, then G
    on fresh fakes, binary cross-entropy with logits, as DCGANFamily does."""
    dataset, model = build_data_and_model(cfg)
    generator, discriminator = model.generator, model.discriminator
    opt_g = adam(generator.parameters(), cfg.optim_wrapper.generator)
    opt_d = adam(discriminator.parameters(), cfg.optim_wrapper.discriminator)
    noise_size = cfg.model.noise_size

    def bce(pred, target):
        return F.binary_cross_entropy_with_logits(
            pred, torch.full_like(pred, target))

    def step(batch):
        real = model.data_preprocessor(batch, True)['data_samples'].gt_img
        fake = generator(torch.randn(len(real), noise_size))
        loss_d = bce(discriminator(real), 1.) + bce(
            discriminator(fake.detach()), 0.)
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        loss_g = bce(discriminator(generator(
            torch.randn(len(real), noise_size))), 1.)
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()

    return plain_loop_seconds(plain_loader(dataset, cfg.train_dataloader),
                              step, iters, warmup)


def cyclegan_loop_seconds(cfg, iters, warmup):
    """mmagic's CycleGAN step written by hand: both translations and cycles,
    the discriminators (LSGAN) on real and on current + past fakes, then the
    generators (LSGAN, cycle L1, identity L1) with the discriminators
    frozen."""
    dataset, model = build_data_and_model(cfg)
    gens, discs = model.generators, model.discriminators
    domains = list(model._reachable_domains)
    other = {domains[0]: domains[1], domains[1]: domains[0]}
    history = {d: FakeHistoryBuffer(cfg.model.buffer_size) for d in domains}
    opt_g = adam(gens.parameters(), cfg.optim_wrapper.generators)
    opt_d = adam(discs.parameters(), cfg.optim_wrapper.discriminators)
    weights = cfg.model.loss_config

    def lsgan(pred, target):
        return F.mse_loss(pred, torch.full_like(pred, target))

    def step(batch):
        real = model.data_preprocessor(batch, True)['inputs']
        real = {d: real[f'img_{d}'] for d in domains}
        fake = {d: gens[d](real[other[d]]) for d in domains}
        cycle = {d: gens[d](fake[other[d]]) for d in domains}
        loss_d = 0
        for d in domains:
            current = fake[d].detach()
            fakes = history[d].mix(current)
            history[d].push(current)
            loss_d = loss_d + 0.5 * (lsgan(discs[d](fakes), 0.) +
                                     lsgan(discs[d](real[d]), 1.))
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        discs.requires_grad_(False)
        loss_g = sum(
            lsgan(discs[d](fake[d]), 1.) +
            weights.cycle_loss_weight * F.l1_loss(cycle[d], real[d]) +
            weights.id_loss_weight * F.l1_loss(gens[d](real[d]), real[d])
            for d in domains)
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
        discs.requires_grad_(True)

    return plain_loop_seconds(plain_loader(dataset, cfg.train_dataloader),
                              step, iters, warmup)


def write_unpaired_photos(root: Path, size: int, train: int = 48,
                          test: int = 4) -> Path:
    """trainA/B, testA/B of random crops of two sets of photographs."""
    import skimage.data
    rng = np.random.default_rng(0)
    for domain, names in PHOTOS.items():
        photos = [getattr(skimage.data, name)()[..., :3] for name in names]
        for split, count in (('train', train), ('test', test)):
            folder = root / f'{split}{domain}'
            folder.mkdir(parents=True, exist_ok=True)
            for index in range(count):
                photo = photos[index % len(photos)]
                side = int(rng.integers(min(photo.shape[:2]) // 2,
                                        min(photo.shape[:2]) + 1))
                y = int(rng.integers(photo.shape[0] - side + 1))
                x = int(rng.integers(photo.shape[1] - side + 1))
                crop = cv2.resize(photo[y:y + side, x:x + side], (size, size))
                cv2.imwrite(str(folder / f'{index:04d}.jpg'), crop[..., ::-1])
    return root


def gan_config(name, args):
    hooks_off = {
        'train_cfg.max_iters': getattr(args, f'{name}_iters'),
        'default_hooks.checkpoint.interval': 10**9,
        'default_hooks.logger.interval': 100,
        'default_hooks.disc_histogram.interval': 10**9,
        'custom_hooks': [dict(type='RandomStateHook')],
    }
    work_dir = f'{args.work_dir}/{name}'
    if name == 'dcgan':
        return load_config('configs/dcgan_mnist.py', work_dir=work_dir,
                           cfg_options={
                               **hooks_off,
                               'train_dataloader.dataset.data_root':
                               args.mnist_root,
                               'train_dataloader.dataset.split': args.split})
    data_root = write_unpaired_photos(Path(work_dir) / 'photos', 150)
    cfg = load_config('configs/cyclegan_buffer_horse2zebra_128.py',
                      work_dir=work_dir, cfg_options={
                          **hooks_off,
                          'train_dataloader.dataset.data_root': str(data_root)})
    cfg.train_cfg = dict(type='IterBasedTrainLoop',
                         max_iters=args.cyclegan_iters)
    cfg.param_scheduler = None
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.test_cfg = cfg.test_dataloader = cfg.test_evaluator = None
    return cfg


LOOPS = dict(dcgan=dcgan_loop_seconds, cyclegan=cyclegan_loop_seconds)


def main():
    args = parse_args()
    for name in args.models:
        cfg = gan_config(name, args)
        iters = cfg.train_cfg.max_iters
        images = cfg.train_dataloader.batch_size * (iters - args.warmup)
        plain, runner = alternating_rounds(
            lambda: LOOPS[name](cfg, iters, args.warmup),
            lambda: runner_seconds(copy.deepcopy(cfg), args.warmup),
            args.rounds, images)
        print_rounds(f'{name} training, {cfg.filename}, batch '
                     f'{cfg.train_dataloader.batch_size}, '
                     f'{iters - args.warmup} timed iterations', plain, runner)

if __name__ == '__main__':
    main()
