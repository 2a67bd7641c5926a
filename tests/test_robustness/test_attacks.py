"""FGSM and PGD in pixel units, against torchattacks on the same model."""
import pytest
import torch
import torch.nn.functional as F
import torchattacks

from projects.core.utils import register_all_modules
from projects.robustness import FGSM, PGD, logits_of
from tests.test_robustness.helpers import ZeroOneRGB, batch, tiny_classifier

register_all_modules()


@pytest.fixture(scope='module')
def setting():
    model = tiny_classifier()
    data = model.data_preprocessor(batch(), False)
    labels = torch.cat([s.gt_label for s in data['data_samples']])
    mean = model.data_preprocessor.mean.view(1, -1, 1, 1)
    std = model.data_preprocessor.std.view(1, -1, 1, 1)
    return model, data['inputs'], labels, mean, std


def loss(model, inputs, labels):
    with torch.no_grad():
        return F.cross_entropy(logits_of(model, inputs), labels).item()


def accuracy(model, inputs, labels):
    with torch.no_grad():
        return (logits_of(model, inputs).argmax(1) == labels).float().mean()


@pytest.mark.parametrize('attack', [
    FGSM(eps=8), PGD(eps=8, steps=5, step_size=2),
    PGD(eps=0.03, pixel_max=1, steps=3)])
def test_attacks_raise_the_loss_inside_the_ball_and_the_pixel_range(
        attack, setting):
    model, inputs, labels, mean, std = setting
    adversarial = attack(model, inputs, labels)
    assert loss(model, adversarial, labels) > loss(model, inputs, labels)
    pixels, adv_pixels = inputs * std + mean, adversarial * std + mean
    eps = attack.eps * 255 / attack.pixel_max
    assert (adv_pixels - pixels).abs().max() <= eps + 1e-3
    assert (adv_pixels - pixels).abs().max() > 0.5 * eps  # it moved
    assert adv_pixels.min() >= -1e-3 and adv_pixels.max() <= 255 + 1e-3
    assert model.training is False  # the mode is left as it was


def test_pgd_equals_torchattacks_on_the_same_model_and_images(setting):
    model, inputs, labels, mean, std = setting
    images = (inputs * std + mean) / 255  # RGB in [0, 1] for torchattacks
    reference = torchattacks.PGD(ZeroOneRGB(model), eps=8 / 255,
                                 alpha=2 / 255, steps=5, random_start=False)
    expected = reference(images, labels) * 255
    ours = PGD(eps=8, steps=5, step_size=2, random_start=False)(
        model, inputs, labels)
    assert torch.allclose(ours * std + mean, expected, atol=1e-3)
    with torch.no_grad():
        reference_acc = (ZeroOneRGB(model)(expected / 255).argmax(1)
                         == labels).float().mean()
    assert accuracy(model, ours, labels) == reference_acc
    # and in 0-1 units, as torchattacks users state epsilon
    same = PGD(eps=8 / 255, pixel_max=1, steps=5, step_size=2 / 255,
               random_start=False)(model, inputs, labels)
    assert torch.allclose(same, ours, atol=1e-4)


def test_fgsm_equals_torchattacks_and_is_clean_at_eps_0(setting):
    model, inputs, labels, mean, std = setting
    images = (inputs * std + mean) / 255
    expected = torchattacks.FGSM(ZeroOneRGB(model), eps=4 / 255)(images,
                                                                 labels)
    ours = FGSM(eps=4)(model, inputs, labels)
    assert torch.allclose(ours * std + mean, expected * 255, atol=1e-3)
    unchanged = FGSM(eps=0)(model, inputs, labels)
    assert torch.allclose(unchanged, inputs, atol=1e-5)
    assert accuracy(model, unchanged, labels) == accuracy(model, inputs, labels)


def test_random_start_is_deterministic_under_its_seed(setting):
    model, inputs, labels, _, _ = setting
    first = PGD(eps=8, steps=1, seed=3)(model, inputs, labels)
    again = PGD(eps=8, steps=1, seed=3)(model, inputs, labels)
    other = PGD(eps=8, steps=1, seed=4)(model, inputs, labels)
    assert torch.equal(first, again) and not torch.equal(first, other)


def test_bad_settings_are_clear_errors():
    with pytest.raises(ValueError, match='pixel_max is 1 or 255'):
        PGD(eps=8, pixel_max=100)
    with pytest.raises(ValueError, match='eps must be >= 0'):
        FGSM(eps=-1)
    with pytest.raises(ValueError, match='steps must be >= 1'):
        PGD(eps=8, steps=0)
    assert PGD(eps=8, steps=10).step_size == 2.0  # Madry et al.: 2.5 eps / steps
    assert PGD(eps=8).key == 'pgd@8' and FGSM(eps=0.03, pixel_max=1).key == \
        'fgsm@0.03'
