"""Training curves of one run, or of several overlaid, as one picture.

    python tools/analysis/plot_curves.py work_dirs/toy_gan
    python tools/analysis/plot_curves.py work_dirs/a work_dirs/b \
        --keys 'loss*' 'coco/bbox_mAP*' --out compare.png

Each RUN is a work dir (every log of it, so a resumed run's whole history),
a log dir or a ``scalars.json``;
``NAME=RUN`` names it in the legend. Losses, learning rates and the GAN
discriminator's diagnostics are grouped; every validation metric (mAP,
accuracy, FID, ...) gets its own panel.
"""
import argparse
import os.path as osp

from projects.core.curves import plot_runs, run_history, scalars_files


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('runs', nargs='+', metavar='RUN')
    parser.add_argument('--keys', nargs='+',
                        help='glob patterns of the scalars to draw (all)')
    parser.add_argument('--out', help='picture file (default: curves.png in '
                        'the first run\'s log dir)')
    return parser.parse_args(argv)


def main(argv=None) -> str:
    args = parse_args(argv)
    runs, files = {}, []
    for run in args.runs:
        name, _, path = run.rpartition('=')
        paths = scalars_files(path)
        name = name or osp.basename(osp.normpath(osp.join(paths[-1],
                                                          '../../..')))
        runs[name] = run_history(paths)
        files.append(paths[-1])
    out = args.out or osp.join(osp.dirname(osp.dirname(files[0])),
                               'curves.png')
    print(plot_runs(runs, out, args.keys))
    return out


if __name__ == '__main__':
    main()
