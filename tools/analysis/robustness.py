"""Clean and robust accuracy of a classifier for a list of epsilons.

    python tools/analysis/robustness.py configs/digit_classifier_mnist.py \
        CHECKPOINT --attacks fgsm pgd --eps 0 0.05 0.1 0.2 0.3 --pixel-max 1

Runs the config's test set through ``RobustTestLoop`` with FGSM / PGD at
each epsilon, prints the table and saves, in --out-dir (default: the work
dir), ``robustness.csv``, ``robustness.png`` (accuracy against epsilon) and
``adversarial_examples.png`` (clean, adversarial and amplified difference
images of the first test images at the largest epsilon of each attack).
"""
import argparse
import csv
import os
import os.path as osp

import torch

from projects.core.engine import build_runner, load_config, parse_runner_args
from projects.core.figures import new_figure, save_figure
from projects.robustness import build_attack
from projects.robustness.attacks import pixel_transform, to_image

ATTACKS = dict(fgsm='FGSM', pgd='PGD')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--attacks', nargs='+', default=['fgsm', 'pgd'],
                        choices=sorted(ATTACKS))
    parser.add_argument('--eps', nargs='+', type=float, required=True,
                        help='epsilons in units of --pixel-max')
    parser.add_argument('--pixel-max', type=float, default=255,
                        help='255: eps=8 means 8 of 255; 1: eps=0.03')
    parser.add_argument('--steps', type=int, default=10, help='PGD steps')
    parser.add_argument('--step-size', type=float,
                        help='PGD step (default 2.5 eps / steps)')
    parser.add_argument('--no-random-start', action='store_true')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--examples', type=int, default=8,
                        help='test images in the picture of examples')
    parser.add_argument('--work-dir', help='the dir of the test logs')
    parser.add_argument('--out-dir', help='defaults to the work dir')
    return parse_runner_args(parser)


def attack_configs(args):
    configs = []
    for name in args.attacks:
        for eps in args.eps:
            cfg = dict(type=ATTACKS[name], eps=eps, pixel_max=args.pixel_max,
                       seed=args.seed)
            if name == 'pgd':
                cfg.update(steps=args.steps,
                           random_start=not args.no_random_start)
                if args.step_size is not None:
                    cfg.update(step_size=args.step_size)
            configs.append(cfg)
    return configs


def table(metrics: dict, args) -> list:
    """Rows ``[eps, clean, <attack>...]`` in percent."""
    return [[eps, metrics['robust/clean']] +
            [metrics[f'robust/{name}@{eps:g}'] for name in args.attacks]
            for eps in args.eps]


def plot_table(rows, args, path):
    fig = new_figure(5, 3.5)
    ax = fig.add_subplot()
    eps = [row[0] for row in rows]
    for column, name in enumerate(args.attacks, 2):
        ax.plot(eps, [row[column] for row in rows], marker='o',
                label=name.upper())
    ax.axhline(rows[0][1], color='k', linestyle='--', linewidth=1,
               label='clean')
    unit = '/255' if args.pixel_max == 255 else ' (0-1 pixels)'
    ax.set(xlabel=f'epsilon{unit}', ylabel='accuracy (%)', ylim=(0, 100),
           title='robust accuracy')
    ax.legend()
    save_figure(fig, path)


def plot_examples(model, data_batch, configs, args, path):
    """Clean / adversarial / difference rows, one block per attack."""
    data = model.data_preprocessor(data_batch, False)
    inputs = data['inputs'][:args.examples]
    labels = torch.cat([s.gt_label for s in data['data_samples']])[
        :len(inputs)].to(inputs.device)
    mean, std = (t.to(inputs) for t in pixel_transform(model))
    strongest = [max((c for c in configs if c['type'] == ATTACKS[name]),
                     key=lambda c: c['eps']) for name in args.attacks]
    fig = new_figure(1.3 * len(inputs), 1.4 * 3 * len(strongest))
    pixels = inputs * std + mean
    for block, cfg in enumerate(strongest):
        attack = build_attack(cfg)
        adversarial = attack(model, inputs, labels)
        with torch.no_grad():
            predicted = model(adversarial, mode='tensor').argmax(1)
        adv_pixels = adversarial * std + mean
        difference = (adv_pixels - pixels).abs()
        difference = difference * 255 / difference.max().clamp(min=1e-6)
        for row, (title, images) in enumerate(
                (('clean', pixels), (attack.key, adv_pixels),
                 ('|difference|, amplified', difference))):
            for col in range(len(inputs)):
                ax = fig.add_subplot(3 * len(strongest), len(inputs),
                                     (3 * block + row) * len(inputs) + col + 1)
                ax.imshow(to_image(images[col]), cmap='gray')
                ax.set_xticks([])
                ax.set_yticks([])
                if row == 1:
                    ax.set_title(f'pred {predicted[col].item()}', fontsize=7)
                elif row == 0:
                    ax.set_title(f'true {labels[col].item()}', fontsize=7)
                if col == 0:
                    ax.set_ylabel(title, fontsize=7)
    save_figure(fig, path)


def main():
    args = parse_args()
    cfg = load_config(args.config, args.launcher, args.cfg_options,
                      args.work_dir)
    configs = attack_configs(args)
    cfg.load_from = args.checkpoint
    cfg.test_cfg = dict(type='RobustTestLoop')
    cfg.test_evaluator = dict(type='RobustAccuracy', attacks=configs)
    runner = build_runner(cfg)
    metrics = runner.test()
    if runner.rank != 0:
        return
    rows = table(metrics, args)
    header = ['eps', 'clean'] + [name.upper() for name in args.attacks]
    print(' '.join(f'{h:>8}' for h in header))
    for row in rows:
        print(f'{row[0]:>8g} ' + ' '.join(f'{v:8.2f}' for v in row[1:]))

    out_dir = args.out_dir or runner.work_dir
    os.makedirs(out_dir, exist_ok=True)
    with open(osp.join(out_dir, 'robustness.csv'), 'w', newline='') as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    plot_table(rows, args, osp.join(out_dir, 'robustness.png'))
    model = runner.model.module if hasattr(runner.model, 'module') \
        else runner.model
    plot_examples(model, next(iter(runner.test_dataloader)), configs, args,
                  osp.join(out_dir, 'adversarial_examples.png'))
    print(f'saved robustness.csv, robustness.png and adversarial_examples.png '
          f'in {out_dir}')


if __name__ == '__main__':
    main()
