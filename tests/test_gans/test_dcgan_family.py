"""DCGAN, CGAN and ACGAN with selectable losses and label tricks."""
import json

import pytest
import torch
import torch.nn.functional as F

from projects.core.registry import MODELS
from projects.gans import (DCGANFamily, DigitDiscriminator, DigitGenerator,
                           discriminator_stats)
from projects.gans.losses import adversarial_loss, label_targets
from projects.core.utils import register_all_modules
from tests.test_datasets import fake_data
from tests.test_datasets.utils import train_briefly
from tests.test_gan_metrics.helpers import save_tiny_stylegan
from tests.test_tools.test_resume import assert_same_tensors
from tests.utils import read_scalars, run_tool, stopped_run

register_all_modules()
RUN = {'train_dataloader.batch_size': 4, 'train_cfg.max_iters': 2,
       'custom_hooks.1.interval': 2, 'custom_hooks.1.n_samples': 10,
       'default_hooks.disc_histogram.interval': 2,
       'default_hooks.logger.interval': 1}
TINY = dict(RUN, **{'model.generator.base_channels': 4,
                    'model.discriminator.base_channels': 4})
TINY_FC = dict(RUN, **{'model.generator.hidden': (8, 16),
                       'model.discriminator.hidden': (16, 8)})


def test_label_targets_constant_or_uniform_in_range():
    pred = torch.zeros(1000)
    assert torch.equal(label_targets(pred, 0.9), torch.full((1000, ), 0.9))
    noisy = label_targets(pred, (0.85, 1.2))
    assert 0.85 <= noisy.min() and noisy.max() <= 1.2 and noisy.std() > 0.05
    fake = label_targets(pred, (0.0, 0.3))
    assert 0.0 <= fake.min() and fake.max() <= 0.3


def test_each_loss_type():
    pred = torch.tensor([2.0, -1.0, 0.5])
    assert torch.isclose(adversarial_loss(pred, 0.9, 'vanilla'),
                         F.binary_cross_entropy_with_logits(
                             pred, torch.full((3, ), 0.9)))
    assert torch.isclose(adversarial_loss(pred, 0.9, 'lsgan'),
                         ((pred - 0.9)**2).mean())
    assert adversarial_loss(pred, 1.0, 'wgan-gp') == -pred.mean()
    assert adversarial_loss(pred, 0.0, 'wgan-gp') == pred.mean()
    with pytest.raises(ValueError, match='loss_type must be one of'):
        adversarial_loss(pred, 1.0, 'hinge')


@pytest.mark.parametrize('depth, layers', [('shallow', 2), ('deep', 4)])
def test_report_networks_have_2_or_4_5x5_layers(depth, layers):
    gen = DigitGenerator(depth=depth, base_channels=4)
    disc = DigitDiscriminator(depth=depth, base_channels=4)
    for net, kind in ((gen, torch.nn.ConvTranspose2d), (disc, torch.nn.Conv2d)):
        convs = [m for m in net.modules() if isinstance(m, kind)]
        assert len(convs) == layers
        assert all(c.kernel_size == (5, 5) for c in convs)
    assert gen(torch.randn(3, 100)).shape == (3, 1, 28, 28)
    assert disc(torch.randn(3, 1, 28, 28)).shape == (3, )


def tiny_model(condition=None, **kwargs):
    classes = 10 if condition else None
    disc = dict(type='DigitDiscriminator', base_channels=4,
                num_classes=classes, condition=condition)
    return DCGANFamily(
        generator=dict(type='DigitGenerator', base_channels=4,
                       num_classes=classes),
        discriminator=disc, noise_size=100, num_classes=classes,
        condition=condition,
        data_preprocessor=dict(type='mmagic.DataPreprocessor', mean=[127.5],
                               std=[127.5]), **kwargs)


def test_options_are_checked():
    with pytest.raises(ValueError, match='wgan-gp has no label targets'):
        tiny_model(loss_type='wgan-gp', real_label=0.9)
    with pytest.raises(ValueError, match="condition must be one of"):
        tiny_model(condition='infogan')
    with pytest.raises(ValueError, match="depth must be 'shallow' or 'deep'"):
        DigitGenerator(depth='medium')
    with pytest.raises(ValueError, match="condition='acgan' needs num_classes"):
        DigitDiscriminator(condition='acgan')


def batch(n=4):
    from mmagic.structures import DataSample
    samples = [DataSample(gt_img=torch.randint(0, 256, (1, 28, 28)).float())
               .set_gt_label(i % 10) for i in range(n)]
    return dict(inputs={}, data_samples=samples)


def optimizers(model):
    from mmengine.optim import OptimWrapper, OptimWrapperDict
    return OptimWrapperDict(**{
        name: OptimWrapper(torch.optim.SGD(getattr(model, name).parameters(), lr=0.01))
        for name in ('generator', 'discriminator')})


def step_counts(model, data, iters, **kwargs):
    """How often the generator's and discriminator's parameters changed."""
    from mmengine.logging import MessageHub
    wrappers, counts = optimizers(model), dict(generator=0, discriminator=0)
    for name, wrapper in wrappers.items():
        wrapper.optimizer.register_step_post_hook(
            lambda *args, name=name: counts.__setitem__(name, counts[name] + 1))
    for it in range(iters):
        MessageHub.get_current_instance().update_info('iter', it)
        log_vars = model.train_step(data, wrappers)
    return counts, log_vars


def test_update_ratio_and_acgan_class_losses():
    torch.manual_seed(0)
    counts, _ = step_counts(tiny_model(generator_steps=2), batch(), 2)
    assert counts == dict(generator=4, discriminator=2)
    counts, _ = step_counts(tiny_model(discriminator_steps=2), batch(), 4)
    assert counts == dict(generator=2, discriminator=4)
    _, log_vars = step_counts(tiny_model('acgan'), batch(), 1)
    assert {'loss_cls_real', 'loss_cls_fake', 'loss_gen_cls'} <= set(log_vars)
    _, log_vars = step_counts(tiny_model('cgan', loss_type='wgan-gp'), batch(), 1)
    assert log_vars['loss_gp'] >= 0 and 'loss_cls_real' not in log_vars


def test_cgan_discriminator_sees_the_real_labels():
    model = tiny_model('cgan')
    seen = []
    model.discriminator.register_forward_hook(
        lambda module, args, kwargs, out: seen.append(kwargs['label'].tolist()),
        with_kwargs=True)
    step_counts(model, batch(6), 1)
    assert seen[0] == [0, 1, 2, 3, 4, 5]  # real images with their labels
    assert len(seen[1]) == 6  # fakes with the labels they were made for


@pytest.fixture(scope='module')
def digits(tmp_path_factory):
    root = tmp_path_factory.mktemp('digits')
    fake_data.make_mnist(root / 'mnist', split='train', n=12)
    fake_data.make_mnist_m(root / 'mnist_m', split='train', n=8)
    faces = root / 'faces' / 'subfolder'
    for i in range(4):
        fake_data.write_image(faces / f'face_{i}.jpg', 70, 80, seed=i)
    return root


@pytest.fixture(scope='module')
def tiny_inception(tmp_path_factory):
    path = tmp_path_factory.mktemp('weights') / 'tiny_inception.pt'
    return path, save_tiny_stylegan(path)


def scored_on(weights, num):
    """Options for dcgan_faces' FID and IS on ``num`` images."""
    options = {}
    for i in range(2):
        metric = f'val_evaluator.metrics.{i}'
        options.update({f'{metric}.inception_path': str(weights[0]),
                        f'{metric}.inception_sha256': weights[1],
                        f'{metric}.fake_nums': num})
    options['val_evaluator.metrics.0.real_nums'] = num
    options['val_evaluator.metrics.1.splits'] = 2
    options['val_dataloader.batch_size'] = 2
    return options


@pytest.mark.parametrize('config, data, channels', [
    ('dcgan_mnist', 'mnist', 1), ('dcgan_mnist_deep', 'mnist', 1),
    ('cgan_mnist', 'mnist', 1), ('acgan_mnistm', 'mnist_m', 3),
    ('dcgan_faces', 'faces', 3), ('fc_gan_mnist', 'mnist', 1),
    ('fc_lsgan_mnist', 'mnist', 1), ('fc_wgangp_mnist', 'mnist', 1)])
def test_config_trains_and_draws_grids(config, data, channels, digits,
                                       tmp_path, tiny_inception):
    options = dict(TINY_FC if config.startswith('fc_') else TINY,
                   **{'train_dataloader.dataset.data_root': str(digits / data)})
    if config == 'dcgan_faces':
        options.update({'model.generator.base_channels': 16,
                        'model.discriminator.base_channels': 4,
                        'val_dataloader.dataset.data_root': str(digits / data),
                        **scored_on(tiny_inception, 4)})
    runner = train_briefly(f'configs/{config}.py', tmp_path, options)
    assert runner.iter == 2
    model = runner.model
    imgs = model.generate(3)[0]
    size = 64 if config == 'dcgan_faces' else 28
    assert imgs.shape == (3, channels, size, size)
    for picture in ('vis_data/vis_image/fake_img_2.png',
                    'vis_data/vis_image/disc_hist_2.png', 'curves.png'):
        assert len(list(tmp_path.glob(f'*/{picture}'))) == 1, picture
    logged = read_scalars(tmp_path)[2]
    assert 0 <= logged['disc_real_acc'] <= 1
    assert 0 <= logged['disc_fake_acc'] <= 1
    if config == 'dcgan_faces':  # validated at the end of training
        val = [json.loads(line) for line in next(tmp_path.glob(
            '*/vis_data/scalars.json')).read_text().splitlines()
            if '"iter"' not in line]
        assert [row['step'] for row in val] == [2]
        assert {'FID/fid', 'IS/is'} <= set(val[0])


def test_config_networks_are_fully_connected_for_fc_gans():
    from mmengine.config import Config
    from projects.gans import FCDiscriminator, FCGenerator
    losses = {}
    for loss in ('gan', 'lsgan', 'wgangp'):
        cfg = Config.fromfile(f'configs/fc_{loss}_mnist.py')
        losses[loss] = cfg.model.loss_type
        model = MODELS.build(cfg.model)
        assert isinstance(model.generator, FCGenerator)
        assert isinstance(model.discriminator, FCDiscriminator)
        layers = {type(m) for net in (model.generator, model.discriminator)
                  for m in net.modules() if not list(m.children())}
        assert torch.nn.Conv2d not in layers
        assert torch.nn.ConvTranspose2d not in layers
    assert losses == dict(gan='vanilla', lsgan='lsgan', wgangp='wgan-gp')
    assert model.discriminator_steps == 5  # wgan-gp: 5 critic updates
    assert not any(isinstance(m, torch.nn.Dropout)
                   for m in model.discriminator.modules())


def test_dcgan_faces_scores_fid_and_is_on_1000_samples():
    from mmengine.config import Config
    metrics = Config.fromfile('configs/dcgan_faces.py').val_evaluator.metrics
    assert [(m.type, m.fake_nums) for m in metrics] == [
        ('projects.FID', 1000), ('projects.IS', 1000)]
    assert metrics[0].real_nums == 1000


def test_logged_accuracies_match_a_hand_count_of_the_discriminator():
    """With a learning rate of 0 the discriminator is the same after the
    step, so its outputs on the batch's real images can be counted by hand."""
    from mmengine.optim import OptimWrapper, OptimWrapperDict
    torch.manual_seed(0)
    for loss_type, threshold in (('vanilla', 0.0), ('lsgan', 0.5)):
        model = tiny_model(loss_type=loss_type)
        assert model.disc_threshold == threshold
        wrappers = OptimWrapperDict(**{
            name: OptimWrapper(torch.optim.SGD(
                getattr(model, name).parameters(), lr=0.0))
            for name in ('generator', 'discriminator')})
        data = batch(8)
        log_vars = model.train_step(data, wrappers)
        real = model.data_preprocessor(data, True)['data_samples'].gt_img
        pred_real = model.discriminator(real)
        kept_real, kept_fake = model.last_disc_outputs['']
        assert torch.allclose(kept_real, pred_real, atol=1e-6)
        assert log_vars['disc_real_acc'] == (pred_real > threshold).float().mean()
        assert log_vars['disc_fake_acc'] == (kept_fake <= threshold).float().mean()
        assert torch.isclose(log_vars['disc_real_mean'], pred_real.mean())
    noisy = tiny_model(loss_type='lsgan', real_label=(0.85, 1.2),
                       fake_label=(0.0, 0.3))
    assert noisy.disc_threshold == pytest.approx((1.025 + 0.15) / 2)


def test_discriminator_stats_count_each_side_of_the_threshold():
    real = torch.tensor([2.0, -1.0, 0.5, 0.0])
    fake = torch.tensor([-3.0, 1.0, 0.0, -0.1])
    stats = discriminator_stats(real, fake, 0.0, '_zebra')
    assert stats['disc_real_acc_zebra'] == 0.5  # 0 is not above 0
    assert stats['disc_fake_acc_zebra'] == 0.75  # 0 counts as fake
    assert stats['disc_real_mean_zebra'] == pytest.approx(0.375)
    assert stats['disc_fake_mean_zebra'] == pytest.approx(-0.525)


def test_cgan_scores_inception_accuracy_with_a_digit_classifier(digits,
                                                                tmp_path):
    mnist = digits / 'mnist'
    fake_data.make_mnist(mnist, split='t10k', n=20, seed=1)
    # the two trainings in-process (the tool under test is tools/test.py)
    train_briefly('configs/digit_classifier_mnist.py', tmp_path / 'cls', {
        'train_dataloader.dataset.data_root': str(mnist),
        'val_dataloader.dataset.data_root': str(mnist),
        'train_cfg.max_iters': 2, 'train_cfg.val_interval': 2,
        'default_hooks.checkpoint.interval': 2})
    classifier = next((tmp_path / 'cls').glob('best_accuracy_top1_iter_2.pth'))
    gan_options = {'train_dataloader.dataset.data_root': str(mnist),
                   'model.generator.base_channels': 4,
                   'model.discriminator.base_channels': 4,
                   'train_dataloader.batch_size': 4, 'train_cfg.max_iters': 1,
                   'default_hooks.checkpoint.interval': 1}
    train_briefly('configs/cgan_mnist.py', tmp_path / 'gan', gan_options)
    gan_options = [f'{key}={value}' for key, value in gan_options.items()]
    proc = run_tool('tools/test.py', 'configs/cgan_mnist.py',
                    str(tmp_path / 'gan' / 'iter_1.pth'), '--work-dir',
                    str(tmp_path / 'test'), '--cfg-options', *gan_options,
                    f'test_evaluator.metrics.0.classifier.checkpoint={classifier}',
                    f'test_dataloader.dataset.data_root={mnist}',
                    'test_dataloader.num_workers=0',
                    'test_evaluator.metrics.0.fake_nums=20')
    for key in ('InceptionAccuracy/accuracy', 'InceptionAccuracy/accuracy/7',
                'InceptionAccuracy/accuracy_real'):
        assert key in proc.stdout, key


def test_noisy_label_gan_resumes_exactly(digits, tmp_path):
    options = [f'train_dataloader.dataset.data_root={digits / "mnist"}',
               'train_dataloader.num_workers=0',
               'train_dataloader.persistent_workers=False',
               'model.generator.base_channels=4',
               'model.discriminator.base_channels=4',
               'model.real_label=(0.85,1.2)', 'model.fake_label=(0.0,0.3)',
               'train_dataloader.batch_size=4', 'train_cfg.max_iters=6',
               'default_hooks.checkpoint.interval=3',
               'default_hooks.logger.interval=1', 'custom_hooks.1.interval=2',
               'custom_hooks.1.n_samples=10']
    straight, stopped = tmp_path / 'straight', tmp_path / 'stopped'
    run_tool('tools/train.py', 'configs/cgan_mnist.py', '--work-dir',
             str(straight), '--cfg-options', *options)
    stopped_run(straight, stopped, 3)
    run_tool('tools/train.py', 'configs/cgan_mnist.py', '--work-dir',
             str(stopped), '--resume', '--cfg-options', *options)
    expected, resumed = read_scalars(straight), read_scalars(stopped)
    for it in (4, 5, 6):
        for key in ('loss_disc_real', 'loss_disc_fake', 'loss_gen'):
            assert resumed[it][key] == expected[it][key], (it, key)
    a, b = (torch.load(d / 'iter_6.pth') for d in (straight, stopped))
    assert_same_tensors(a['state_dict'], b['state_dict'], 'state_dict')


def test_mode_seeking_term_penalises_a_generator_that_ignores_its_noise():
    torch.manual_seed(0)
    model = tiny_model('cgan', mode_seeking_weight=2.0)
    noise, labels = torch.randn(4, 100), torch.arange(4)
    imgs, _ = model.generate(4, labels, noise)
    varied = model.mode_seeking_loss(imgs, labels, noise)
    with torch.no_grad():  # a generator blind to its noise: one image per class
        model.generator.project[0].weight[:, :100] = 0
    imgs, _ = model.generate(4, labels, noise)
    collapsed = model.mode_seeking_loss(imgs, labels, noise)
    assert collapsed > 100 * varied
    _, log_vars = step_counts(model, batch(), 1)
    assert log_vars['loss_mode_seeking'] > 0
