"""Unpaired image domains: mmagic's dataset, checked, with an epoch option."""
import os.path as osp

import numpy as np
from mmagic.datasets import UnpairedImageDataset

from projects.core.bad_samples import BadSampleError, BadSamples, check_image
from projects.core.registry import DATASETS
from .image_folder import list_images


@DATASETS.register_module()
class UnpairedDomainsDataset(UnpairedImageDataset):
    """Two unpaired domains in the CycleGAN layout (``trainA/``, ``trainB/``,
    ``testA/``, ``testB/`` under ``data_root``).

    mmagic's ``UnpairedImageDataset`` (same data info keys
    ``img_<domain>_path``, so mmagic's CycleGAN configs, pipelines and
    ``TransFID``/``TransIS`` metrics work unchanged), plus: a missing or
    empty folder and bad images raise :class:`BadSampleError` naming the file
    (or are skipped with ``skip_bad_samples``), every format of
    :data:`IMAGE_EXTENSIONS` in any case is read (mmagic's list has no PGM or
    WebP), and ``cover_larger_domain``.

    An epoch is ``max(len A, len B)`` items. mmagic indexes domain A by
    ``index % len A`` and draws B at random, so when B is the larger domain
    an epoch misses some of B. With ``cover_larger_domain=True`` (training
    only) the larger domain is indexed, so each epoch covers all its images
    once, and the smaller one is drawn at random (numpy's generator, seeded
    per worker by mmengine). Test mode pairs ``index % len`` in both.

    Args:
        data_root (str): The folder with the four domain folders.
        pipeline (list): Data transforms.
        test_mode (bool): Read ``testA/``, ``testB/`` instead of train.
        domain_a, domain_b (str): Names in the data info keys.
        cover_larger_domain (bool): See above.
        skip_bad_samples (bool): Skip bad images instead of raising.
        io_backend (str, optional): mmagic's storage backend.
    """

    def __init__(self, data_root, pipeline, test_mode=False, domain_a='A',
                 domain_b='B', cover_larger_domain=False,
                 skip_bad_samples=False, io_backend=None):
        self.cover_larger_domain = cover_larger_domain
        self.skip_bad_samples = skip_bad_samples
        self.bad_samples = []
        super().__init__(data_root, pipeline, io_backend=io_backend,
                         test_mode=test_mode, domain_a=domain_a,
                         domain_b=domain_b)

    def scan_folder(self, path):
        if not osp.isdir(path):
            raise BadSampleError(path, 'folder not found (expected trainA/, '
                                 'trainB/, testA/, testB/ under data_root)')
        return [self.file_backend.join_path(path, name)
                for name in list_images(self.file_backend, path)]

    def _load_domain_data_list(self, dataroot):
        infos = super()._load_domain_data_list(dataroot)
        bad = BadSamples(self.skip_bad_samples, type(self).__name__)
        kept = []
        for info in infos:
            with bad.guard():
                check_image(info['path'])
                kept.append(info)
        bad.log(len(infos))
        self.bad_samples += bad.errors
        if not kept:
            raise BadSampleError(dataroot, 'every image is bad')
        return kept

    def get_data_info(self, idx) -> dict:
        if (self.cover_larger_domain and not self.test_mode
                and self.len_b > self.len_a):
            return {
                f'img_{self.domain_a}_path':
                self.data_infos_a[np.random.randint(self.len_a)]['path'],
                f'img_{self.domain_b}_path': self.data_infos_b[idx]['path'],
            }
        return super().get_data_info(idx)
