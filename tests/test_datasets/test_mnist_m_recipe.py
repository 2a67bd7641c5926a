"""MNIST-M by the published recipe: |patch - digit| per channel, written in
the layout MNISTMDigits reads."""
import numpy as np
import pytest

from projects.core.bad_samples import BadSampleError
from projects.digits import MNISTMDigits
from projects.digits.mnist_m_recipe import (blend_digit, folder_photos,
                                            make_mnist_m)
from tests.test_datasets import fake_data
from tests.utils import run_tool


def test_blend_is_the_absolute_difference_with_a_patch_of_the_photo():
    rng = np.random.default_rng(0)
    photo = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    digit = np.zeros((28, 28), np.uint8)
    digit[10:18, 12:16] = 255
    out = blend_digit(digit, photo, np.random.default_rng(1))
    # off the stroke the patch shows through; on it, 255 - patch
    patches = [photo[y:y + 28, x:x + 28] for y in range(13) for x in range(23)]
    match = [p for p in patches if np.array_equal(out[digit == 0], p[digit == 0])]
    assert len(match) == 1
    assert np.array_equal(out[digit == 255], 255 - match[0][digit == 255])


def test_make_mnist_m_pads_to_32_and_is_seeded():
    digits = np.random.default_rng(0).integers(0, 256, (5, 28, 28), dtype=np.uint8)
    photos = [np.full((64, 64, 3), 100, np.uint8),
              np.full((40, 70, 3), 200, np.uint8)]
    images = make_mnist_m(digits, photos, seed=3)
    assert images.shape == (5, 32, 32, 3) and images.dtype == np.uint8
    assert set(np.unique(images[:, 0, 0])) <= {100, 200}  # the black border
    assert np.array_equal(images, make_mnist_m(digits, photos, seed=3))
    assert not np.array_equal(images, make_mnist_m(digits, photos, seed=4))


def test_converter_splits_one_mnist_split_and_the_dataset_reads_it(tmp_path):
    digits, labels = fake_data.make_mnist(tmp_path / 'mnist', split='t10k', n=9)
    photos = tmp_path / 'photos'
    fake_data.write_image(photos / 'a.jpg', 60, 50, seed=1)
    fake_data.write_image(photos / 'b.png', 45, 40, seed=2)
    out = tmp_path / 'mnist_m'
    run_tool('tools/dataset_converters/mnist_to_mnistm.py',
             str(tmp_path / 'mnist'), str(out), '--photos', str(photos),
             '--from-split', 'test', '--start', '2', '--train-count', '4')
    train = MNISTMDigits(str(out), split='train')
    test = MNISTMDigits(str(out), split='test')
    assert len(train) == 4 and len(test) == 3
    assert [test.get_data_info(i)['gt_label'] for i in range(3)] == \
        labels[6:].tolist()
    img = train.get_data_info(0)['img']
    assert img.shape == (32, 32, 3)
    bad = run_tool('tools/dataset_converters/mnist_to_mnistm.py',
                   str(tmp_path / 'mnist'), str(out), '--photos', str(photos),
                   '--from-split', 'test', '--train-count', '9', check=False)
    assert bad.returncode != 0 and 'no test digits' in bad.stderr


def test_unreadable_photo_is_named(tmp_path):
    (tmp_path / 'broken.jpg').write_bytes(b'not a jpeg')
    with pytest.raises(BadSampleError, match='broken.jpg'):
        folder_photos(str(tmp_path))
