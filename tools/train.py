"""Train a model from a config, like mmdet's and mmagic's tools/train.py."""
import argparse
import os
import os.path as osp

from mmengine.config import Config
from mmengine.runner import Runner

from projects.core.engine import (build_runner, explain_unknown_types,
                                  leave_process_group, load_config,
                                  parse_runner_args)


def parse_args():
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume', nargs='?', type=str, const='auto',
        help='resume from the given checkpoint, or with no value from the '
        'latest checkpoint in the work dir')
    parser.add_argument('--amp', action='store_true',
                        help='enable automatic mixed precision training')
    parser.add_argument('--auto-scale-lr', action='store_true',
                        help='scale the learning rate by the total batch size')
    parser.add_argument('--no-validate', action='store_true',
                        help='train without the config\'s validation (and so '
                        'without its metrics\' weights, such as Inception)')
    parser.add_argument('--tensorboard', action='store_true',
                        help='also log to TensorBoard (<work_dir>/<timestamp>'
                        '/vis_data), beside the local files')
    return parse_runner_args(parser)


def enable_amp(cfg: Config) -> None:
    """Switch every optimizer wrapper in the config to AmpOptimWrapper."""
    optim_wrapper = cfg.optim_wrapper
    if 'optimizer' in optim_wrapper or 'type' in optim_wrapper:
        wrappers = [optim_wrapper]
    else:  # one wrapper per submodule, as GANs have
        wrappers = [v for v in optim_wrapper.values() if isinstance(v, dict)]
    for wrapper in wrappers:
        wrapper.type = 'AmpOptimWrapper'
        wrapper.setdefault('loss_scale', 'dynamic')


def main():
    args = parse_args()
    cfg = load_config(args.config, args.launcher, args.cfg_options,
                      args.work_dir)
    if args.amp:
        enable_amp(cfg)
    if args.auto_scale_lr:
        if 'base_batch_size' not in cfg.get('auto_scale_lr', {}):
            raise RuntimeError(f'{args.config} has no auto_scale_lr.base_batch_size'
                               ': add it to use --auto-scale-lr.')
        cfg.auto_scale_lr.enable = True
    if args.tensorboard:
        cfg.visualizer.vis_backends.append(dict(type='TensorboardVisBackend'))
    if args.no_validate:
        cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    if args.resume == 'auto':
        cfg.resume, cfg.load_from = True, None
    elif args.resume is not None:
        cfg.resume, cfg.load_from = True, args.resume

    with explain_unknown_types(args.config, cfg):
        runner = build_runner(cfg)
        runner.train()
    leave_process_group()
    report_outputs(runner)


def report_outputs(runner: Runner) -> None:
    """Print where the checkpoint, the log and the sample images are."""
    if runner.rank != 0:
        return
    last = osp.join(runner.work_dir, 'last_checkpoint')
    checkpoint = open(last).read().strip() if osp.exists(last) else 'none saved'
    images = osp.join(runner.log_dir, 'vis_data', 'vis_image')
    print(f'\nTraining finished.\n  checkpoint: {checkpoint}\n'
          f'  log:        {osp.join(runner.log_dir, runner.timestamp + ".log")}')
    if osp.isdir(images) and os.listdir(images):
        print(f'  samples:    {images}')
    curves = osp.join(runner.log_dir, 'curves.png')
    if osp.exists(curves):
        print(f'  curves:     {curves}')


if __name__ == '__main__':
    main()
