"""Score generated images: FID, Inception Score, inception accuracy.

  python tools/eval_gen.py images FAKE_DIR REAL [--metrics fid is] [--out F]
      REAL: a folder of real images, a config whose test (or val) dataset
      holds them, or pytorch-fid statistics (.npz).
  python tools/eval_gen.py model CONFIG CHECKPOINT [--out R.json]
      The generator of CONFIG with CHECKPOINT, scored by the config's
      test_evaluator (e.g. configs/toy_gan_fid.py); torchrun with
      --launcher pytorch for several processes.

Inception weights: --inception or $INCEPTION_WEIGHTS (see
projects/gan_metrics/README.md).
"""
import argparse
import json
import os
import os.path as osp
from typing import Optional

from mmengine.config import DictAction
from mmengine.dist import is_main_process
from mmengine.hooks import Hook

from projects.core.engine import (build_runner, explain_unknown_types,
                                  leave_process_group, load_config)
from projects.core.files import written_whole
from projects.gan_metrics import (feature_statistics, frechet_distance,
                                  inception_score, kernel_inception_distance,
                                  load_inception, load_statistics,
                                  precision_recall, save_statistics)
from projects.gan_metrics.images import (ConfigImages, ImageFiles, extract,
                                         list_images)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument('--out', help='write the report to this JSON file')
    modes = parser.add_subparsers(dest='mode', required=True)

    images = modes.add_parser('images', parents=[common],
                              help='score a folder of images')
    images.add_argument('fake', help='folder of generated images')
    images.add_argument('real', nargs='?',
                        help='real images: folder, config or .npz (FID)')
    images.add_argument('--metrics', nargs='+', default=['fid', 'is'],
                        choices=['fid', 'is', 'kid', 'pr'],
                        help='pr: precision and recall')
    images.add_argument('--inception', help='Inception weights file '
                        '(default: $INCEPTION_WEIGHTS)')
    images.add_argument('--inception-sha256', help='expected SHA-256')
    images.add_argument('--save-real-stats',
                        help='write the real statistics to this .npz')
    images.add_argument('--splits', type=int, default=10,
                        help='Inception Score splits')
    images.add_argument('--kid-subsets', type=int, default=100)
    images.add_argument('--kid-subset-size', type=int, default=1000)
    images.add_argument('--pr-k', type=int, default=3,
                        help='k of the k-NN manifolds of precision/recall')
    images.add_argument('--batch-size', type=int, default=50)
    images.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings of a config given as REAL')
    images.add_argument('--num-workers', type=int,
                        default=min(4, os.cpu_count() or 1),
                        help='image decoding processes')

    model = modes.add_parser('model', parents=[common],
                             help='score a generator checkpoint')
    model.add_argument('config')
    model.add_argument('checkpoint')
    model.add_argument('--work-dir', help='where the run writes its logs')
    model.add_argument('--allow-partial-load', action='store_true',
                       help='score even if the checkpoint\'s weights do not '
                       'all fit the model (default: that is an error)')
    model.add_argument('--cfg-options', nargs='+', action=DictAction,
                       help='override config settings')
    model.add_argument('--launcher', default='none',
                       choices=['none', 'pytorch', 'slurm'])
    model.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if args.mode == 'images' and 'fid' in args.metrics and not args.real:
        parser.error('FID needs REAL (a folder, a config or an .npz)')
    if args.mode == 'images' and {'kid', 'pr'} & set(args.metrics) and (
            not args.real or args.real.endswith('.npz')):
        parser.error('KID and precision/recall need REAL images (a folder or '
                     'a config): statistics (.npz) are not enough')
    if args.mode == 'model':
        os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def real_features(args, net):
    """Inception features of the real images, a folder or a config."""
    images = (ConfigImages(args.real, args.cfg_options)
              if args.real.endswith('.py')
              else ImageFiles(list_images(args.real)))
    print(f'real images: {len(images)} from {args.real}')
    return extract(net, images, ['features'], args.batch_size,
                   args.num_workers)['features']


def real_statistics(args, net, features):
    """mu, sigma of the real side, from an .npz or from ``features``."""
    if args.real.endswith('.npz'):
        return load_statistics(args.real, net.sha256)
    mu, sigma = feature_statistics(features.numpy(), 'real images')
    if args.save_real_stats:
        save_statistics(args.save_real_stats, mu, sigma, len(features),
                        net.sha256)
        print(f'real statistics saved to {args.save_real_stats}')
    return mu, sigma


def score_images(args) -> dict:
    net = load_inception(args.inception, args.inception_sha256)
    fake = ImageFiles(list_images(args.fake))
    print(f'generated images: {len(fake)} from {args.fake}')
    on_features = {'fid', 'kid', 'pr'} & set(args.metrics)
    outputs = (['features'] if on_features else []) + \
        (['logits'] if 'is' in args.metrics else [])
    fake_outputs = extract(net, fake, outputs, args.batch_size,
                           args.num_workers)
    report = dict(fake=args.fake, num_fake=len(fake),
                  inception_sha256=net.sha256)
    real = None
    if on_features and not args.real.endswith('.npz'):
        real = real_features(args, net)
        report.update(real=args.real, num_real=len(real))
    if 'fid' in args.metrics:
        mu, sigma = feature_statistics(fake_outputs['features'].numpy(),
                                       'generated images')
        fid = frechet_distance(mu, sigma, *real_statistics(args, net, real))
        report.update(real=args.real, fid=fid['fid'], fid_mean=fid['mean'],
                      fid_cov=fid['cov'])
    if 'kid' in args.metrics:
        report.update(kernel_inception_distance(
            fake_outputs['features'], real, args.kid_subsets,
            args.kid_subset_size))
    if 'pr' in args.metrics:
        report.update(precision_recall(fake_outputs['features'], real,
                                        args.pr_k))
    if 'is' in args.metrics:
        report['is'], report['is_std'] = inception_score(
            fake_outputs['logits'], args.splits)
    return report


class _KeepMetrics(Hook):
    """Keeps what the test loop reports."""

    def after_test_epoch(self, runner, metrics=None):
        self.metrics = metrics


def score_model(args) -> Optional[dict]:
    cfg = load_config(args.config, args.launcher, args.cfg_options,
                      args.work_dir)
    cfg.load_from = args.checkpoint
    with explain_unknown_types(args.config, cfg):
        runner = build_runner(cfg)
        runner.load_strict = not args.allow_partial_load
        kept = _KeepMetrics()
        runner.register_hook(kept, priority='LOWEST')
        runner.test()
    main_process = is_main_process()
    leave_process_group()
    if main_process:
        return dict(config=args.config, checkpoint=args.checkpoint,
                    **kept.metrics)
    return None


def main():
    args = parse_args()
    report = score_images(args) if args.mode == 'images' \
        else score_model(args)
    if report is None:  # not the main process
        return
    print(json.dumps(report, indent=2))
    if args.out:
        if osp.dirname(args.out):
            os.makedirs(osp.dirname(args.out), exist_ok=True)
        with written_whole(args.out) as partial, open(partial, 'w') as file:
            json.dump(report, file, indent=2)
        print(f'report: {args.out}')


if __name__ == '__main__':
    main()
