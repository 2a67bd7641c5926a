"""tools/eval_gen.py on a generator: one and two processes, the same numbers;
real images from a dataset config."""
import json
import socket
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

from projects.gan_metrics.images import ConfigImages
from projects.toy_shapes.render import render_scene
from projects.core.utils import register_all_modules
from tests.utils import REPO, run_tool

CONFIG = 'configs/toy_gan_fid.py'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def tiny_options(weights):
    """The FID config at test size: 7 real images, 9 generated samples
    (neither divides by 2 processes or by the batch of 4)."""
    metric = 'test_evaluator.metrics'
    return [
        'model.generator.base_channels=32',
        'model.discriminator.base_channels=8',
        'test_dataloader.batch_size=4', 'test_dataloader.num_workers=0',
        'test_dataloader.dataset.num_samples=7',
        f'{metric}.0.fake_nums=9', f'{metric}.0.real_stats=None',
        f'{metric}.1.fake_nums=9', f'{metric}.1.splits=3',
        f'{metric}.0.inception_path={weights[0]}',
        f'{metric}.1.inception_path={weights[0]}',
        f'{metric}.0.inception_sha256={weights[1]}',
        f'{metric}.1.inception_sha256={weights[1]}',
    ]


@pytest.fixture
def checkpoint(tmp_path):
    """The tiny toy GAN, randomly initialised, saved as a checkpoint."""
    register_all_modules(init_default_scope=False)
    cfg = Config.fromfile(REPO / CONFIG)
    cfg.merge_from_dict({'model.generator.base_channels': 32,
                         'model.discriminator.base_channels': 8})
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('projects'):
        model = MODELS.build(cfg.model)
    path = tmp_path / 'gan.pth'
    torch.save({'state_dict': model.state_dict(), 'meta': {}}, path)
    return path


@pytest.mark.skipif(torch.cuda.is_available(), reason='tests the CPU path')
def test_one_and_two_processes_give_the_same_numbers(tmp_path, checkpoint,
                                                     tiny_weights):
    args = ['model', CONFIG, str(checkpoint), '--cfg-options',
            *tiny_options(tiny_weights)]
    one, two = tmp_path / 'one.json', tmp_path / 'two.json'
    run_tool('tools/eval_gen.py', *args, '--work-dir', str(tmp_path / '1'),
             '--out', str(one))
    cmd = [sys.executable, '-m', 'torch.distributed.run',
           '--nproc_per_node=2', f'--master_port={free_port()}',
           'tools/eval_gen.py', *args, '--work-dir', str(tmp_path / '2'),
           '--out', str(two), '--launcher', 'pytorch']
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    assert 'Distributed training: True' in proc.stdout + proc.stderr
    one, two = (json.loads(p.read_text()) for p in (one, two))
    assert set(one) == {'config', 'checkpoint', 'FID/fid', 'FID/mean',
                        'FID/cov', 'IS/is', 'IS/is_std'}
    for key in ('FID/fid', 'FID/mean', 'FID/cov', 'IS/is', 'IS/is_std'):
        assert two[key] == pytest.approx(one[key], rel=1e-6, abs=1e-9), key
    # IS is exactly 1 only when every sample gets the same class posterior
    # (a degenerate pipeline); random tiny networks sit just above it.
    assert one['FID/fid'] > 0 and one['IS/is'] > 1, one


def test_config_images_are_the_raw_dataset_images_in_rgb(tmp_path):
    config = tmp_path / 'real.py'
    config.write_text(f"_base_ = '{REPO / CONFIG}'\n"
                      'test_dataloader = dict(dataset=dict(num_samples=3))\n')
    images = ConfigImages(str(config))
    assert len(images) == 3
    for index in range(3):  # the config's split: seed 1, shapes 0.4-0.8
        bgr, _, _ = render_scene(1, index, img_size=32, max_shapes=1,
                                 min_frac=0.4, max_frac=0.8)
        rgb = torch.from_numpy(bgr[..., ::-1].copy()).permute(2, 0, 1)
        assert torch.equal(images[index], rgb)


def test_truncated_image_is_named_even_from_a_worker(tmp_path):
    from torch.utils.data import DataLoader

    from projects.core.bad_samples import BadSampleError
    from projects.gan_metrics.images import ImageFiles
    from tests.test_datasets.fake_data import truncate, write_image
    path = tmp_path / 'fake' / 'b.png'
    write_image(path, 32, 32)
    truncate(path)
    # torch re-raises a worker's error as RuntimeError with its message.
    with pytest.raises((BadSampleError, RuntimeError),
                       match=f'{path}: not a decodable image'):
        next(iter(DataLoader(ImageFiles([str(path)]), num_workers=1)))


def test_missing_inception_weights_are_told_at_start_with_the_way_out(
        tmp_path):
    from tests.utils import TINY_GAN
    options = ['--cfg-options', *TINY_GAN, 'train_cfg.max_iters=2',
               'train_cfg.val_interval=2', 'default_hooks.checkpoint.interval=2']
    env = dict(INCEPTION_WEIGHTS='')
    proc = run_tool('tools/train.py', CONFIG, '--work-dir', str(tmp_path / 'a'),
                    *options, check=False, env=env)
    assert proc.returncode != 0
    message = proc.stderr.strip().splitlines()[-1]
    assert 'inception_path' in message and 'INCEPTION_WEIGHTS' in message
    assert '--no-validate' in message
    assert not list((tmp_path / 'a').glob('*.pth'))  # failed before training
    run_tool('tools/train.py', CONFIG, '--work-dir', str(tmp_path / 'b'),
             '--no-validate', *options, env=env)
    assert (tmp_path / 'b' / 'iter_2.pth').exists()
