"""Training throughput: the DANN config through MMEngine's Runner against a
plain PyTorch loop with the same networks, batch size and data, in one run.

    python benchmarks/dann_throughput.py --data-root ../shared/data/digits
Alternating rounds, the best of each. Target: Runner >= 0.95x the plain loop.
"""
import argparse
import copy
from pathlib import Path

import torch
from mmengine.registry import DATASETS, MODELS, DefaultScope

from projects.core.engine import load_config
from throughput import (alternating_rounds, plain_loader, plain_loop_seconds,
                        print_rounds, runner_seconds)

REPO = Path(__file__).resolve().parents[1]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--config', default='configs/dann_mnist_to_usps.py')
    parser.add_argument('--data-root', default=str(REPO.parent / 'shared/data/digits'))
    parser.add_argument('--iters', type=int, default=300)
    parser.add_argument('--warmup', type=int, default=30)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--work-dir', default='work_dirs/benchmark_dann_throughput')
    return parser.parse_args()


def dann_loop_seconds(cfg, iters, warmup):
    with DefaultScope.overwrite_default_scope('projects'):
        dataset = DATASETS.build(cfg.train_dataloader.dataset)
        model = MODELS.build(cfg.model)
    optimizer = torch.optim.SGD(model.parameters(), **{
        k: v for k, v in cfg.optim_wrapper.optimizer.items() if k != 'type'})
    model.train()

    def step(batch):
        data = model.data_preprocessor(batch, True)
        losses = model.loss(**data)
        loss = sum(v for k, v in losses.items() if k.startswith('loss'))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return plain_loop_seconds(plain_loader(dataset, cfg.train_dataloader),
                              step, iters, warmup)


def main():
    args = parse_args()
    mnist, usps = Path(args.data_root) / 'mnist', Path(args.data_root) / 'usps'
    cfg = load_config(args.config, work_dir=args.work_dir, cfg_options={
        'train_cfg.max_iters': args.iters, 'val_cfg': None,
        'val_dataloader': None, 'val_evaluator': None,
        'default_hooks.checkpoint.interval': 10 ** 9,
        'default_hooks.logger.interval': 100,
        'train_dataloader.dataset.source.data_root': str(mnist),
        'train_dataloader.dataset.source.split': 'test',
        'train_dataloader.dataset.target.data_root': str(usps),
    })
    images = 2 * cfg.train_dataloader.batch_size * (args.iters - args.warmup)
    plain, runner = alternating_rounds(
        lambda: dann_loop_seconds(cfg, args.iters, args.warmup),
        lambda: runner_seconds(copy.deepcopy(cfg), args.warmup),
        args.rounds, images)
    print_rounds(f'DANN training, {args.config}, batch '
                 f'{cfg.train_dataloader.batch_size} per domain, '
                 f'{args.iters - args.warmup} timed iterations', plain, runner)


if __name__ == '__main__':
    main()
