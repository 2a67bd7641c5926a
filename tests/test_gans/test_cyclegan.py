"""CycleGAN with a history buffer of past fakes."""
import json

import cv2
import pytest
from mmengine.config import Config
import torch
from tensorboard.backend.event_processing.event_accumulator import \
    EventAccumulator

from projects.gans import BufferedCycleGAN, FakeHistoryBuffer
from projects.core.utils import register_all_modules
from tests.test_datasets.fake_data import make_unpaired
from tests.test_gan_metrics.helpers import save_tiny_stylegan
from tests.test_tools.test_resume import assert_same_tensors
from tests.utils import REPO, read_scalars, run_tool, stopped_run

register_all_modules()
CONFIG = 'configs/cyclegan_buffer_horse2zebra_128.py'


def constant_images(*values):
    return torch.stack([torch.full((3, 2, 2), float(v)) for v in values])


def test_buffer_is_empty_at_first_then_mixes_in_as_many_past_fakes():
    buffer = FakeHistoryBuffer(capacity=50)
    current = constant_images(-1, -2)
    assert torch.equal(buffer.mix(current), current)
    for value in range(10):
        buffer.push(constant_images(value, value))
    mixed = buffer.mix(current)
    assert mixed.shape == (4, 3, 2, 2)
    assert torch.equal(mixed[:2], current)
    past = mixed[2:, 0, 0, 0].tolist()
    assert len(set(past)) == 2 and set(past) <= set(range(10))


def test_buffer_keeps_one_image_per_minibatch_of_the_last_capacity():
    buffer = FakeHistoryBuffer(capacity=5)
    for value in range(8):
        buffer.push(constant_images(value, value + 100, value + 200))
    assert len(buffer) == 5
    kept = sorted(int(img[0, 0, 0]) % 100 for img in buffer.images)
    assert kept == [3, 4, 5, 6, 7]


def test_buffer_draws_without_replacement_when_it_has_enough():
    torch.manual_seed(0)
    buffer = FakeHistoryBuffer(capacity=4)
    for value in range(4):
        buffer.push(constant_images(value))
    for _ in range(20):
        past = buffer.mix(constant_images(-1, -1, -1, -1))[4:, 0, 0, 0]
        assert sorted(past.tolist()) == [0, 1, 2, 3]
    # fewer stored than needed: drawn with replacement
    small = FakeHistoryBuffer(capacity=4)
    small.push(constant_images(7))
    assert small.mix(constant_images(-1, -1, -1))[3:, 0, 0, 0].tolist() == [7] * 3


def test_buffer_round_trips_through_a_checkpoint(tmp_path):
    buffer = FakeHistoryBuffer(capacity=3)
    for value in range(4):
        buffer.push(constant_images(value))
    torch.save(buffer.state_dict(), tmp_path / 'buffer.pth')
    restored = FakeHistoryBuffer(capacity=3)
    restored.load_state_dict(torch.load(tmp_path / 'buffer.pth'))  # weights_only
    assert [int(i[0, 0, 0]) for i in restored.images] == [1, 2, 3]
    with pytest.raises(ValueError, match='capacity must be >= 1'):
        FakeHistoryBuffer(capacity=0)


def tiny_cyclegan(**kwargs):
    return BufferedCycleGAN(
        generator=dict(type='ResnetGenerator', in_channels=3, out_channels=3,
                       base_channels=4, num_blocks=1, norm_cfg=dict(type='IN')),
        discriminator=dict(type='PatchDiscriminator', in_channels=3,
                           base_channels=4, num_conv=2,
                           norm_cfg=dict(type='IN')),
        data_preprocessor=dict(type='mmagic.DataPreprocessor'),
        default_domain='zebra', reachable_domains=['horse', 'zebra'],
        related_domains=['horse', 'zebra'], **kwargs)


def test_discriminator_loss_sees_current_and_past_fakes():
    torch.manual_seed(0)
    model = tiny_cyclegan()
    seen = []
    model.discriminators['zebra'].register_forward_hook(
        lambda module, inputs, output: seen.append(len(inputs[0])))
    outputs = dict(real_horse=torch.randn(2, 3, 16, 16),
                   real_zebra=torch.randn(2, 3, 16, 16),
                   fake_horse=torch.randn(2, 3, 16, 16),
                   fake_zebra=torch.randn(2, 3, 16, 16))
    model._get_disc_loss(outputs)
    assert seen == [2, 2]  # no history yet: current fakes, then reals
    seen.clear()
    loss, log_vars = model._get_disc_loss(outputs)
    assert seen == [4, 2]  # 2 current + 2 past fakes, then reals
    assert {key for key in log_vars if key.startswith('loss')} == {
        'loss_gan_d_horse', 'loss_gan_d_zebra'}


def test_each_discriminator_logs_its_accuracy_on_the_current_fakes():
    torch.manual_seed(0)
    model = tiny_cyclegan()
    preds = []
    model.discriminators['zebra'].register_forward_hook(
        lambda module, inputs, output: preds.append(output.detach()))
    outputs = {f'{kind}_{domain}': torch.randn(2, 3, 16, 16)
               for kind in ('real', 'fake') for domain in ('horse', 'zebra')}
    model._get_disc_loss(outputs)
    preds.clear()
    _, log_vars = model._get_disc_loss(outputs)  # 2 current + 2 past fakes
    fake, real = preds
    # by hand: LSGAN targets 1 / 0, so a patch is called real above 0.5
    assert log_vars['disc_real_acc_zebra'] == (real > 0.5).float().mean()
    assert log_vars['disc_fake_acc_zebra'] == (fake[:2] <= 0.5).float().mean()
    assert log_vars['disc_fake_mean_zebra'] == fake[:2].mean()
    assert {'disc_real_acc_horse', 'disc_fake_mean_horse'} <= set(log_vars)
    kept_real, kept_fake = model.last_disc_outputs['zebra']
    assert torch.equal(kept_real, real) and torch.equal(kept_fake, fake[:2])
    assert len(model.fake_history['zebra']) == 2
    assert 'fake_history.zebra._extra_state' in model.state_dict()


def test_mmagic_pool_stays_selectable():
    from mmagic.models.editors.cyclegan.cyclegan_modules import GANImageBuffer
    model = tiny_cyclegan(buffer='pool', buffer_size=10)
    assert isinstance(model.image_buffers['zebra'], GANImageBuffer)
    assert not hasattr(model, 'fake_history')
    with pytest.raises(ValueError, match="buffer must be 'history' or 'pool'"):
        tiny_cyclegan(buffer='swap')


@pytest.fixture(scope='module')
def tiny_inception(tmp_path_factory):
    path = tmp_path_factory.mktemp('weights') / 'tiny_inception.pt'
    return path, save_tiny_stylegan(path)


def test_translation_fid_counts_the_whole_domains_of_any_unpaired_set(
        tmp_path, tiny_inception):
    from projects.core.registry import DATASETS, METRICS
    make_unpaired(tmp_path, size=40,
                  counts=dict(trainA=1, trainB=1, testA=3, testB=5))
    cfg = Config.fromfile(REPO / CONFIG)
    cfg.val_dataloader.dataset.data_root = str(tmp_path)
    dataset = DATASETS.build(cfg.val_dataloader.dataset)
    path, sha256 = tiny_inception
    sizes = []
    for metric_cfg in cfg.val_evaluator.metrics:
        metric = METRICS.build(dict(metric_cfg, inception_path=str(path),
                                    inception_sha256=sha256))
        metric._whole_domains(dataset)
        sizes.append((metric.prefix, metric.fake_nums, metric.real_nums))
    assert sizes == [('FID-horse2zebra', 3, 5), ('FID-zebra2horse', 5, 3),
                     ('KID-horse2zebra', 3, 5), ('KID-zebra2horse', 5, 3)]


def train(work_dir, data_root, inception, *extra):
    path, sha256 = inception
    metric_options = []  # fake_nums / real_nums: -1, the whole test domains
    for i in range(4):  # FID and KID of both directions
        metric_options += [f'val_evaluator.metrics.{i}.inception_path={path}',
                           f'val_evaluator.metrics.{i}.inception_sha256={sha256}']
    run_tool('tools/train.py', CONFIG, '--work-dir', str(work_dir), *extra,
             '--cfg-options', f'train_dataloader.dataset.data_root={data_root}',
             f'val_dataloader.dataset.data_root={data_root}',
             f'test_dataloader.dataset.data_root={data_root}',
             'train_dataloader.dataset.pipeline.2.transforms.0.scale=(36,36)',
             'train_dataloader.dataset.pipeline.2.transforms.1.crop_size=(32,32)',
             'val_dataloader.dataset.pipeline.2.transforms.scale=(32,32)',
             'train_dataloader.num_workers=0', 'val_dataloader.num_workers=0',
             'train_dataloader.persistent_workers=False',
             'val_dataloader.persistent_workers=False',
             'model.generator.base_channels=8', 'model.generator.num_blocks=1',
             'model.discriminator.base_channels=8', 'model.buffer_size=4',
             'train_cfg.max_iters=6',  # validates per epoch: at 5 and 6
             'default_hooks.checkpoint.interval=3',
             'default_hooks.disc_histogram.interval=3',
             'default_hooks.logger.interval=1', 'custom_hooks.1.interval=3',
             'custom_hooks.1.vis_kwargs_list.0.n_samples=2',
             'custom_hooks.1.vis_kwargs_list.1.n_samples=2', *metric_options)


def test_config_trains_with_grids_and_fid_and_resumes_buffers_exactly(
        tmp_path, tiny_inception):
    data = tmp_path / 'h2z'
    make_unpaired(data, counts=dict(trainA=3, trainB=5, testA=3, testB=4),
                  size=40)
    straight, stopped = tmp_path / 'straight', tmp_path / 'stopped'
    train(straight, data, tiny_inception, '--tensorboard')

    # grids of both directions: real, translated, reconstructed, identity
    for name in ('horse2zebra', 'zebra2horse'):
        grids = sorted(straight.glob(f'*/vis_data/vis_image/{name}_*.png'))
        assert len(grids) == 2, name  # iterations 3 and 6
        # one row per kind, one column per sample, 2 px padding, and the
        # rows' labels at the left
        grid = cv2.imread(str(grids[0]))
        assert grid.shape[0] == 4 * 34 + 2 and grid.shape[1] > 2 * 34 + 2 + 40
    # FID and KID of both directions after each epoch of the larger domain
    # (5 zebras: iteration 5) and at the end
    val = [json.loads(line)
           for path in straight.glob('*/vis_data/scalars.json')
           for line in path.read_text().splitlines() if '"iter"' not in line]
    assert [row['step'] for row in val] == [5, 6]
    assert {f'{metric}-{direction}/{metric.lower()}'
            for metric in ('FID', 'KID')
            for direction in ('horse2zebra', 'zebra2horse')} <= set(val[-1])
    # the discriminators' diagnostics, histograms (also in TensorBoard) and
    # the curves picture beside the logs
    assert {'disc_real_acc_zebra', 'disc_fake_mean_horse'} <= set(
        read_scalars(straight)[1])
    for domain in ('horse', 'zebra'):
        assert len(list(straight.glob(
            f'*/vis_data/vis_image/disc_hist_{domain}_*.png'))) == 2
    events = EventAccumulator(str(next(straight.glob('*/vis_data')))).Reload()
    assert {'disc_zebra/real', 'disc_horse/fake'} <= set(
        events.Tags()['histograms'])
    assert len(list(straight.glob('*/curves.png'))) == 1

    stopped_run(straight, stopped, 3)
    saved = torch.load(stopped / 'iter_3.pth')['state_dict']
    assert saved['fake_history.zebra._extra_state']['images'].shape[0] == 3
    train(stopped, data, tiny_inception, '--resume')

    expected, resumed = read_scalars(straight), read_scalars(stopped)
    for it in (4, 5, 6):
        for key, value in expected[it].items():
            if key.startswith('loss'):
                assert resumed[it][key] == value, (it, key)
    a = torch.load(straight / 'iter_6.pth')
    b = torch.load(stopped / 'iter_6.pth')
    images = a['state_dict']['fake_history.horse._extra_state']['images']
    assert images.shape[0] == 4  # capacity 4 after 6 minibatches
    assert_same_tensors(a['state_dict'], b['state_dict'], 'state_dict')
    assert_same_tensors(a['optimizer'], b['optimizer'], 'optimizer')


def test_256_config_has_the_paper_settings_and_trains(tmp_path, tiny_inception):
    from tests.test_datasets.utils import train_briefly
    make_unpaired(tmp_path / 'h2z', size=40,
                  counts=dict(trainA=2, trainB=2, testA=2, testB=2))
    path, sha256 = tiny_inception
    options = {'train_dataloader.dataset.data_root': str(tmp_path / 'h2z'),
               'val_dataloader.dataset.data_root': str(tmp_path / 'h2z'),
               'train_dataloader.dataset.pipeline.2.transforms.0.scale': (36, 36),
               'train_dataloader.dataset.pipeline.2.transforms.1.crop_size': (32, 32),
               'model.generator.base_channels': 4,
               'model.discriminator.base_channels': 4,
               'train_cfg.max_iters': 1, 'custom_hooks.1.interval': 10}
    for i in range(4):
        options[f'val_evaluator.metrics.{i}.inception_path'] = str(path)
        options[f'val_evaluator.metrics.{i}.inception_sha256'] = sha256
        options[f'val_evaluator.metrics.{i}.fake_nums'] = 2
        options[f'val_evaluator.metrics.{i}.real_nums'] = 2
    runner = train_briefly('configs/cyclegan_buffer_horse2zebra.py',
                           tmp_path / 'w', options)
    model = runner.model
    assert runner.iter == 1 and len(model.fake_history['zebra']) == 1
    assert model.loss_config == dict(cycle_loss_weight=10., id_loss_weight=5.)
    resnet_blocks = [m for m in model.generators['zebra'].modules()
                     if type(m).__name__ == 'ResidualBlockWithDropout']
    assert len(resnet_blocks) == 9
    norms = [m for m in model.discriminators['zebra'].modules()
             if isinstance(m, torch.nn.InstanceNorm2d)]
    assert len(norms) == 3  # the 70 x 70 PatchGAN: C64-C128-C256-C512
    lrs = {name: wrapper.get_lr()['lr'][0]
           for name, wrapper in runner.optim_wrapper.items()}
    assert lrs == dict(generators=1e-4, discriminators=2e-4)
