"""mmagic's conditional GANs score real images against their own labels."""
import torch
from mmagic.structures import DataSample
from mmengine.registry import DefaultScope

from projects.gans import SNGAN


def test_sngan_projection_scores_each_real_image_against_its_label():
    with DefaultScope.overwrite_default_scope('mmagic'):
        model = SNGAN(
            generator=dict(type='SNGANGenerator', output_scale=32,
                           base_channels=8, num_classes=10),
            discriminator=dict(type='ProjDiscriminator', input_scale=32,
                               base_channels=8, num_classes=10),
            data_preprocessor=dict(type='DataPreprocessor'))
    samples = DataSample.stack([DataSample().set_gt_label(i) for i in (3, 7)])
    assert samples.gt_label.label.shape == (2, 1)  # as mmagic stacks them
    labels = model.data_sample_to_label(samples)
    assert labels.tolist() == [3, 7]
    score = model.discriminator(torch.zeros(2, 3, 32, 32), label=labels)
    assert score.shape == (2, 1)


def test_sngan_logs_hinge_accuracies_of_the_discriminator_it_trains():
    """mmagic's own training step, with the diagnostics from its disc_loss:
    they match a hand count of the discriminator's outputs in that step
    (hinge loss: threshold 0)."""
    from mmengine.logging import MessageHub
    from mmengine.optim import OptimWrapper, OptimWrapperDict
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmagic'):
        model = SNGAN(
            generator=dict(type='SNGANGenerator', output_scale=32,
                           base_channels=8, num_classes=10),
            discriminator=dict(type='ProjDiscriminator', input_scale=32,
                               base_channels=8, num_classes=10),
            data_preprocessor=dict(type='DataPreprocessor'))
    wrappers = OptimWrapperDict(**{
        name: OptimWrapper(torch.optim.SGD(getattr(model, name).parameters(),
                                           lr=0.01))
        for name in ('generator', 'discriminator')})
    outputs = []
    model.discriminator.register_forward_hook(
        lambda module, args, out: outputs.append(out.detach().clone()))
    samples = [DataSample(gt_img=torch.rand(3, 32, 32) * 255).set_gt_label(i)
               for i in range(6)]
    MessageHub.get_current_instance().update_info('iter', 0)
    log_vars = model.train_step(dict(inputs={}, data_samples=samples), wrappers)
    fake, real = outputs[:2]  # mmagic scores the fakes first
    assert torch.equal(model.last_disc_outputs[''][0], real)
    assert log_vars['disc_real_acc'] == (real > 0).float().mean()
    assert log_vars['disc_fake_acc'] == (fake <= 0).float().mean()
    assert torch.isclose(log_vars['disc_fake_mean'], fake.mean())
