"""Image folders in every format PIL and OpenCV read (ORL's PGM faces)."""
import numpy as np
import pytest
from PIL import Image

from projects.core.bad_samples import BadSampleError
from projects.core.engine import load_config
from projects.core.registry import DATASETS
from projects.core.utils import register_all_modules
from projects.unpaired import (IMAGE_EXTENSIONS, ImageFolderDataset,
                               UnpairedDomainsDataset)
from tests.test_datasets.fake_data import make_unpaired
from tests.utils import REPO

register_all_modules()


def write_grey(path, size=(23, 28), seed=0, mode='L'):
    """A random greyscale image written by PIL in the path's format."""
    rng = np.random.default_rng(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(rng.integers(0, 256, size[::-1], dtype=np.uint8)).convert(
        mode).save(path)


def make_orl(root, subjects=2, per_subject=2):
    """ORL faces: ``s<subject>/<n>.pgm``, 92 x 112 greyscale (smaller here)."""
    for s in range(1, subjects + 1):
        for n in range(1, per_subject + 1):
            write_grey(root / f's{s}' / f'{n}.pgm', seed=s * 10 + n)


def test_dcgan_faces_reads_orl_pgm_faces_as_colour(tmp_path):
    make_orl(tmp_path / 'orl')
    cfg = load_config(str(REPO / 'configs/dcgan_faces.py'), cfg_options={
        'train_dataloader.dataset.data_root': str(tmp_path / 'orl')})
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    assert len(dataset) == 4
    assert dataset.get_data_info(0)['gt_path'].endswith('s1/1.pgm')
    item = dataset[0]
    assert item['data_samples'].gt_img.shape == (3, 64, 64)  # grey -> 3


@pytest.mark.parametrize('ext', IMAGE_EXTENSIONS + ('.PGM', '.Tif'))
def test_every_listed_format_loads(tmp_path, ext):
    write_grey(tmp_path / 'faces' / f'a{ext}',
               mode='1' if ext == '.pbm' else 'L')
    pipeline = [dict(type='mmagic.LoadImageFromFile', key='gt')]
    dataset = ImageFolderDataset(str(tmp_path / 'faces'), pipeline=pipeline)
    assert dataset[0]['gt'].shape == (28, 23, 3)


def test_empty_or_missing_folder_names_it_and_the_extensions(tmp_path):
    (tmp_path / 'empty' / 'sub').mkdir(parents=True)
    (tmp_path / 'empty' / 'notes.txt').write_text('not an image')
    with pytest.raises(BadSampleError) as err:
        ImageFolderDataset(str(tmp_path / 'empty'))
    assert str(err.value).startswith(
        f'{tmp_path}/empty/: no images (extensions: .jpg, .jpeg')
    assert '.pgm' in str(err.value) and '.webp' in str(err.value)
    with pytest.raises(BadSampleError, match='missing/: folder not found'):
        ImageFolderDataset(str(tmp_path / 'missing'))


def test_bad_images_raise_or_are_skipped(tmp_path):
    make_orl(tmp_path, subjects=1)
    (tmp_path / 's1' / '3.pgm').write_bytes(b'P5 garbage')
    with pytest.raises(BadSampleError, match='3.pgm: not a readable image'):
        ImageFolderDataset(str(tmp_path))
    dataset = ImageFolderDataset(str(tmp_path), skip_bad_samples=True)
    assert len(dataset) == 2 and len(dataset.bad_samples) == 1


def test_unpaired_folders_read_pgm_and_upper_case_too(tmp_path):
    make_unpaired(tmp_path, counts=dict(trainA=1, trainB=1))
    write_grey(tmp_path / 'trainA' / 'grey.pgm')
    write_grey(tmp_path / 'trainB' / 'upper.PNG')
    dataset = UnpairedDomainsDataset(str(tmp_path), pipeline=[])
    assert (dataset.len_a, dataset.len_b) == (2, 2)
    assert dataset.data_infos_a[0]['path'].endswith('trainA/grey.pgm')
