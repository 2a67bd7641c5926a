"""Training throughput of the framework's DCGAN (configs/dcgan_mnist.py)
through MMEngine's Runner against a plain PyTorch loop with the same
generator, discriminator, vanilla GAN loss, Adam settings, batch and data,
in alternating rounds of one run.

    python benchmarks/gan_throughput.py --data-root ../shared/data/digits/mnist
Target: Runner >= 0.95x the plain loop.
"""
import argparse
import copy
from pathlib import Path

import torch
import torch.nn.functional as F
from mmengine.registry import DATASETS, MODELS, DefaultScope

from projects.core.engine import load_config
from throughput import plain_loader, plain_loop_seconds, runner_seconds

REPO = Path(__file__).resolve().parents[1]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--config', default='configs/dcgan_mnist.py')
    parser.add_argument('--data-root',
                        default=str(REPO.parent / 'shared/data/digits/mnist'))
    parser.add_argument('--split', default='test',
                        help='the MNIST split there is (test here)')
    parser.add_argument('--iters', type=int, default=200)
    parser.add_argument('--warmup', type=int, default=20)
    parser.add_argument('--rounds', type=int, default=2)
    parser.add_argument('--work-dir',
                        default='work_dirs/benchmark_gan_throughput')
    return parser.parse_args()


def adam(module, cfg):
    options = {k: v for k, v in cfg.optimizer.items() if k != 'type'}
    return torch.optim.Adam(module.parameters(), **options)


def dcgan_loop_seconds(cfg, iters, warmup):
    """The DCGAN step written by hand: D on real and detached fakes, then G
    on fresh fakes, binary cross-entropy with logits, as DCGANFamily does."""
    with DefaultScope.overwrite_default_scope('projects'):
        dataset = DATASETS.build(copy.deepcopy(cfg.train_dataloader.dataset))
        model = MODELS.build(copy.deepcopy(cfg.model))
    generator, discriminator = model.generator, model.discriminator
    opt_g = adam(generator, cfg.optim_wrapper.generator)
    opt_d = adam(discriminator, cfg.optim_wrapper.discriminator)
    noise_size = cfg.model.noise_size
    model.train()

    def step(batch):
        real = model.data_preprocessor(batch, True)['data_samples'].gt_img
        fake = generator(torch.randn(len(real), noise_size))
        pred_real, pred_fake = discriminator(real), discriminator(
            fake.detach())
        loss_d = F.binary_cross_entropy_with_logits(
            pred_real, torch.ones_like(pred_real)) + \
            F.binary_cross_entropy_with_logits(
                pred_fake, torch.zeros_like(pred_fake))
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        pred = discriminator(generator(torch.randn(len(real), noise_size)))
        loss_g = F.binary_cross_entropy_with_logits(pred,
                                                    torch.ones_like(pred))
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()

    return plain_loop_seconds(plain_loader(dataset, cfg.train_dataloader),
                              step, iters, warmup)


def main():
    args = parse_args()
    cfg = load_config(args.config, work_dir=args.work_dir, cfg_options={
        'train_cfg.max_iters': args.iters,
        'default_hooks.checkpoint.interval': 10**9,
        'default_hooks.logger.interval': 100,
        'default_hooks.disc_histogram.interval': 10**9,
        'custom_hooks': [dict(type='RandomStateHook')],
        'train_dataloader.dataset.data_root': args.data_root,
        'train_dataloader.dataset.split': args.split,
    })
    images = cfg.train_dataloader.batch_size * (args.iters - args.warmup)
    plain, runner = [], []
    for _ in range(args.rounds):  # alternating: the same machine load
        plain.append(images / dcgan_loop_seconds(cfg, args.iters,
                                                 args.warmup))
        runner.append(images / runner_seconds(copy.deepcopy(cfg),
                                              args.warmup))
    print(f'DCGAN training, {args.config}, batch '
          f'{cfg.train_dataloader.batch_size}, {args.iters - args.warmup} '
          f'timed iterations, {args.rounds} alternating rounds (best)')
    print(f'  plain PyTorch loop: {max(plain):8.1f} images/s  {plain}')
    print(f'  MMEngine Runner:    {max(runner):8.1f} images/s  '
          f'({max(runner) / max(plain):.2f}x)  {runner}')


if __name__ == '__main__':
    main()
