"""Image folders and dataset configs as inputs of the Inception network,
decoded in parallel workers, for tools/eval_gen.py."""
import os
import os.path as osp
from typing import Dict, List, Optional, Sequence

import mmcv
import numpy as np
import torch
from mmengine import ProgressBar
from mmengine.registry import DATASETS, DefaultScope
from PIL import Image
from torch import Tensor, nn
from torch.utils.data import DataLoader, Dataset

from projects.core.bad_samples import BadSampleError
from .features import run_network

# pytorch-fid's extensions, matched the same way (case-sensitive).
IMAGE_EXTENSIONS = {'bmp', 'jpg', 'jpeg', 'pgm', 'png', 'ppm', 'tif', 'tiff',
                    'webp'}


def list_images(folder: str) -> List[str]:
    """The images directly in ``folder``, sorted, as pytorch-fid finds them."""
    if not osp.isdir(folder):
        raise FileNotFoundError(f'image folder not found: {folder}')
    files = sorted(
        osp.join(folder, name) for name in os.listdir(folder)
        if osp.splitext(name)[1][1:] in IMAGE_EXTENSIONS)
    if not files:
        raise FileNotFoundError(
            f'no images in {folder} (extensions {sorted(IMAGE_EXTENSIONS)})')
    return files


def _chw(rgb: np.ndarray) -> Tensor:
    return torch.from_numpy(np.ascontiguousarray(rgb)).permute(2, 0, 1)


class ImageFiles(Dataset):
    """Image files as uint8 RGB (3, H, W), decoded by PIL as pytorch-fid."""

    def __init__(self, files: List[str]):
        self.files = files

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Tensor:
        path = self.files[index]
        try:
            with Image.open(path) as img:
                return _chw(np.array(img.convert('RGB')))
        except (OSError, ValueError, SyntaxError) as err:  # PIL's decode errors
            raise BadSampleError(path, f'not a decodable image ({err})') \
                from None


class ConfigImages(Dataset):
    """The raw images of a config's test (else val) dataset, without its
    pipeline: the in-memory ``img`` of a data item, else the file at its
    ``img_path`` or ``gt_path``."""

    def __init__(self, config: str, cfg_options: Optional[dict] = None):
        from projects.core.engine import load_config
        cfg = load_config(config, cfg_options=cfg_options)
        loader = cfg.get('test_dataloader') or cfg.get('val_dataloader')
        if not loader:
            raise KeyError(f'{config}: no test_dataloader or val_dataloader '
                           'to take the real images from')
        with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
            self.dataset = DATASETS.build(loader['dataset'])

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, index: int) -> Tensor:
        info = self.dataset.get_data_info(index)
        img = info.get('img')
        if img is None:
            path = info.get('img_path') or info.get('gt_path')
            if path is None:
                raise KeyError(f'data item {index} has no img, img_path or '
                               f'gt_path (keys: {sorted(info)})')
            img = mmcv.imread(path)
            if img is None:
                raise BadSampleError(path, 'image not found or not decodable')
        if img.ndim == 2:
            img = img[..., None].repeat(3, axis=2)
        return _chw(img[..., ::-1])  # BGR -> RGB


def extract(net: nn.Module, images: Dataset, outputs: Sequence[str],
            batch_size: int = 50, num_workers: int = 0) -> Dict[str, Tensor]:
    """Network outputs of every image, with a progress bar."""
    loader = DataLoader(images, batch_size=batch_size,
                        num_workers=num_workers, collate_fn=list)
    bar = ProgressBar(len(images))
    results = []
    for batch in loader:
        results.append(run_network(net, batch, outputs))
        bar.update(len(batch))
    print()
    return {name: torch.cat([r[name] for r in results]) for name in outputs}
