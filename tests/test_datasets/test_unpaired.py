"""Unpaired domains (CycleGAN layout) with mmagic's dataset and CycleGAN."""
import numpy as np
import pytest

from projects.core.bad_samples import BadSampleError
from projects.unpaired import UnpairedDomainsDataset
from projects.core.utils import register_all_modules
from tests.test_datasets.fake_data import make_unpaired, truncate
from tests.test_datasets.utils import captured_log

register_all_modules()


@pytest.fixture
def h2z(tmp_path):
    """trainA: 2 images, trainB: 5, testA: 1, testB: 1."""
    make_unpaired(tmp_path)
    return tmp_path


def names(ds, key, count):
    return [ds.get_data_info(i)[key].rsplit('/', 1)[1] for i in range(count)]


def test_counts_and_keys_as_mmagic(h2z):
    ds = UnpairedDomainsDataset(str(h2z), pipeline=[], domain_a='horse',
                                domain_b='zebra')
    assert (len(ds), ds.len_a, ds.len_b) == (5, 2, 5)
    assert set(ds.get_data_info(0)) == {'img_horse_path', 'img_zebra_path'}
    test = UnpairedDomainsDataset(str(h2z), pipeline=[], test_mode=True)
    assert len(test) == 1
    assert test.get_data_info(0) == {'img_A_path': f'{h2z}/testA/testA_0.jpg',
                                     'img_B_path': f'{h2z}/testB/testB_0.jpg'}


def test_cover_larger_domain_visits_every_image_of_it_each_epoch(h2z):
    np.random.seed(0)
    default = UnpairedDomainsDataset(str(h2z), pipeline=[])
    # mmagic: A (the smaller) cycles by index, B is drawn at random
    assert names(default, 'img_A_path', 5) == ['trainA_0.jpg', 'trainA_1.jpg'] * 2 + [
        'trainA_0.jpg']
    covering = UnpairedDomainsDataset(str(h2z), pipeline=[],
                                      cover_larger_domain=True)
    for _ in range(3):  # every epoch, whatever the draws
        assert names(covering, 'img_B_path', 5) == [f'trainB_{i}.jpg' for i in range(5)]
    drawn = {n for _ in range(20) for n in names(covering, 'img_A_path', 5)}
    assert drawn == {'trainA_0.jpg', 'trainA_1.jpg'}


def test_missing_or_empty_folders_are_named(h2z):
    for image in (h2z / 'testB').iterdir():
        image.unlink()
    with pytest.raises(BadSampleError) as err:
        UnpairedDomainsDataset(str(h2z), pipeline=[], test_mode=True)
    assert str(err.value).startswith(f'{h2z}/testB: no images (extensions: .jpg')
    (h2z / 'testB').rmdir()
    with pytest.raises(BadSampleError) as err:
        UnpairedDomainsDataset(str(h2z), pipeline=[], test_mode=True)
    assert str(err.value) == (f'{h2z}/testB: folder not found (expected trainA/, '
                              'trainB/, testA/, testB/ under data_root)')


def test_bad_images_raise_or_are_skipped(h2z):
    truncate(h2z / 'trainB' / 'trainB_3.jpg')
    with pytest.raises(BadSampleError) as err:
        UnpairedDomainsDataset(str(h2z), pipeline=[])
    assert str(err.value) == (f'{h2z}/trainB/trainB_3.jpg: truncated JPEG (no '
                              'end-of-image marker)')
    with captured_log() as log:
        ds = UnpairedDomainsDataset(str(h2z), pipeline=[], skip_bad_samples=True)
    assert (len(ds), ds.len_b) == (4, 4)
    assert 'UnpairedDomainsDataset: skipped 1 bad samples of 5' in log.getvalue()
