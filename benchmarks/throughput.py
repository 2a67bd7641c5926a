"""What the throughput benchmarks share: timing a config's Runner and a
plain PyTorch loop over the same data, after the same warm-up."""
import time
from typing import Callable

import torch
from mmengine.dataset import pseudo_collate
from mmengine.hooks import Hook

from projects.core.engine import build_runner


class _Stopwatch(Hook):
    """Time the iterations after ``warmup``."""

    def __init__(self, warmup):
        self.warmup, self.start, self.end = warmup, None, None

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if runner.iter + 1 == self.warmup:
            self.start = time.perf_counter()
        self.end = time.perf_counter()


def runner_seconds(cfg, warmup):
    """Seconds of the config's training iterations after ``warmup``."""
    runner = build_runner(cfg)
    stopwatch = _Stopwatch(warmup)
    runner.register_hook(stopwatch, 'LOWEST')
    runner.train()
    return stopwatch.end - stopwatch.start


def plain_loader(dataset, loader_cfg):
    """A shuffling torch DataLoader with the config's batch and workers."""
    return torch.utils.data.DataLoader(
        dataset, batch_size=loader_cfg.batch_size, shuffle=True,
        drop_last=True, num_workers=loader_cfg.num_workers,
        collate_fn=pseudo_collate,
        persistent_workers=loader_cfg.num_workers > 0)


def plain_loop_seconds(loader, step: Callable, iters, warmup):
    """Seconds of ``step(batch)`` on the batches after ``warmup``, up to
    ``iters`` batches in all (epochs repeat as needed)."""
    done, start = 0, None
    while done < iters:
        for batch in loader:
            step(batch)
            done += 1
            if done == warmup:
                start = time.perf_counter()
            if done == iters:
                break
    return time.perf_counter() - start


def alternating_rounds(plain_seconds: Callable, runner_seconds_: Callable,
                       rounds: int, images: int):
    """Images/s of the plain loop and of the Runner, measured in turns
    ``rounds`` times, so a slow spell of a shared machine hits both."""
    plain, runner = [], []
    for _ in range(rounds):
        plain.append(images / plain_seconds())
        runner.append(images / runner_seconds_())
    return plain, runner


def print_rounds(title: str, plain: list, runner: list) -> None:
    """The best round of each, their ratio, and every round."""
    print(f'{title}, {len(plain)} alternating rounds (best)')
    print(f'  plain PyTorch loop: {max(plain):8.2f} images/s  '
          f'{[round(p, 2) for p in plain]}')
    print(f'  MMEngine Runner:    {max(runner):8.2f} images/s  '
          f'({max(runner) / max(plain):.2f}x)  '
          f'{[round(r, 2) for r in runner]}', flush=True)
