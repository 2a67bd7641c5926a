"""Proof that the CGAN learns, on real MNIST: inception accuracy.

Only the MNIST test split (10,000 images) is available offline, so it is
split: the first 8,000 images train the digit classifier
(configs/digit_classifier_mnist.py) and the CGAN (configs/cgan_mnist.py);
the last 2,000 are held out. The classifier's accuracy on the held-out real
digits is the ceiling; inception accuracy is its accuracy on 10,000
generated digits (1,000 per class), overall and per class.

    python benchmarks/cgan_mnist_inception_accuracy.py --data-root ../shared/data/digits/mnist
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parents[1]
NUM_TRAIN = 8000
HELD_OUT = f'list(range({NUM_TRAIN}, 10000))'


def config_gan_iters() -> int:
    """The training length of configs/cgan_mnist.py."""
    from mmengine.config import Config
    return Config.fromfile(str(REPO / 'configs/cgan_mnist.py')).train_cfg.max_iters


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data-root', default=str(REPO.parent / 'shared/data/digits/mnist'))
    parser.add_argument('--gan-iters', type=int, default=config_gan_iters(),
                        help="defaults to configs/cgan_mnist.py's max_iters")
    parser.add_argument('--classifier-iters', type=int, default=3000)
    parser.add_argument('--work-dir', default='work_dirs/benchmark_cgan_mnist')
    parser.add_argument('--cfg-options', nargs='*', default=[],
                        help='extra options for the CGAN (e.g. model.loss_type=lsgan)')
    return parser.parse_args()


def write_config(path: Path, base: str, body: str) -> str:
    path.write_text(f"_base_ = '{REPO / base}'\n{body}")
    return str(path)


def classifier_config(work_dir: Path, root: str, iters: int) -> str:
    """configs/digit_classifier_mnist.py on the first NUM_TRAIN digits,
    validated on the held-out ones."""
    return write_config(
        work_dir / 'classifier.py', 'configs/digit_classifier_mnist.py',
        f"train_dataloader = dict(dataset=dict(data_root='{root}', split='test', "
        f"indices={NUM_TRAIN}))\n"
        f"val_dataloader = dict(dataset=dict(data_root='{root}', indices={HELD_OUT}))\n"
        'test_dataloader = val_dataloader\n'
        f'train_cfg = dict(max_iters={iters}, val_interval={iters})\n')


def tool(*args):
    subprocess.run([sys.executable, *args], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)


def within_class_spread(images, labels) -> float:
    """Mean per-pixel standard deviation within each class, averaged over
    the classes (near 0: one image per class, a collapsed generator)."""
    return float(np.mean([images[labels == c].std(0).mean() for c in range(10)]))


def generated_spread(config: str, checkpoint: Path, options, num=200) -> float:
    """:func:`within_class_spread` of ``num`` samples per class in [0, 1]."""
    from mmengine.config import DictAction
    from mmengine.registry import DefaultScope

    from projects.core.engine.checkpoint import load_weights
    from projects.core.engine.tools import load_config
    from projects.core.registry import MODELS
    cfg_options = {key: DictAction._parse_iterable(value) for key, value in
                   (option.split('=', 1) for option in options)}
    cfg = load_config(config, cfg_options=cfg_options or None)
    with DefaultScope.overwrite_default_scope('projects'):
        model = MODELS.build(cfg.model)
    load_weights(model, str(checkpoint))
    torch.manual_seed(0)
    labels = torch.arange(10).repeat_interleave(num)
    generator = model.generator_ema if model.with_ema_gen else model.generator
    with torch.no_grad():
        images = generator.eval()(torch.randn(len(labels), model.noise_size),
                                  label=labels)
    return within_class_spread((images.numpy() + 1) / 2, labels.numpy())


def real_spread(data_root: str) -> float:
    """:func:`within_class_spread` of the held-out real digits in [0, 1]."""
    from projects.digits import MNISTDigits
    held_out = MNISTDigits(data_root, split="test", indices=list(range(NUM_TRAIN, 10000)))
    infos = [held_out.get_data_info(i) for i in range(len(held_out))]
    images = np.stack([info['img'] for info in infos]) / 255.0
    return within_class_spread(images, np.array([i['gt_label'] for i in infos]))


def main():
    args = parse_args()
    work_dir = REPO / args.work_dir
    work_dir.mkdir(parents=True, exist_ok=True)
    root = args.data_root
    classifier_cfg = classifier_config(work_dir, root, args.classifier_iters)
    gan_cfg = write_config(
        work_dir / 'cgan.py', 'configs/cgan_mnist.py',
        f"train_dataloader = dict(dataset=dict(data_root='{root}', split='test', "
        f"indices={NUM_TRAIN}))\n"
        f"test_dataloader = dict(dataset=dict(data_root='{root}', indices={HELD_OUT}))\n"
        f'train_cfg = dict(max_iters={args.gan_iters})\n')

    classifier_dir = work_dir / 'classifier'
    classifier_ckpt = classifier_dir / f'iter_{args.classifier_iters}.pth'
    if not classifier_ckpt.is_file():  # trained once, shared by GAN runs
        tool('tools/train.py', classifier_cfg, '--work-dir', str(classifier_dir))
    gan_options = ['--cfg-options', *args.cfg_options] if args.cfg_options else []
    gan_dir = work_dir / 'cgan'
    tool('tools/train.py', gan_cfg, '--work-dir', str(gan_dir), *gan_options)
    tool('tools/test.py', gan_cfg, str(gan_dir / f'iter_{args.gan_iters}.pth'),
         '--work-dir', str(work_dir / 'test'), '--cfg-options', *args.cfg_options,
         f'test_evaluator.metrics.0.classifier.config={classifier_cfg}',
         f'test_evaluator.metrics.0.classifier.checkpoint={classifier_ckpt}')

    scalars = sorted((work_dir / 'test').glob('*/*.json'))[-1]
    result = json.loads(scalars.read_text().splitlines()[-1])
    prefix = 'InceptionAccuracy/'
    print(f'CGAN on MNIST (first {NUM_TRAIN} test images), {args.gan_iters} '
          f'iterations, options {args.cfg_options or "as configured"}')
    print(f"  inception accuracy  {result[prefix + 'accuracy']:6.2f} %")
    print(f"  real held-out       {result[prefix + 'accuracy_real']:6.2f} %  (ceiling)")
    print('  per class: ' + ' '.join(
        f"{c}:{result[f'{prefix}accuracy/{c}']:.1f}" for c in range(10)))
    spread = generated_spread(gan_cfg, gan_dir / f'iter_{args.gan_iters}.pth',
                              args.cfg_options)
    print(f'  within-class pixel std: generated {spread:.3f}, real '
          f'{real_spread(root):.3f} (near 0: one image per class)')


if __name__ == '__main__':
    main()
