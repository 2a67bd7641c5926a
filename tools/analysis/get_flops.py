"""FLOPs and parameters of a config's model (mmengine's analysis).

    python tools/analysis/get_flops.py configs/toy_detector.py
    python tools/analysis/get_flops.py configs/resnet18_stanford_dogs.py --shape 512 512

The model runs in ``mode='tensor'`` on one image: the first image of the
config's test (or val) loader after its data preprocessor, as mmdet's
get_flops does, or a zero image of ``--shape`` (no data needed). For a GAN,
the generator is counted on one noise vector (and a class label for
conditional GANs); for an image-to-image GAN (CycleGAN) each generator on
one image, the FLOPs and parameters of all of them together.
"""
import argparse

import torch
from mmengine.analysis import get_model_complexity_info
from mmengine.config import DictAction
from mmengine.registry import DefaultScope
from mmengine.runner import Runner
from torch import nn

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
    try:
        with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
            batch = next(iter(Runner.build_dataloader(loader_cfg)))
    except Exception as err:
        raise ValueError(f'{cfg.filename}: cannot read the first image of its '
                         f'test (or val) dataloader ({err}): pass --shape H W'
                         ) from err
    image = model.data_preprocessor(batch, False)['inputs']
    if isinstance(image, (list, tuple)):
        image = torch.stack(list(image))
    if isinstance(image, dict):  # source/target, img_<domain>
        image = image.get('source', next(iter(image.values())))
    return image


class Generator(nn.Module):
    """A GAN's generator called on noise (and ``label=``), for tracing."""

    def __init__(self, generator: nn.Module):
        super().__init__()
        self.generator = generator

    def forward(self, noise, label=None):
        if label is None:
            return self.generator(noise)
        return self.generator(noise, label=label)


class Translations(nn.Module):
    """Every generator of an image-to-image GAN on one image."""

    def __init__(self, generators: nn.ModuleDict):
        super().__init__()
        self.generators = generators

    def forward(self, image):
        return tuple(g(image) for g in self.generators.values())


def counted(cfg, model, shape=None, channels: int = 3):
    """``(module, inputs, what)``: the part of ``model`` to count."""
    generators = getattr(model, 'generators', None)
    if isinstance(generators, nn.ModuleDict):  # CycleGAN
        image = (torch.zeros(1, channels, *shape) if shape
                 else first_input(cfg, model))
        return (Translations(generators), (image, ),
                f'generators {", ".join(generators)}, one image each')
    if hasattr(model, 'generator') and hasattr(model, 'noise_size'):
        inputs = (torch.randn(1, model.noise_size), )
        if getattr(model, 'num_classes', None):
            inputs += (torch.zeros(1, dtype=torch.long), )
        return Generator(model.generator), inputs, 'generator'
    image = (torch.zeros(1, channels, *shape) if shape
             else first_input(cfg, model))
    return model, (image, ), 'model'


def complexity(cfg, shape=None, channels: int = 3) -> dict:
    """``dict(flops, params, table, input_shape, what)`` of the config's
    model (a GAN's generators)."""
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        model = MODELS.build(cfg.model)
    model.eval()
    module, inputs, what = counted(cfg, model, shape, channels)
    with torch.no_grad():
        info = get_model_complexity_info(module, inputs=inputs,
                                         show_table=True, show_arch=False)
    return dict(flops=info['flops'], params=info['params'],
                table=info['out_table'], what=what,
                input_shape=tuple(inputs[0].shape))


def main(argv=None) -> dict:
    args = parse_args(argv)
    cfg = load_config(args.config, cfg_options=args.cfg_options)
    result = complexity(cfg, args.shape, args.channels)
    print(result['table'])
    print(f"{args.config}: {result['what']}, input {result['input_shape']}, "
          f"{result['flops'] / 1e9:.3f} GFLOPs, "
          f"{result['params'] / 1e6:.3f} M parameters")
    return result


if __name__ == '__main__':
    main()
