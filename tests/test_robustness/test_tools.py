"""Adversarial training, robust accuracy in tools/test.py, and the
robustness and CAM tools, on the digit classifier and tiny generated MNIST."""
import csv
import re
from types import SimpleNamespace

import mmcv
import numpy as np
import pytest
import torch

from projects.robustness import AdversarialTrainingHook
from tests.test_datasets import fake_data
from tests.test_robustness.helpers import batch, tiny_classifier
from tests.utils import run_tool

CONFIG = 'configs/digit_classifier_mnist_adversarial.py'


def options(mnist):
    return [f'{loader}.{key}' for loader in ('train_dataloader',
                                             'val_dataloader')
            for key in (f'dataset.data_root={mnist}', 'num_workers=0',
                        'persistent_workers=False')] + [
        f'test_dataloader.dataset.data_root={mnist}',
        'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False',
        'train_dataloader.batch_size=4', 'train_cfg.max_iters=2',
        'train_cfg.val_interval=2', 'default_hooks.checkpoint.interval=2']


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """The adversarial digit classifier after 2 iterations of PGD training
    on 12 generated MNIST digits (train and test split)."""
    root = tmp_path_factory.mktemp('robust')
    mnist = root / 'mnist'
    fake_data.make_mnist(mnist, split='train', n=12)
    fake_data.make_mnist(mnist, split='t10k', n=12, seed=1)
    run_tool('tools/train.py', CONFIG, '--work-dir', str(root / 'run'),
             '--cfg-options', *options(mnist))
    return root, options(mnist), root / 'run' / 'iter_2.pth'


def test_hook_puts_pgd_examples_into_the_training_batch():
    model = tiny_classifier()
    data_batch = batch(n=4)
    clean = torch.stack(data_batch['inputs']).float()
    hook = AdversarialTrainingHook(dict(type='PGD', eps=8, steps=2), ratio=0.5)
    hook.before_train_iter(SimpleNamespace(model=model, iter=3), 0, data_batch)
    pixels = data_batch['inputs']
    change = (pixels - clean).abs().amax((1, 2, 3))
    assert change[:2].min() > 1 and change[:2].max() <= 8 + 1e-3
    # the rest stays clean: normalised, RGB inputs went back to BGR pixels
    assert change[2:].max() < 1e-3
    assert pixels.min() >= 0 and pixels.max() <= 255


def test_test_tool_reports_clean_and_robust_accuracy(trained, tmp_path):
    root, opts, checkpoint = trained
    eps0 = 'test_evaluator.attacks.0.eps=0'  # FGSM at 0 of 1: clean
    proc = run_tool('tools/test.py', CONFIG, str(checkpoint), '--work-dir',
                    str(tmp_path), '--cfg-options', *opts, eps0,
                    'test_evaluator.attacks.3.steps=2')
    found = dict(re.findall(r'robust/(\S+): ([\d.]+)', proc.stdout))
    assert set(found) == {'clean', 'fgsm@0', 'fgsm@0.2', 'fgsm@0.3',
                          'pgd@0.1', 'pgd@0.2', 'pgd@0.3'}, proc.stdout[-2000:]
    assert float(found['fgsm@0']) == float(found['clean'])
    assert float(found['pgd@0.3']) <= float(found['clean'])


def test_robustness_tool_writes_table_plot_and_examples(trained, tmp_path):
    root, opts, checkpoint = trained
    run_tool('tools/analysis/robustness.py', CONFIG, str(checkpoint),
             '--eps', '0', '0.3', '--pixel-max', '1', '--steps', '2',
             '--examples', '3', '--work-dir', str(tmp_path / 'logs'),
             '--out-dir', str(tmp_path), '--cfg-options', *opts)
    with open(tmp_path / 'robustness.csv') as file:
        rows = list(csv.reader(file))
    assert rows[0] == ['eps', 'clean', 'FGSM', 'PGD']
    assert [row[0] for row in rows[1:]] == ['0.0', '0.3']
    assert float(rows[1][2]) == float(rows[1][1])  # FGSM at 0 is clean
    for picture in ('robustness.png', 'adversarial_examples.png'):
        assert mmcv.imread(str(tmp_path / picture)).size > 0


def test_cam_tool_on_a_folder_and_on_the_extremes_of_the_test_set(
        trained, tmp_path):
    root, opts, checkpoint = trained
    folder = tmp_path / 'digits'
    for i in range(2):
        image = np.random.default_rng(i).integers(0, 256, (28, 28, 3))
        mmcv.imwrite(image.astype(np.uint8), str(folder / f'digit_{i}.png'))
    run_tool('tools/analysis/cam.py', CONFIG, str(checkpoint), str(folder),
             '--out-dir', str(tmp_path / 'files'), '--cfg-options', *opts)
    assert sorted(p.name for p in (tmp_path / 'files').iterdir()) == [
        'cam_gradcam.png', 'digit_0.png', 'digit_1.png']
    run_tool('tools/analysis/cam.py', CONFIG, str(checkpoint),
             '--most-least', '2', '--method', 'eigencam', '--out-dir',
             str(tmp_path / 'extremes'), '--cfg-options', *opts)
    names = sorted(p.name for p in (tmp_path / 'extremes').iterdir())
    assert names[0] == 'cam_eigencam.png' and len(names) == 5
    assert sum(n.startswith('least_confident') for n in names) == 2
    proc = run_tool('tools/analysis/cam.py', CONFIG, str(checkpoint),
                    str(folder), '--method', 'rollout', '--cfg-options',
                    *opts, check=False)
    assert proc.returncode != 0 and 'rollout needs a ViT' in proc.stderr
