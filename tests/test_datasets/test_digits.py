"""Digit domains: MNIST, MNIST-M, USPS, SVHN from their files; paired domains."""
import gzip
from collections import Counter

import cv2
import numpy as np
import pytest
from mmengine.dataset import pseudo_collate
from torch.utils.data import DataLoader

from projects.core.bad_samples import BadSampleError, NoUsableSamplesError
from projects.digits import MNISTDigits, MNISTMDigits, SVHNDigits, USPSDigits
from projects.domain_data import PairedDomainDataset
from projects.core.registry import DATASETS
from projects.core.utils import register_all_modules
from tests.test_datasets import fake_data
from tests.test_datasets.utils import captured_log, train_briefly

register_all_modules()
PACK = [dict(type='mmpretrain.PackInputs')]


def test_mnist_reads_the_idx_files(tmp_path):
    images, labels = fake_data.make_mnist(tmp_path, split='t10k', n=5)
    ds = MNISTDigits(str(tmp_path), split='test')
    assert len(ds) == 5 and ds.metainfo['classes'] == tuple('0123456789')
    info = ds.get_data_info(3)
    assert info['gt_label'] == 3 and info['img'].shape == (28, 28)
    assert np.array_equal(info['img'], images[3])
    assert info['img_path'] == f'{tmp_path}/t10k-images-idx3-ubyte.gz[3]'
    assert info['ori_shape'] == info['img_shape'] == (28, 28)
    rgb = MNISTDigits(str(tmp_path), split='test', img_size=32, to_rgb=True)
    img = rgb.get_data_info(3)['img']
    assert img.shape == (32, 32, 3) and img.dtype == np.uint8
    assert (img[..., 0] == img[..., 2]).all()
    assert np.array_equal(img[..., 1], cv2.resize(images[3], (32, 32)))


def test_mnist_m_reads_pngs_and_the_labels_file(tmp_path):
    images, labels = fake_data.make_mnist_m(tmp_path, split='test', n=4)
    ds = MNISTMDigits(str(tmp_path), split='test', pipeline=PACK)
    assert [ds.get_data_info(i)['gt_label'] for i in range(4)] == labels
    assert np.array_equal(ds.get_data_info(2)['img'], images[2])  # BGR, 32 px
    assert ds.get_data_info(2)['img_path'] == f'{tmp_path}/mnist_m_test/00000002.png'
    grey = MNISTMDigits(str(tmp_path), split='test', img_size=28, to_rgb=False)
    assert grey.get_data_info(0)['img'].shape == (28, 28)
    assert tuple(ds[1]['inputs'].shape) == (3, 32, 32)
    assert ds[1]['data_samples'].gt_label.item() == 3


def test_usps_from_h5_and_from_libsvm(tmp_path):
    h5 = fake_data.make_usps_h5(tmp_path / 'h5')
    ds = USPSDigits(str(tmp_path / 'h5'), split='test', img_size=16)
    data, target = h5['test']
    assert len(ds) == 3
    assert [ds.get_data_info(i)['gt_label'] for i in range(3)] == list(target)
    assert np.array_equal(ds.get_data_info(1)['img'],
                          np.rint(data[1] * 255).astype(np.uint8).reshape(16, 16))
    assert USPSDigits(str(tmp_path / 'h5')).get_data_info(0)['img'].shape == (28, 28)
    libsvm = fake_data.make_usps_libsvm(tmp_path / 'svm')
    for split, count in (('train', 3), ('test', 2)):
        ds = USPSDigits(str(tmp_path / 'svm'), split=split, img_size=16)
        data, digits = libsvm[split]
        assert len(ds) == count
        assert [ds.get_data_info(i)['gt_label'] for i in range(count)] == list(digits)
        expected = np.rint((data[0] + 1) * 127.5).astype(np.uint8).reshape(16, 16)
        assert np.abs(ds.get_data_info(0)['img'].astype(int) - expected).max() <= 1
    assert ds.get_data_info(0)['img_path'] == f'{tmp_path}/svm/usps.t.bz2[0]'


def test_usps_at_mnist_digit_scale_is_resized_and_padded(tmp_path):
    h5 = fake_data.make_usps_h5(tmp_path)
    ds = USPSDigits(str(tmp_path), split='test', content_size=20)
    img = ds.get_data_info(1)['img']
    assert img.shape == (28, 28)
    border = np.ones((28, 28), bool)
    border[4:24, 4:24] = False
    assert not img[border].any()  # a black 4 px border
    native = np.rint(h5['test'][0][1] * 255).astype(np.uint8).reshape(16, 16)
    assert np.array_equal(img[4:24, 4:24], cv2.resize(native, (20, 20)))
    with pytest.raises(ValueError, match=r'content_size must be in 1..img_size'):
        USPSDigits(str(tmp_path), content_size=30)


def test_svhn_label_10_is_zero_and_images_are_bgr(tmp_path):
    images, digits = fake_data.make_svhn(tmp_path, split='test', n=4)
    ds = SVHNDigits(str(tmp_path), split='test')
    assert [ds.get_data_info(i)['gt_label'] for i in range(4)] == [0, 1, 2, 3]
    assert np.array_equal(ds.get_data_info(1)['img'], images[1][..., ::-1])
    grey = SVHNDigits(str(tmp_path), split='test', to_rgb=False, img_size=28)
    assert grey.get_data_info(1)['img'].shape == (28, 28)


@pytest.mark.parametrize('damage, problem', [
    (lambda p: p.write_bytes(p.read_bytes()[:30]), 'not a readable gzip file'),
    (lambda p: p.write_bytes(gzip.compress(b'\0\0\x08\x01' + b'\0' * 16)),
     'not an IDX file with magic number 2051'),
    (lambda p: p.write_bytes(gzip.compress(gzip.decompress(p.read_bytes())[:500])),
     'truncated: (5, 28, 28) needs 3920 bytes after the header, found 484'),
    (lambda p: p.unlink(), 'file not found'),
])
def test_broken_mnist_files_are_named(tmp_path, damage, problem):
    fake_data.make_mnist(tmp_path, split='train')
    path = tmp_path / 'train-images-idx3-ubyte.gz'
    damage(path)
    with pytest.raises(BadSampleError) as err:
        MNISTDigits(str(tmp_path))
    assert str(err.value).startswith(f'{path}: {problem}')


def test_labels_outside_0_9_raise_or_are_skipped(tmp_path):
    fake_data.make_svhn(tmp_path, n=5)
    from scipy.io import loadmat, savemat
    mat = loadmat(str(tmp_path / 'test_32x32.mat'))
    mat['y'][2, 0] = 11
    savemat(str(tmp_path / 'test_32x32.mat'), dict(X=mat['X'], y=mat['y']))
    with pytest.raises(BadSampleError) as err:
        SVHNDigits(str(tmp_path), split='test')
    assert str(err.value) == (f'{tmp_path}/test_32x32.mat[2]: label 11 is not a '
                              'digit 0-9')
    with captured_log() as log:
        ds = SVHNDigits(str(tmp_path), split='test', skip_bad_samples=True)
    assert [ds.get_data_info(i)['gt_label'] for i in range(4)] == [0, 1, 3, 4]
    assert 'SVHNDigits: skipped 1 bad samples of 5' in log.getvalue()


def test_non_integer_usps_labels_are_bad_entries(tmp_path):
    import h5py
    fake_data.make_usps_h5(tmp_path)
    with h5py.File(tmp_path / 'usps.h5', 'r+') as f:
        target = f['test/target'][()].astype(np.float64)
        target[1] = 1.5
        del f['test/target']
        f['test/target'] = target
    with pytest.raises(BadSampleError) as err:
        USPSDigits(str(tmp_path), split='test')
    assert str(err.value) == (f'{tmp_path}/usps.h5: test/target[1]: label '
                              '1.5 is not an integer')
    ds = USPSDigits(str(tmp_path), split='test', skip_bad_samples=True)
    assert len(ds) == 2


def test_non_integer_libsvm_label_is_a_bad_entry(tmp_path):
    import bz2
    fake_data.make_usps_libsvm(tmp_path)
    path = tmp_path / 'usps.t.bz2'
    lines = bz2.decompress(path.read_bytes()).decode().splitlines(True)
    lines[0] = '2.5' + lines[0][lines[0].index(' '):]
    path.write_bytes(bz2.compress(''.join(lines).encode()))
    with pytest.raises(BadSampleError, match=r"usps.t.bz2: line 1: label "
                       r"'2.5' is not an integer"):
        USPSDigits(str(tmp_path), split='test')


def test_every_sample_bad_says_none_was_usable(tmp_path):
    fake_data.make_svhn(tmp_path, n=3)
    from scipy.io import loadmat, savemat
    mat = loadmat(str(tmp_path / 'test_32x32.mat'))
    mat['y'][:, 0] = 11
    savemat(str(tmp_path / 'test_32x32.mat'), dict(X=mat['X'], y=mat['y']))
    with pytest.raises(NoUsableSamplesError) as err:
        SVHNDigits(str(tmp_path), split='test', skip_bad_samples=True)
    message = str(err.value)
    assert message.startswith('SVHNDigits: no sample was usable: all 3 are bad')
    assert 'test_32x32.mat[0]: label 11 is not a digit 0-9' in message


def test_mnist_m_bad_lines_and_images(tmp_path):
    fake_data.make_mnist_m(tmp_path, split='train', n=4)
    labels = tmp_path / 'mnist_m_train_labels.txt'
    labels.write_text(labels.read_text().replace('00000001.png 3', '00000001.png'))
    (tmp_path / 'mnist_m_train' / '00000002.png').unlink()
    with pytest.raises(BadSampleError) as err:
        MNISTMDigits(str(tmp_path))
    assert str(err.value) == (f'{labels}: line 2: expected "<name>.png <label>", '
                              'found "00000001.png"')
    ds = MNISTMDigits(str(tmp_path), skip_bad_samples=True)
    assert len(ds) == 2
    assert [str(e) for e in ds.bad_samples][1] == (
        f'{tmp_path}/mnist_m_train/00000002.png: image file not found')
    labels.write_text('\n')
    with pytest.raises(BadSampleError, match='empty labels file'):
        MNISTMDigits(str(tmp_path))


def test_truncated_png_is_named(tmp_path):
    fake_data.make_mnist_m(tmp_path, split='test', n=2)
    png = tmp_path / 'mnist_m_test' / '00000001.png'
    fake_data.truncate(png)
    with pytest.raises(BadSampleError) as err:
        MNISTMDigits(str(tmp_path), split='test')
    assert str(err.value) == f'{png}: truncated PNG (no IEND chunk)'


def test_missing_files_and_bad_arguments(tmp_path):
    with pytest.raises(BadSampleError) as err:
        USPSDigits(str(tmp_path))
    assert str(err.value) == (f'{tmp_path}/usps.h5: file not found, nor '
                              f'{tmp_path}/usps.bz2')
    with pytest.raises(BadSampleError, match='mnist_m_test_labels.txt: labels '
                       'file not found'):
        MNISTMDigits(str(tmp_path), split='test')
    with pytest.raises(ValueError, match="SVHNDigits: split must be one of "
                       r"\('train', 'test'\), got 'extra'"):
        SVHNDigits(str(tmp_path), split='extra')
    with pytest.raises(ValueError, match='MNISTDigits: img_size must be an int'):
        MNISTDigits(str(tmp_path), img_size=0)


@pytest.fixture
def domains(tmp_path):
    """Configs of MNIST train (7 samples) and USPS train (3), RGB 32 px."""
    fake_data.make_mnist(tmp_path / 'mnist', split='train', n=7)
    fake_data.make_usps_h5(tmp_path / 'usps', n=(3, 2))
    common = dict(img_size=32, to_rgb=True, pipeline=PACK)
    return (dict(type='MNISTDigits', data_root=str(tmp_path / 'mnist'), **common),
            dict(type='USPSDigits', data_root=str(tmp_path / 'usps'), **common))


@pytest.fixture
def built(domains):
    """The two datasets built once (each build costs mmengine a gc pass)."""
    return tuple(DATASETS.build(cfg) for cfg in domains)


def test_paired_items_have_both_inputs_and_only_the_source_label(domains):
    source, target = domains
    ds = PairedDomainDataset(source=source, target=target)
    assert len(ds) == 7 and ds.metainfo['classes'] == tuple('0123456789')
    item = ds[4]
    assert set(item) == {'inputs', 'data_samples'}
    assert tuple(item['inputs']['source'].shape) == (3, 32, 32)
    assert tuple(item['inputs']['target'].shape) == (3, 32, 32)
    assert item['data_samples'].gt_label.item() == 4  # MNIST label of sample 4
    assert item['data_samples'].img_path.endswith('train-images-idx3-ubyte.gz[4]')
    src_idx, tgt_idx = ds.indices(4)
    assert src_idx == 4
    assert (item['inputs']['target'] == ds.target[tgt_idx]['inputs']).all()


def test_paired_epoch_covers_the_larger_domain_and_resamples_the_smaller(built):
    source, target = built
    ds = PairedDomainDataset(source=source, target=target, seed=3)
    pairs = [ds.indices(i) for i in range(len(ds))]
    assert [s for s, _ in pairs] == list(range(7))
    assert sorted(Counter(t for _, t in pairs).values()) == [2, 2, 3]
    assert pairs == [PairedDomainDataset(source=source, target=target,
                                         seed=3).indices(i) for i in range(7)]
    others = [PairedDomainDataset(source=source, target=target, seed=s).indices(i)
              for s in range(4, 8) for i in range(7)]
    assert others != pairs * 4
    flipped = PairedDomainDataset(source=target, target=source)
    assert len(flipped) == 7 and [t for _, t in map(flipped.indices, range(7))] == \
        list(range(7))


def test_paired_batches_with_the_default_collate(built):
    source, target = built
    loader = DataLoader(PairedDomainDataset(source=source, target=target),
                        batch_size=4, collate_fn=pseudo_collate)
    batch = next(iter(loader))
    assert len(batch['inputs']['source']) == len(batch['inputs']['target']) == 4
    assert [s.gt_label.item() for s in batch['data_samples']] == [0, 1, 2, 3]


def test_source_only_config_trains_and_evaluates_on_usps(tmp_path):
    fake_data.make_mnist(tmp_path / 'mnist', split='train', n=8)
    fake_data.make_usps_h5(tmp_path / 'usps', n=(4, 3))
    runner = train_briefly('configs/lenet5_mnist_to_usps_source_only.py',
                           tmp_path / 'w', {
                               'train_dataloader.dataset.data_root':
                               str(tmp_path / 'mnist'),
                               'val_dataloader.dataset.data_root':
                               str(tmp_path / 'usps'),
                               'train_dataloader.batch_size': 4,
                               'train_cfg.max_iters': 2,
                               'train_cfg.val_interval': 2})
    assert runner.iter == 2
    assert len(runner.val_dataloader.dataset) == 3
    assert runner.message_hub.get_scalar('val/accuracy/top1') is not None
