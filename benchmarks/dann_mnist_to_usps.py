"""Proof that DANN adapts, on real digits: MNIST -> USPS.

Source: the MNIST test split (10,000 labelled images: the training split is not
available offline). Target: USPS train (7,291 images, labels unused by DANN).
Accuracy on USPS test (2,007 images), at the end of training (no selection
on the test set). Source-only, DANN and target-only (trained on USPS train
labels), each over several seeds; prints mean and spread. A run that already
finished in the work dir is read, not trained again.

    python benchmarks/dann_mnist_to_usps.py --data-root ../shared/data/digits
"""
import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODES = {
    'source_only': 'configs/dann_mnist_to_usps_source_only.py',
    'dann': 'configs/dann_mnist_to_usps.py',
    'target_only': 'configs/dann_mnist_to_usps_target_only.py',
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data-root', default=str(REPO.parent / 'shared/data/digits'))
    parser.add_argument('--iters', type=int, default=3000)
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--modes', nargs='+', default=list(MODES), choices=list(MODES))
    parser.add_argument('--work-dir', default='work_dirs/benchmark_dann_mnist_to_usps')
    return parser.parse_args()


def final_target_accuracy(work_dir: Path, iters: int):
    """USPS test accuracy after ``iters`` iterations, or None if the run in
    ``work_dir`` did not get there."""
    records = []
    for path in sorted(work_dir.glob('*/vis_data/scalars.json')):
        records += [json.loads(line) for line in path.read_text().splitlines()]
    final = [r for r in records if 'accuracy/target' in r and r['step'] == iters]
    return final[-1]['accuracy/target'] if final else None


def train(mode: str, seed: int, args) -> float:
    mnist, usps = Path(args.data_root) / 'mnist', Path(args.data_root) / 'usps'
    source_root, source_split = (usps, 'train') if mode == 'target_only' else (mnist, 'test')
    work_dir = Path(args.work_dir) / f'{mode}_seed{seed}'
    done = final_target_accuracy(REPO / work_dir, args.iters)
    if done is not None:  # finished before (the benchmark was interrupted)
        return done
    options = [
        f'randomness.seed={seed}', f'train_cfg.max_iters={args.iters}',
        f'train_cfg.val_interval={args.iters}',
        f'default_hooks.checkpoint.interval={args.iters}',
        f'train_dataloader.dataset.source.data_root={source_root}',
        f'train_dataloader.dataset.source.split={source_split}',
        f'train_dataloader.dataset.target.data_root={usps}',
        'train_dataloader.dataset.target.split=train',
        f'val_dataloader.dataset.source.data_root={mnist}',
        f'val_dataloader.dataset.target.data_root={usps}',
    ]
    subprocess.run([sys.executable, 'tools/train.py', MODES[mode], '--work-dir',
                    str(work_dir), '--cfg-options', *options], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)
    return final_target_accuracy(REPO / work_dir, args.iters)


def main():
    args = parse_args()
    results = {}
    for mode in args.modes:
        results[mode] = [train(mode, seed, args) for seed in args.seeds]
        print(f'{mode:12s} ' + ' '.join(f'{a:.2f}' for a in results[mode]), flush=True)
    print(f'\nMNIST(test split) -> USPS, {args.iters} iterations, '
          f'seeds {args.seeds}: USPS test accuracy (%)')
    for mode, accs in results.items():
        spread = statistics.stdev(accs) if len(accs) > 1 else 0.0
        print(f'  {mode:12s} {statistics.mean(accs):6.2f} +- {spread:.2f}')


if __name__ == '__main__':
    main()
