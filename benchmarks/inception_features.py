"""Inception feature extraction speed: ours against torch-fidelity.

Both read the same PNG folder with the same weights (pytorch-fid's format)
and give the 2048-d features and the unbiased logits of every image. Runs
alternate (ours, torch-fidelity, ...) so background load hits both alike;
the best run of each counts.

    python benchmarks/inception_features.py [--weights PT_FILE] [--num 32]

Without --weights, random weights of the right architecture are used (the
speed does not depend on the values).
"""
import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch_fidelity.datasets import ImagesPathDataset
from torch_fidelity.feature_extractor_inceptionv3 import \
    FeatureExtractorInceptionV3
from torch_fidelity.utils import get_featuresdict_from_dataset

from projects.gan_metrics import FIDInceptionV3, load_inception
from projects.gan_metrics.images import ImageFiles, extract, list_images
from projects.gan_metrics.weights import file_sha256
from projects.toy_shapes.render import render_scene


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--weights', help='pytorch-fid state dict (.pth)')
    parser.add_argument('--num', type=int, default=32, help='images')
    parser.add_argument('--size', type=int, default=64, help='image side')
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--repeats', type=int, default=3)
    return parser.parse_args()


def write_images(folder: Path, num: int, size: int) -> list:
    for index in range(num):
        bgr, _, _ = render_scene(0, index, img_size=size)
        Image.fromarray(np.ascontiguousarray(bgr[..., ::-1])).save(
            folder / f'{index:05d}.png')
    return list_images(str(folder))


def time_ours(weights: str, files: list, batch_size: int) -> float:
    net = load_inception(weights, file_sha256(weights))
    images = ImageFiles(files)
    start = time.perf_counter()
    extract(net, images, ['features', 'logits'], batch_size,
            num_workers=min(4, os.cpu_count() or 1))
    return time.perf_counter() - start


def time_torch_fidelity(weights: str, files: list, batch_size: int) -> float:
    net = FeatureExtractorInceptionV3(
        'inception-v3-compat', ['2048', 'logits_unbiased'],
        feature_extractor_weights_path=weights).eval()
    start = time.perf_counter()
    get_featuresdict_from_dataset(ImagesPathDataset(files), net, batch_size,
                                  cuda=False, save_cpu_ram=False,
                                  verbose=False)
    return time.perf_counter() - start


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        weights = args.weights
        if weights is None:
            weights = os.path.join(tmp, 'random_inception.pth')
            torch.save(FIDInceptionV3().state_dict(), weights)
        folder = Path(tmp) / 'images'
        folder.mkdir()
        files = write_images(folder, args.num, args.size)
        warm_up = files[:4]
        time_ours(weights, warm_up, 4)
        time_torch_fidelity(weights, warm_up, 4)
        ours, theirs = [], []
        for _ in range(args.repeats):
            ours.append(time_ours(weights, files, args.batch_size))
            theirs.append(time_torch_fidelity(weights, files, args.batch_size))
    ours_rate, theirs_rate = args.num / min(ours), args.num / min(theirs)
    print(f'{args.num} images of {args.size} px, batch {args.batch_size}, '
          f'{torch.get_num_threads()} threads, best of {args.repeats}')
    print(f'ours:           {ours_rate:6.2f} images/s')
    print(f'torch-fidelity: {theirs_rate:6.2f} images/s')
    print(f'speed-up:       {ours_rate / theirs_rate:6.2f}x')


if __name__ == '__main__':
    main()
