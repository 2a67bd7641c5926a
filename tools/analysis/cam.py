"""Where a classifier looks: class activation maps or attention rollout,
overlaid on the image with the predicted and the true class.

    # one image or a folder, through the config's test pipeline
    python tools/analysis/cam.py CONFIG CHECKPOINT dog.jpg --method gradcam
    # the 8 most and the 8 least confident images of the test set
    python tools/analysis/cam.py CONFIG CHECKPOINT --most-least 8

Methods: ``gradcam``, ``gradcampp`` (gradients), ``eigencam``, ``scorecam``,
``ablationcam`` (gradient-free), all by pytorch-grad-cam, on the last
convolution of the backbone or ``--target-layer``; ``rollout`` (attention
rollout) for mmpretrain ViTs. Saves ``<image>.png`` per image and
``cam_<method>.png`` (all of them in a grid) in --out-dir (default:
``<work dir>/cam``).
"""
import argparse
import os
import os.path as osp
from pathlib import Path

import mmcv
import numpy as np
import torch
from mmengine.dataset import Compose
from mmengine.registry import DefaultScope
from mmengine.utils import ProgressBar

from projects.core.engine import build_runner, load_config, parse_runner_args
from projects.core.engine.checkpoint import load_weights
from projects.core.figures import new_figure, save_figure
from projects.robustness.attacks import (logits_of, pixel_transform,
                                         to_image)
from projects.robustness.explain import (METHODS, attention_rollout,
                                         class_activation_maps, is_vit,
                                         overlay)

IMAGE_SUFFIXES = {'.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp'}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('images', nargs='?',
                        help='an image file or a folder of images')
    parser.add_argument('--most-least', type=int, metavar='N',
                        help='the N most and N least confident test images')
    parser.add_argument('--method', choices=METHODS,
                        help='default: rollout for a ViT, else gradcam')
    parser.add_argument('--target-layer',
                        help='module for CAM, e.g. backbone.layer4')
    parser.add_argument('--batch-size', type=int, default=8)
    parser.add_argument('--out-dir', help='default: <work dir>/cam')
    args = parse_runner_args(parser)
    if (args.images is None) == (args.most_least is None):
        parser.error('give IMAGES or --most-least N (one of them)')
    return args


def image_files(path: str) -> list:
    root = Path(path)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise FileNotFoundError(f'{path}: no such image file or folder')
    files = sorted(p for p in root.iterdir()
                   if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise FileNotFoundError(f'{path}: no images ({sorted(IMAGE_SUFFIXES)})')
    return files


def file_pipeline(cfg, model):
    """The test pipeline fed with decoded images: a leading
    ``LoadImageFromFile`` is replaced by reading the file here, in grey
    when the model takes one channel."""
    steps = list(cfg.test_dataloader.dataset.pipeline)
    if steps and 'LoadImageFromFile' in steps[0]['type']:
        steps = steps[1:]
    preprocessor = model.data_preprocessor
    grey = getattr(preprocessor, '_enable_normalize', False) and \
        preprocessor.mean.numel() == 1
    scope = cfg.get('default_scope') or 'mmpretrain'
    with DefaultScope.overwrite_default_scope(scope):
        pipeline = Compose(steps)

    def load(path: Path) -> dict:
        img = mmcv.imread(str(path), 'grayscale' if grey else 'color')
        if img is None:
            raise ValueError(f'{path}: not a readable image')
        return pipeline(dict(img=img, img_path=str(path),
                             img_shape=img.shape[:2], ori_shape=img.shape[:2]))

    return load


def class_names(dataset) -> list:
    classes = getattr(dataset, 'metainfo', {}).get('classes')
    return list(classes) if classes else []


def explain(model, data_batch, method, target_layer):
    """Display pixels, maps, predictions, confidences and true labels of a
    batch."""
    data = model.data_preprocessor(data_batch, False)
    inputs = data['inputs']
    with torch.no_grad():
        probs = logits_of(model, inputs).softmax(1)
    confidence, predicted = probs.max(1)
    if method == 'rollout':
        maps = attention_rollout(model, inputs)
    else:
        maps = class_activation_maps(model, inputs, predicted.tolist(),
                                     method, target_layer)
    mean, std = (t.to(inputs) for t in pixel_transform(model))
    images = [to_image(pixels) for pixels in inputs * std + mean]
    truths = [int(s.gt_label) if 'gt_label' in s else None
              for s in data['data_samples']]
    return [dict(image=img, cam=cam, pred=int(p), conf=float(c), true=t)
            for img, cam, p, c, t in zip(images, maps, predicted, confidence,
                                         truths)]


def title(item, names) -> str:
    name = (lambda i: names[i] if i < len(names) else str(i))
    text = f'pred {name(item["pred"])} ({item["conf"]:.2f})'
    if item['true'] is not None:
        text += f'\ntrue {name(item["true"])}'
    return text


def draw(items, names, path, columns=4):
    """Image and overlay side by side for each item, ``columns`` pairs a row."""
    rows = -(-len(items) // columns)
    cols = min(columns, len(items))
    fig = new_figure(3.2 * cols, 1.9 * rows)
    for i, item in enumerate(items):
        for j, picture in enumerate((item['image'],
                                     overlay(item['image'], item['cam']))):
            ax = fig.add_subplot(rows, 2 * cols, 2 * i + j + 1)
            ax.imshow(picture, cmap='gray')
            ax.set_xticks([])
            ax.set_yticks([])
            if j == 1:
                ax.set_title(title(item, names), fontsize=7)
            elif 'label' in item:
                ax.set_title(item['label'], fontsize=7)
    save_figure(fig, path)


def from_files(model, cfg, files, args, collate):
    load = file_pipeline(cfg, model)
    items, progress = [], ProgressBar(len(files))
    for start in range(0, len(files), args.batch_size):
        chunk = files[start:start + args.batch_size]
        batch = collate([load(path) for path in chunk])
        for path, item in zip(chunk, explain(model, batch, args.method,
                                             args.target_layer)):
            item.update(label=path.name, name=path.stem)
            items.append(item)
            progress.update()
    return items


@torch.no_grad()
def confidences(model, dataloader) -> np.ndarray:
    """The top-class probability of every test image, in dataset order."""
    scores, progress = [], ProgressBar(len(dataloader.dataset))
    for batch in dataloader:
        data = model.data_preprocessor(batch, False)
        scores.append(logits_of(model, data['inputs']).softmax(1).max(1)[0])
        progress.update(len(data['inputs']))
    return torch.cat(scores).cpu().numpy()


def most_and_least(model, dataloader, count, args):
    order = np.argsort(-confidences(model, dataloader), kind='stable')
    count = min(count, len(order) // 2)
    chosen = [('most', r + 1, int(order[r])) for r in range(count)]
    chosen += [('least', r + 1, int(order[-1 - r])) for r in range(count)]
    items = []
    for start in range(0, len(chosen), args.batch_size):
        part = chosen[start:start + args.batch_size]
        batch = dataloader.collate_fn(
            [dataloader.dataset[index] for _, _, index in part])
        for (which, rank, index), item in zip(part, explain(
                model, batch, args.method, args.target_layer)):
            item.update(label=f'{which} confident #{rank} (test {index})',
                        name=f'{which}_confident_{rank}_idx{index}')
            items.append(item)
    return items


def main():
    args = parse_args()
    cfg = load_config(args.config, args.launcher, args.cfg_options)
    runner = build_runner(cfg)
    model = runner.model.eval()
    load_weights(model, args.checkpoint)
    args.method = args.method or ('rollout' if is_vit(model) else 'gradcam')
    if args.method == 'rollout' and not is_vit(model):
        raise SystemExit(f'rollout needs a ViT backbone; '
                         f'{type(model.backbone).__name__} is not one: use a '
                         'CAM method')
    dataloader = runner.test_dataloader
    names = class_names(dataloader.dataset)
    if args.images:
        items = from_files(model, cfg, image_files(args.images), args,
                           dataloader.collate_fn)
    else:
        items = most_and_least(model, dataloader, args.most_least, args)
    out_dir = args.out_dir or osp.join(cfg.work_dir, 'cam')
    os.makedirs(out_dir, exist_ok=True)
    for item in items:
        draw([item], names, osp.join(out_dir, f'{item["name"]}.png'))
    grid = osp.join(out_dir, f'cam_{args.method}.png')
    draw(items, names, grid)
    print(f'\nsaved {len(items)} pictures and {grid}')


if __name__ == '__main__':
    main()
