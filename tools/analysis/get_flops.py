"""FLOPs and parameters of a config's model (mmengine's analysis).

    python tools/analysis/get_flops.py configs/toy_detector.py
    python tools/analysis/get_flops.py configs/resnet18_stanford_dogs.py --shape 512 512

The model runs in ``mode='tensor'`` on one image: the first image of the
config's test (or val) loader after its data preprocessor, as mmdet's
get_flops does, or a zero image of ``--shape`` (no data needed). For a GAN,
the generator is counted on one noise vector.
"""
import argparse

import torch
from mmengine.analysis import get_model_complexity_info
from mmengine.config import DictAction
from mmengine.registry import DefaultScope
from mmengine.runner import Runner

from projects.core.engine import load_config
from projects.core.registry import MODELS


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('--shape', type=int, nargs=2, metavar=('H', 'W'),
                        help='a zero image of this size instead of the data')
    parser.add_argument('--channels', type=int, default=3)
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def first_input(cfg, model) -> torch.Tensor:
    """One preprocessed image of the config's test or val loader."""
    loader_cfg = cfg.get('test_dataloader') or cfg.get('val_dataloader')
    if not loader_cfg:
        raise ValueError(f'{cfg.filename} has no test_dataloader or '
                         'val_dataloader: pass --shape H W')
    loader_cfg = dict(loader_cfg, batch_size=1, num_workers=0,
                      persistent_workers=False)
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        batch = next(iter(Runner.build_dataloader(loader_cfg)))
    return model.data_preprocessor(batch, False)['inputs']


def complexity(cfg, shape=None, channels: int = 3) -> dict:
    """``dict(flops, params, table)`` of the config's model."""
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        model = MODELS.build(cfg.model)
    model.eval()
    if hasattr(model, 'generator') and hasattr(model, 'noise_size'):
        module, inputs = model.generator, (torch.randn(1, model.noise_size), )
        if getattr(model, 'num_classes', None):
            inputs = (inputs[0], torch.zeros(1, dtype=torch.long))
    else:
        image = (torch.zeros(1, channels, *shape) if shape
                 else first_input(cfg, model))
        if isinstance(image, (list, tuple)):
            image = torch.stack(list(image))
        if isinstance(image, dict):
            image = image.get('source', next(iter(image.values())))
        module, inputs = model, (image, )
    with torch.no_grad():
        info = get_model_complexity_info(module, inputs=inputs,
                                         show_table=True, show_arch=False)
    return dict(flops=info['flops'], params=info['params'],
                table=info['out_table'],
                input_shape=tuple(inputs[0].shape))


def main(argv=None) -> dict:
    args = parse_args(argv)
    cfg = load_config(args.config, cfg_options=args.cfg_options)
    result = complexity(cfg, args.shape, args.channels)
    print(result['table'])
    print(f"{args.config}: input {result['input_shape']}, "
          f"{result['flops'] / 1e9:.3f} GFLOPs, "
          f"{result['params'] / 1e6:.3f} M parameters")
    return result


if __name__ == '__main__':
    main()
