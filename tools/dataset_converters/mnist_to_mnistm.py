"""Write MNIST-M from MNIST by the published recipe (Ganin & Lempitsky,
2015): each digit blended with a random patch of a colour photograph, per
channel |patch - digit|, 32 px, in the release's layout
(``mnist_m_{train,test}/*.png``, ``mnist_m_{train,test}_labels.txt``).

    # each MNIST split there is -> the MNIST-M split of the same name
    python tools/dataset_converters/mnist_to_mnistm.py data/mnist data/mnist_m
    # only the 10k test split: digits 5000-8999 -> train, 9000- -> test
    python tools/dataset_converters/mnist_to_mnistm.py data/mnist data/mnist_m \\
        --from-split test --start 5000 --train-count 4000

Photos: BSDS500's (the original source) with ``--photos DIR``, else the
colour photographs scikit-image ships.
"""
import argparse
import os.path as osp

from projects.digits.mnist import FILES, read_mnist_split
from projects.digits.mnist_m_recipe import (folder_photos, make_mnist_m,
                                            skimage_photos,
                                            write_mnist_m_split)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('mnist_root', help='folder with the MNIST IDX files')
    parser.add_argument('out_dir', help='the MNIST-M data_root to write')
    parser.add_argument('--photos', help='folder of colour photographs '
                        '(default: scikit-image\'s)')
    parser.add_argument('--from-split', choices=['train', 'test'],
                        help='write both MNIST-M splits from this MNIST split')
    parser.add_argument('--start', type=int, default=0,
                        help='with --from-split: the first digit used')
    parser.add_argument('--train-count', type=int,
                        help='with --from-split: digits for mnist_m_train; '
                        'the rest go to mnist_m_test')
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args(argv)


def planned_splits(args):
    """{MNIST-M split: (digits, labels)}."""
    if args.from_split is None:
        found = [s for s in ('train', 'test') if osp.isfile(
            osp.join(args.mnist_root, FILES[s].format('images', 3)))]
        if not found:
            raise SystemExit(f'no MNIST images files in {args.mnist_root} '
                             f'({FILES["train"].format("images", 3)}, '
                             f'{FILES["test"].format("images", 3)})')
        return {split: read_mnist_split(args.mnist_root, split) for split in found}
    if args.train_count is None:
        raise SystemExit('--from-split needs --train-count')
    digits, labels = read_mnist_split(args.mnist_root, args.from_split)
    middle = args.start + args.train_count
    if not 0 <= args.start < middle < len(digits):
        raise SystemExit(f'--start {args.start} and --train-count '
                         f'{args.train_count} leave no test digits of the '
                         f'{len(digits)} in the {args.from_split} split')
    return dict(train=(digits[args.start:middle], labels[args.start:middle]),
                test=(digits[middle:], labels[middle:]))


def main(argv=None):
    args = parse_args(argv)
    photos = folder_photos(args.photos) if args.photos else skimage_photos()
    for offset, (split, (digits, labels)) in enumerate(
            planned_splits(args).items()):
        images = make_mnist_m(digits, photos, seed=args.seed + offset)
        path = write_mnist_m_split(args.out_dir, split, images, labels)
        print(f'{split}: {len(images)} images, labels in {path}')


if __name__ == '__main__':
    main()
