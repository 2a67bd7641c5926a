"""Robust accuracy of the digit classifier on real MNIST, with and without
adversarial training.

Only the MNIST test split is available offline: the first 8,000 images
train configs/digit_classifier_mnist.py and its adversarial variant
(configs/digit_classifier_mnist_adversarial.py, PGD eps 0.3 examples in
every batch); the last 2,000 are attacked with FGSM and PGD
(tools/analysis/robustness.py) at each epsilon, in 0-1 pixel units.

    python benchmarks/robustness_mnist.py --data-root ../shared/data/digits/mnist
"""
import argparse
import csv
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NUM_TRAIN = 8000
HELD_OUT = f'list(range({NUM_TRAIN}, 10000))'
CONFIGS = dict(standard='configs/digit_classifier_mnist.py',
               adversarial='configs/digit_classifier_mnist_adversarial.py')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data-root',
                        default=str(REPO.parent / 'shared/data/digits/mnist'))
    parser.add_argument('--iters', type=int, default=3000)
    parser.add_argument('--eps', nargs='+',
                        default=['0', '0.05', '0.1', '0.2', '0.3'])
    parser.add_argument('--pgd-steps', type=int, default=20)
    parser.add_argument('--work-dir', default='work_dirs/benchmark_robustness')
    return parser.parse_args()


def run(*args):
    subprocess.run([sys.executable, *args], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)


def main():
    args = parse_args()
    work_dir = REPO / args.work_dir
    work_dir.mkdir(parents=True, exist_ok=True)
    tables = {}
    for name, base in CONFIGS.items():
        config = work_dir / f'{name}.py'
        config.write_text(
            f"_base_ = '{REPO / base}'\n"
            f"train_dataloader = dict(dataset=dict(data_root='{args.data_root}',"
            f" split='test', indices={NUM_TRAIN}))\n"
            f"val_dataloader = dict(dataset=dict(data_root='{args.data_root}', "
            f"indices={HELD_OUT}))\n"
            'test_dataloader = val_dataloader\n'
            f'train_cfg = dict(max_iters={args.iters}, '
            f'val_interval={args.iters})\n')
        run_dir = work_dir / name
        checkpoint = run_dir / f'iter_{args.iters}.pth'
        if not checkpoint.is_file():
            run('tools/train.py', str(config), '--work-dir', str(run_dir))
        run('tools/analysis/robustness.py', str(config), str(checkpoint),
            '--eps', *args.eps, '--pixel-max', '1', '--steps',
            str(args.pgd_steps), '--step-size', '0.025', '--work-dir',
            str(run_dir / 'robustness'), '--out-dir', str(run_dir))
        with open(run_dir / 'robustness.csv') as file:
            tables[name] = list(csv.reader(file))

    print(f'digit classifier, {args.iters} iterations on the first '
          f'{NUM_TRAIN} MNIST test images; accuracy (%) on the last 2,000, '
          f'eps in 0-1 pixels, PGD {args.pgd_steps} steps of 0.025 with a '
          'random start')
    header = ['eps'] + [f'{name} {column}' for name in tables
                        for column in tables[name][0][1:]]
    print(' | '.join(header))
    for rows in zip(*(table[1:] for table in tables.values())):
        cells = [rows[0][0]] + [f'{float(v):.2f}' for row in rows
                                for v in row[1:]]
        print(' | '.join(cells))


if __name__ == '__main__':
    main()
