"""The embedded default dataset: procedural shapes, no download needed."""
import os
import os.path as osp

import cv2
from mmengine.dataset import BaseDataset

from projects.core.registry import DATASETS
from .render import SHAPES, render_scene


@DATASETS.register_module()
class ToyShapesDataset(BaseDataset):
    """Coloured shapes on textured backgrounds, generated from a seed.

    Every sample carries an in-memory BGR image (``img``, as
    ``LoadImageFromFile`` would leave it), an image label (``gt_label``, the
    class of the largest shape) and one box per visible shape (``instances``,
    mmdet's format), so classification, detection and generation pipelines
    read it without a loading transform. With ``data_root`` set, the images
    are also written there as PNG files (once) and ``img_path`` points at
    them, for tools that re-read images from disk, such as mmdet's
    ``DetVisualizationHook``.

    Args:
        num_samples (int): Number of images.
        img_size (int): Side of the square images in pixels.
        max_shapes (int): Each image holds 1 to ``max_shapes`` shapes.
        seed (int): Seed of the whole dataset; sample ``i`` depends only on
            ``(seed, i)``, so a train and a test split use different seeds.
        min_frac, max_frac (float): Range of a shape's side, as a fraction of
            the image side.
    """

    METAINFO = dict(classes=SHAPES)

    def __init__(self, num_samples: int = 1000, img_size: int = 64,
                 max_shapes: int = 1, seed: int = 0, min_frac: float = 0.3,
                 max_frac: float = 0.7, **kwargs):
        if num_samples < 1 or img_size < 8 or max_shapes < 1:
            raise ValueError(
                'ToyShapesDataset needs num_samples >= 1, img_size >= 8 and '
                f'max_shapes >= 1; got num_samples={num_samples}, '
                f'img_size={img_size}, max_shapes={max_shapes}')
        self.num_samples = num_samples
        self.render_args = dict(img_size=img_size, max_shapes=max_shapes,
                                min_frac=min_frac, max_frac=max_frac)
        self.seed = seed
        super().__init__(**kwargs)

    def load_data_list(self) -> list:
        args = '_'.join(f'{v}' for v in self.render_args.values())
        folder = osp.join(self.data_root or 'toy_shapes', f'seed{self.seed}_{args}')
        if self.data_root:
            os.makedirs(folder, exist_ok=True)
        data_list = []
        for index in range(self.num_samples):
            img, bboxes, labels = render_scene(self.seed, index, **self.render_args)
            img_path = osp.join(folder, f'{index:06d}.png')
            if self.data_root and not osp.exists(img_path):
                cv2.imwrite(img_path, img)
            data_list.append(dict(
                img=img,
                img_id=index,
                img_path=img_path,
                ori_shape=img.shape[:2],
                img_shape=img.shape[:2],
                height=img.shape[0],
                width=img.shape[1],
                img_channel_order='bgr',
                gt_label=int(labels[0]),
                instances=[dict(bbox=box.tolist(), bbox_label=int(lbl), ignore_flag=0)
                           for box, lbl in zip(bboxes, labels)],
            ))
        return data_list
