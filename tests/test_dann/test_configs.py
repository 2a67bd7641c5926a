"""Each DANN config family trains on tiny digits in the real file formats,
and a stopped DANN run resumes exactly (lambda_p and the lr follow the
iteration)."""
import json

import cv2

import pytest

from tests.test_datasets.fake_data import (make_mnist, make_mnist_m,
                                           make_svhn, make_usps_h5)
from tests.utils import read_scalars, run_tool, stopped_run


@pytest.fixture(scope='module')
def digits(tmp_path_factory):
    root = tmp_path_factory.mktemp('digits')
    for split in ('train', 't10k'):
        make_mnist(root / 'mnist', split=split, n=12)
    for split in ('train', 'test'):
        make_mnist_m(root / 'mnist_m', split=split, n=6)
        make_svhn(root / 'svhn', split=split, n=6)
    make_usps_h5(root / 'usps', n=(10, 6))
    return root


def options(digits, source, target, iters, train_source=None):
    roots = dict(MNIST='mnist', MNISTM='mnist_m', USPS='usps', SVHN='svhn')
    train_source = train_source or source
    return [
        f'train_dataloader.dataset.source.data_root={digits / roots[train_source]}',
        f'train_dataloader.dataset.target.data_root={digits / roots[target]}',
        f'val_dataloader.dataset.source.data_root={digits / roots[source]}',
        f'val_dataloader.dataset.target.data_root={digits / roots[target]}',
        'train_dataloader.batch_size=4', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'val_dataloader.num_workers=0', 'val_dataloader.persistent_workers=False',
        f'train_cfg.max_iters={iters}', f'train_cfg.val_interval={iters}',
        'default_hooks.logger.interval=1', 'default_hooks.checkpoint.interval=2',
    ]


@pytest.mark.parametrize('config, train_source', [
    ('dann_mnist_to_usps', 'MNIST'),
    ('dann_mnist_to_usps_source_only', 'MNIST'),
    ('dann_mnist_to_usps_target_only', 'USPS'),  # trains on target labels
    ('dann_svhn_to_mnistm', 'SVHN'),
    ('dann_usps_to_mnist', 'USPS'),
])
def test_config_family_trains_and_validates_per_domain(config, train_source,
                                                       digits, tmp_path):
    source, target = config[len('dann_'):].split('_')[0::2][:2]
    source, target = source.upper(), target.upper()
    run_tool('tools/train.py', f'configs/{config}.py', '--work-dir', str(tmp_path),
             '--cfg-options', *options(digits, source, target, 2, train_source))
    scalars = read_scalars(tmp_path)
    assert ('loss_domain' in scalars[2]) == ('only' not in config)
    text = next(tmp_path.glob('*/vis_data/scalars.json')).read_text()
    assert '"accuracy/target"' in text and '"accuracy/source"' in text
    assert (tmp_path / 'best_accuracy_target_iter_2.pth').is_file()
    if 'only' not in config:  # the adaptation diagnostics, drawn beside the logs
        assert {'domain_acc', 'lambda_p'} <= set(scalars[2])
        assert next(tmp_path.glob('*/curves.png')).stat().st_size > 0


def test_dann_resumes_exactly(digits, tmp_path):
    straight, resumed = tmp_path / 'straight', tmp_path / 'resumed'
    opts = options(digits, 'MNIST', 'USPS', 4)
    run_tool('tools/train.py', 'configs/dann_mnist_to_usps.py', '--work-dir',
             str(straight), '--cfg-options', *opts)
    stopped_run(straight, resumed, 2)
    run_tool('tools/train.py', 'configs/dann_mnist_to_usps.py', '--work-dir',
             str(resumed), '--resume', '--cfg-options', *opts)
    expected, got = read_scalars(straight), read_scalars(resumed)
    for it in (3, 4):
        for key in ('loss_cls', 'loss_domain', 'lambda_p', 'lr'):
            assert got[it][key] == expected[it][key], (it, key)


def test_tsne_tool_saves_class_and_domain_pictures(digits, tmp_path):
    opts = options(digits, 'MNIST', 'USPS', 1)
    run_tool('tools/train.py', 'configs/dann_mnist_to_usps.py', '--work-dir',
             str(tmp_path), '--cfg-options', *opts)
    out = tmp_path / 'tsne'
    proc = run_tool('tools/analysis/tsne.py', 'configs/dann_mnist_to_usps.py',
                    str(tmp_path / 'iter_1.pth'), '--out-dir', str(out),
                    '--perplexity', '4', '--cfg-options',
                    *[o.replace('val_dataloader', 'test_dataloader')
                      for o in opts if o.startswith('val_dataloader')])
    for name in ('tsne_by_class.png', 'tsne_by_domain.png'):
        image = cv2.imread(str(out / name))
        assert image is not None and image.std() > 0
    assert 'tsne_by_domain.png' in proc.stdout
    distance = json.loads((out / 'proxy_a_distance.json').read_text())
    assert -2 <= distance['proxy_a_distance'] <= 2
    assert distance['samples'] == dict(source=12, target=6)  # test splits
