"""Save a config's dataset items with their boxes or labels drawn.

Like mmdet's ``browse_dataset.py``, for any dataset config here: each item
goes through the config's pipeline and is drawn by the visualiser that fits
its data sample (mmdet's ``DetLocalVisualizer`` for boxes, mmpretrain's
``UniversalVisualizer`` for labels); items with several images (unpaired
domains, source/target pairs) are drawn side by side with their names.
Generation datasets (mmagic's GANs: the image in the data sample's
``gt_img``, no inputs) are drawn with their class label, if any. In
test-mode datasets (``--phase val/test``) mmdet pipelines load boxes after
resizing, in the original image's frame, so they are scaled by the item's
``scale_factor`` to match the image.
"""
import argparse
import os
import os.path as osp

import mmcv
import numpy as np
import torch
from mmdet.structures import DetDataSample
from mmdet.visualization import DetLocalVisualizer
from mmengine.config import DictAction
from mmengine.registry import init_default_scope
from mmengine.utils import ProgressBar
from mmengine.visualization import Visualizer
from mmpretrain.visualization import UniversalVisualizer

from projects.core.engine import explain_unknown_types, load_config
from projects.core.registry import DATASETS

MIN_SIDE = 224  # small images (digits) are enlarged to this before drawing


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Save dataset items with their annotations drawn')
    parser.add_argument('config', help='config file path')
    parser.add_argument('--output-dir', default='work_dirs/browse_dataset',
                        help='where the images are saved')
    parser.add_argument('--phase', default='train',
                        choices=['train', 'val', 'test'],
                        help='which dataloader\'s dataset to browse')
    parser.add_argument('--max-images', type=int, default=20,
                        help='number of items to save')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings, e.g. '
                        'train_dataloader.dataset.data_root=data/x/')
    return parser.parse_args(argv)


def to_rgb_image(tensor: torch.Tensor) -> np.ndarray:
    """An HWC uint8 RGB image from a packed CHW BGR (or grey) tensor."""
    img = tensor.detach().cpu().numpy().transpose(1, 2, 0)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if img.shape[2] == 1:
        img = np.repeat(img, 3, axis=2)
    img = np.ascontiguousarray(img[..., ::-1])
    short = min(img.shape[:2])
    if short < MIN_SIDE:
        img = mmcv.imrescale(img, MIN_SIDE / short, interpolation='nearest')
    return img


class Drawer:
    """Draw one packed item (``inputs``, ``data_samples``) as an RGB image."""

    def __init__(self, metainfo: dict, test_mode: bool):
        self.test_mode = test_mode
        self.det = DetLocalVisualizer(name='browse_det')
        self.cls = UniversalVisualizer(name='browse_cls')
        self.plain = Visualizer(name='browse_plain')
        for vis in (self.det, self.cls):
            vis.dataset_meta = metainfo

    def sample(self, img: np.ndarray, data_sample) -> np.ndarray:
        """``img`` with the sample's boxes or label drawn."""
        if isinstance(data_sample, DetDataSample):
            data_sample = data_sample.cpu()
            scale = img.shape[0] / data_sample.img_shape[0]
            boxes = data_sample.gt_instances.bboxes.tensor * scale
            if self.test_mode and 'scale_factor' in data_sample:
                boxes *= boxes.new_tensor(data_sample.scale_factor).repeat(2)
            data_sample.gt_instances.bboxes = boxes
            self.det.add_datasample('item', img, data_sample, draw_pred=False)
            return self.det.get_image()
        if 'gt_label' in data_sample:
            return self.cls.visualize_cls(img, data_sample, draw_pred=False)
        return img

    def titled(self, img: np.ndarray, title: str) -> np.ndarray:
        self.plain.set_image(img)
        self.plain.draw_texts(title, np.array([2, 2]), colors='white',
                              font_sizes=10, bboxes=dict(facecolor='black'))
        return self.plain.get_image()

    def generated(self, data_sample) -> list:
        """The images of an mmagic data sample (``gt_img``), titled with the
        class label if it has one."""
        images = {key: value for key, value in data_sample.items()
                  if key.endswith('img') and isinstance(value, torch.Tensor)
                  and value.ndim == 3}
        if not images:
            raise ValueError('item has no image: no inputs, and its data '
                             f'sample has only {sorted(data_sample.keys())}')
        label = None
        if 'gt_label' in data_sample:
            index = int(getattr(data_sample.gt_label, 'label',
                                data_sample.gt_label).flatten()[0])
            classes = self.cls.dataset_meta.get('classes') or ()
            label = (f'{index}: {classes[index]}' if index < len(classes)
                     else str(index))
        return [self.titled(to_rgb_image(tensor), label or name)
                for name, tensor in images.items()]

    def __call__(self, item: dict) -> np.ndarray:
        inputs, data_sample = item['inputs'], item.get('data_samples')
        if isinstance(inputs, torch.Tensor):
            return self.sample(to_rgb_image(inputs), data_sample)
        if not inputs:  # generation datasets: the image is in the sample
            return side_by_side(self.generated(data_sample))
        panels = []
        for name, tensor in inputs.items():  # source/target, img_A/img_B ...
            img = to_rgb_image(tensor)
            if name == 'source':
                img = self.sample(img, data_sample)
            panels.append(self.titled(img, name))
        return side_by_side(panels)


def side_by_side(panels: list) -> np.ndarray:
    """RGB images in a row, padded to the tallest."""
    height = max(p.shape[0] for p in panels)
    return np.concatenate([mmcv.impad(p, shape=(height, p.shape[1]))
                           for p in panels], axis=1)


def item_name(item: dict, index: int) -> str:
    """``<index>_<image file name>.png`` (the first ``*_path`` it knows)."""
    meta = getattr(item.get('data_samples'), 'metainfo', {})
    paths = [meta['img_path']] if 'img_path' in meta else [
        value for key, value in meta.items() if key.endswith('_path')]
    name = osp.splitext(osp.basename(str(paths[0])))[0] if paths else 'item'
    return f'{index:05d}_{name}.png'


def main(argv=None) -> None:
    args = parse_args(argv)
    cfg = load_config(args.config, cfg_options=args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'projects'))
    loader = cfg.get(f'{args.phase}_dataloader')
    if not loader:
        raise SystemExit(f'{args.config}: no {args.phase}_dataloader')
    with explain_unknown_types(args.config, cfg):
        dataset = DATASETS.build(loader.dataset)
    drawer = Drawer(dataset.metainfo, getattr(dataset, 'test_mode', False))
    os.makedirs(args.output_dir, exist_ok=True)
    count = min(args.max_images, len(dataset))
    progress = ProgressBar(count)
    for index in range(count):
        item = dataset[index]
        out_file = osp.join(args.output_dir, item_name(item, index))
        mmcv.imwrite(mmcv.rgb2bgr(drawer(item)), out_file)
        progress.update()
    print(f'\nSaved {count} images to {args.output_dir}')


if __name__ == '__main__':
    main()
