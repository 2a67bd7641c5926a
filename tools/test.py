"""Test a checkpoint with a config, like mmdet's and mmagic's tools/test.py."""
import argparse
import inspect

from mmengine.config import Config
from mmengine.evaluator import DumpResults
from mmengine.registry import HOOKS

from projects.core.engine import (build_runner, explain_unknown_types,
                                  leave_process_group, load_config,
                                  parse_runner_args)


def parse_args():
    parser = argparse.ArgumentParser(description='Test (and eval) a model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='the dir to save the metrics')
    parser.add_argument('--out', help='dump predictions to this pickle file')
    parser.add_argument('--show-dir',
                        help='save images with predictions drawn in this dir')
    parser.add_argument('--allow-partial-load', action='store_true',
                        help='score even if the checkpoint\'s weights do not '
                        'all fit the model (default: that is an error)')
    return parse_runner_args(parser)


def enable_show_dir(cfg: Config, show_dir: str) -> None:
    """Turn on the config's visualization hook and point it at ``show_dir``.

    mmdet's hook takes ``draw``/``test_out_dir``, mmpretrain's
    ``enable``/``out_dir``: the hook's own signature decides.
    """
    hook = cfg.get('default_hooks', {}).get('visualization')
    if hook is None:
        raise RuntimeError(f'--show-dir needs default_hooks.visualization in '
                           f'{cfg.filename}; this config has none.')
    with HOOKS.switch_scope_and_registry(cfg.get('default_scope')) as hooks:
        params = inspect.signature(hooks.get(hook['type'])).parameters
    if 'draw' in params:
        hook.draw = True
    if 'enable' in params:
        hook.enable = True
    hook['test_out_dir' if 'test_out_dir' in params else 'out_dir'] = show_dir


def main():
    args = parse_args()
    cfg = load_config(args.config, args.launcher, args.cfg_options,
                      args.work_dir)
    cfg.load_from = args.checkpoint
    if args.show_dir:
        enable_show_dir(cfg, args.show_dir)
    if args.out and not args.out.endswith(('.pkl', '.pickle')):
        raise ValueError(f'--out must be a .pkl or .pickle file, got {args.out}')

    with explain_unknown_types(args.config, cfg):
        runner = build_runner(cfg)
        runner.load_strict = not args.allow_partial_load
        if args.out:
            runner.test_evaluator.metrics.append(
                DumpResults(out_file_path=args.out))
        runner.test()
    leave_process_group()


if __name__ == '__main__':
    main()
