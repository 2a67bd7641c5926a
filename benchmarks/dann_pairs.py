"""DANN on several real digit pairs, beside the plain-PyTorch reference
(../shared/reference/dann_digits.py) on identical data, in one run.

    python benchmarks/dann_pairs.py --data-root ../shared/data/digits

Pairs (the MNIST here is its 10,000-image test split):
- MNIST -> USPS: source all of it; target USPS train (unlabelled), accuracy
  on USPS test.
- MNIST -> MNIST-M-style: source MNIST digits 0-4999; target MNIST-M made
  by the published recipe (tools/dataset_converters/mnist_to_mnistm.py,
  scikit-image photographs) from digits 5000-8999 (unlabelled), accuracy on
  the MNIST-M-style digits 9000-9999.
- USPS -> MNIST: source USPS train; target MNIST digits 0-4999 (unlabelled),
  accuracy on digits 5000-9999.
Each mode (source-only, DANN, target-only: trained on the target's train
labels) and seed trains the framework's config through tools/train.py and
the reference's ``run`` on the same images (the project's datasets read
them; the reference gets them as [0, 1] tensors). Accuracy at the end of
training, no selection on the test set. Finished runs in the work dir are
read, not trained again.
"""
import argparse
import gzip
import importlib.util
import json
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

from projects.core.utils import register_all_modules
from projects.digits import MNISTDigits, MNISTMDigits, USPSDigits
from projects.digits.mnist import FILES, read_mnist_split

REPO = Path(__file__).resolve().parents[1]
MODES = ('source_only', 'dann', 'target_only')
DATASET_TYPES = dict(MNISTDigits=MNISTDigits, MNISTMDigits=MNISTMDigits,
                     USPSDigits=USPSDigits)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data-root',
                        default=str(REPO.parent / 'shared/data/digits'))
    parser.add_argument('--reference',
                        default=str(REPO.parent / 'shared/reference/dann_digits.py'))
    parser.add_argument('--pairs', nargs='+',
                        default=['mnist_to_usps', 'mnist_to_mnistm',
                                 'usps_to_mnist'])
    parser.add_argument('--modes', nargs='+', default=list(MODES),
                        choices=MODES)
    parser.add_argument('--iters', type=int, default=3000)
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument('--skip-reference', action='store_true')
    parser.add_argument('--cfg-options', nargs='+', default=[],
                        help='more overrides for the framework\'s configs, '
                        'e.g. model.backbone_domain_loss_weight=0.3 (use a '
                        'new --work-dir: finished runs are read, not retrained)')
    parser.add_argument('--work-dir', default='work_dirs/benchmark_dann_pairs')
    return parser.parse_args()


def write_idx(path: Path, array: np.ndarray, magic: int) -> None:
    header = magic.to_bytes(4, 'big') + b''.join(
        d.to_bytes(4, 'big') for d in array.shape)
    path.write_bytes(gzip.compress(header + array.tobytes()))


def prepare_data(data_root: Path, out: Path) -> dict:
    """MNIST halves (digits 0-4999 as 'train', 5000- as 'test') and the
    MNIST-M-style domain from the second half; {name: data_root}."""
    halves, mnist_m = out / 'mnist_halves', out / 'mnist_m_style'
    if not (halves / FILES['test'].format('labels', 1)).is_file():
        halves.mkdir(parents=True, exist_ok=True)
        images, labels = read_mnist_split(str(data_root / 'mnist'), 'test')
        for split, part in (('train', slice(0, 5000)),
                            ('test', slice(5000, None))):
            write_idx(halves / FILES[split].format('images', 3), images[part], 2051)
            write_idx(halves / FILES[split].format('labels', 1), labels[part], 2049)
    if not (mnist_m / 'mnist_m_test_labels.txt').is_file():
        subprocess.run([sys.executable,
                        'tools/dataset_converters/mnist_to_mnistm.py',
                        str(halves), str(mnist_m), '--from-split', 'test',
                        '--train-count', '4000'], cwd=REPO, check=True)
    return dict(mnist=data_root / 'mnist', usps=data_root / 'usps',
                mnist_halves=halves, mnist_m_style=mnist_m)


def pair_domains(pair: str, roots: dict) -> dict:
    """(type, data_root, split) of the source (train and test), the target
    train and the target test."""
    mnist_full = ('MNISTDigits', roots['mnist'], 'test')
    halves = roots['mnist_halves']
    usps = roots['usps']
    return {
        'mnist_to_usps': dict(
            config='dann_mnist_to_usps', source=mnist_full,
            source_test=mnist_full, target=('USPSDigits', usps, 'train'),
            target_test=('USPSDigits', usps, 'test')),
        'mnist_to_mnistm': dict(
            config='dann_mnist_to_mnistm',
            source=('MNISTDigits', halves, 'train'),
            source_test=('MNISTDigits', halves, 'test'),
            target=('MNISTMDigits', roots['mnist_m_style'], 'train'),
            target_test=('MNISTMDigits', roots['mnist_m_style'], 'test')),
        'usps_to_mnist': dict(
            config='dann_usps_to_mnist', source=('USPSDigits', usps, 'train'),
            source_test=('USPSDigits', usps, 'test'),
            target=('MNISTDigits', halves, 'train'),
            target_test=('MNISTDigits', halves, 'test')),
    }[pair]


def final_target_accuracy(work_dir: Path, iters: int):
    records = []
    for path in sorted(work_dir.glob('*/vis_data/scalars.json')):
        records += [json.loads(line) for line in path.read_text().splitlines()]
    final = [r for r in records
             if 'accuracy/target' in r and r['step'] == iters]
    return final[-1]['accuracy/target'] if final else None


def train_framework(pair: str, domains: dict, mode: str, seed: int, args):
    config = domains['config'] + ('' if mode == 'dann' else f'_{mode}')
    work_dir = Path(args.work_dir) / pair / f'{mode}_seed{seed}'
    done = final_target_accuracy(REPO / work_dir, args.iters)
    if done is not None:
        return done
    source = domains['target' if mode == 'target_only' else 'source']
    options = [
        f'randomness.seed={seed}', f'train_cfg.max_iters={args.iters}',
        f'train_cfg.val_interval={args.iters}',
        f'default_hooks.checkpoint.interval={args.iters}',
    ]
    for loader, keys in (('train_dataloader', ('source', 'target')),
                         ('val_dataloader', ('source_test', 'target_test'))):
        for name, key in zip(('source', 'target'), keys):
            type_, root, split = source if (
                loader, name) == ('train_dataloader', 'source') else domains[key]
            prefix = f'{loader}.dataset.{name}'
            options += [f'{prefix}.type={type_}', f'{prefix}.data_root={root}',
                        f'{prefix}.split={split}']
    subprocess.run([sys.executable, 'tools/train.py', f'configs/{config}.py',
                    '--work-dir', str(work_dir), '--cfg-options', *options,
                    *args.cfg_options],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return final_target_accuracy(REPO / work_dir, args.iters)


def as_tensors(domain):
    """[0, 1] RGB tensors and labels of a domain, as the framework reads it
    (28 px, three channels)."""
    type_, root, split = domain
    dataset = DATASET_TYPES[type_](str(root), split=split, img_size=28,
                                   to_rgb=True)
    infos = [dataset.get_data_info(i) for i in range(len(dataset))]
    images = np.stack([info['img'][..., ::-1] for info in infos])
    labels = [info['gt_label'] for info in infos]
    return (torch.from_numpy(images.copy()).permute(0, 3, 1, 2).float() / 255,
            torch.tensor(labels).long())


def reference_runs(reference, domains: dict, args) -> dict:
    """{mode: [accuracy %]} of the reference on the pair's images."""
    cache = Path(args.work_dir) / 'reference' / f'{domains["config"]}.json'
    done = json.loads(cache.read_text()) if cache.is_file() else {}
    xs, ys = as_tensors(domains['source'])
    xt, yt = as_tensors(domains['target'])
    xe, ye = as_tensors(domains['target_test'])
    reference.xt_eval_train, reference.yt_train = xt, yt  # its target-only data
    for mode in args.modes:
        for seed in args.seeds:
            key = f'{mode}_seed{seed}_iters{args.iters}'
            if key not in done:
                acc, _ = reference.run(mode, xs, ys, xt, xe, ye, args.iters, seed)
                done[key] = 100 * acc
                cache.parent.mkdir(parents=True, exist_ok=True)
                cache.write_text(json.dumps(done, indent=1))
    return {mode: [done[f'{mode}_seed{s}_iters{args.iters}'] for s in args.seeds]
            for mode in args.modes}


def load_reference(path: str):
    spec = importlib.util.spec_from_file_location('dann_digits_reference', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def summary(accs):
    spread = statistics.stdev(accs) if len(accs) > 1 else 0.0
    return f'{statistics.mean(accs):6.2f} +- {spread:4.2f}'


def main():
    args = parse_args()
    register_all_modules()
    roots = prepare_data(Path(args.data_root).resolve(),
                         REPO / 'work_dirs' / 'data')
    reference = None if args.skip_reference else load_reference(args.reference)
    tables = {}
    for pair in args.pairs:
        domains = pair_domains(pair, roots)
        ours = {mode: [train_framework(pair, domains, mode, seed, args)
                       for seed in args.seeds] for mode in args.modes}
        theirs = reference_runs(reference, domains, args) if reference else {}
        tables[pair] = dict(framework=ours, reference=theirs)
        print(f'\n{pair}, {args.iters} iterations, seeds {args.seeds}: '
              'target test accuracy (%), mean +- std')
        for mode in args.modes:
            line = f'  {mode:12s} framework {summary(ours[mode])}'
            if theirs:
                line += f'   reference {summary(theirs[mode])}'
            print(line + f'   {ours[mode]}', flush=True)
    out = Path(args.work_dir) / 'results.json'
    out.write_text(json.dumps(tables, indent=1))
    print(f'\nSaved {out}')


if __name__ == '__main__':
    main()
