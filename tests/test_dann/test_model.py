"""DANN: gradient reversal, schedules, losses and predictions."""
import math

import pytest
import torch
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapper
from mmpretrain.structures import DataSample

from projects.dann import (DANN, DomainAccuracy, InverseDecayLR,
                           adaptation_weight, inverse_decay, reverse_grad)
from projects.domain_data import DomainTestSet
from projects.core.utils import register_all_modules

register_all_modules()


@pytest.mark.parametrize('coeff', [0.0, 0.3, 1.0])
def test_gradient_reversal_flips_and_scales_gradients(coeff):
    x = torch.randn(4, 3, requires_grad=True)
    weights = torch.randn(4, 3)
    y = reverse_grad(x, coeff)
    assert torch.equal(y, x)
    (y * weights).sum().backward()
    assert torch.allclose(x.grad, -coeff * weights)


def test_adaptation_weight_schedule():
    assert adaptation_weight(0.0) == 0.0
    assert adaptation_weight(0.5) == pytest.approx(2 / (1 + math.exp(-5)) - 1)
    assert adaptation_weight(0.5) == pytest.approx(0.986614, abs=1e-6)
    assert adaptation_weight(1.0) == pytest.approx(0.999909, abs=1e-6)


def test_learning_rate_annealing_schedule():
    assert inverse_decay(0.0) == 1.0
    assert inverse_decay(0.5) == pytest.approx(6 ** -0.75)
    assert inverse_decay(1.0) == pytest.approx(11 ** -0.75)
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.01)
    scheduler = InverseDecayLR(optimizer, end=100)
    lrs = []
    for _ in range(101):
        lrs.append(optimizer.param_groups[0]['lr'])
        optimizer.step()
        scheduler.step()
    assert lrs[0] == pytest.approx(0.01)
    assert lrs[50] == pytest.approx(0.01 * 6 ** -0.75)
    assert lrs[99] == pytest.approx(0.01 * (1 + 10 * 0.99) ** -0.75)
    assert lrs[100] == lrs[99]  # mmengine schedules act on [begin, end)


def test_annealing_needs_a_finite_end():
    param = torch.nn.Parameter(torch.zeros(1))
    with pytest.raises(ValueError, match='finite `end`'):
        InverseDecayLR(torch.optim.SGD([param], lr=0.1))


def _model(adapt=True, img_size=28, **kwargs):
    return DANN(
        backbone=dict(type='DANNDigitNet', img_size=img_size),
        label_head=dict(type='MLPHead', in_channels=768 if img_size == 28 else 128,
                        hidden_channels=[100, 100], num_classes=10),
        domain_head=dict(type='MLPHead', in_channels=768 if img_size == 28 else 128,
                         hidden_channels=[100], num_classes=2),
        adapt=adapt, **kwargs,
        data_preprocessor=dict(type='DomainDataPreprocessor', num_classes=10,
                               mean=[127.5] * 3, std=[127.5] * 3))


def _batch(n=4, size=28, paired=True):
    def images():
        return [torch.randint(0, 256, (3, size, size), dtype=torch.uint8)
                for _ in range(n)]
    samples = [DataSample().set_gt_label(i % 10) for i in range(n)]
    inputs = dict(source=images(), target=images()) if paired else images()
    return dict(inputs=inputs, data_samples=samples)


def _set_progress(iteration, max_iters):
    hub = MessageHub.get_current_instance()
    hub.update_info('iter', iteration)
    hub.update_info('max_iters', max_iters)


@pytest.mark.parametrize('img_size', [28, 32])
def test_dann_loss_uses_progress_from_the_runner(img_size):
    model = _model(img_size=img_size)
    _set_progress(50, 100)
    data = model.data_preprocessor(_batch(size=img_size), True)
    assert data['inputs']['source'].dtype == torch.float32
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss_cls', 'loss_domain', 'domain_acc', 'lambda_p'}
    assert losses['lambda_p'].item() == pytest.approx(adaptation_weight(0.5))


def test_domain_gradient_reaches_features_reversed():
    model = _model()
    _set_progress(100, 100)
    data = model.data_preprocessor(_batch(), True)
    feats = model.extract_feat(torch.cat([data['inputs']['source'],
                                          data['inputs']['target']]))
    feats.retain_grad()
    coeff = adaptation_weight(1.0)
    model.domain_head(reverse_grad(feats, coeff)).sum().backward()
    plain = feats.detach().requires_grad_()
    model.domain_head(plain).sum().backward()
    assert torch.allclose(feats.grad, -coeff * plain.grad, atol=1e-6)


@pytest.mark.parametrize('per_domain_norm', [True, False])
def test_batchnorm_sees_each_domain_alone_or_both_together(per_domain_norm):
    model = _model()
    model.per_domain_norm = per_domain_norm
    _set_progress(10, 100)
    data = model.data_preprocessor(_batch(n=6), True)
    seen = []
    model.domain_head.register_forward_hook(
        lambda module, args, out: seen.append(args[0].detach()))
    model(**data, mode='loss')
    source, target = data['inputs']['source'], data['inputs']['target']
    alone = torch.cat([model.extract_feat(source), model.extract_feat(target)])
    together = model.extract_feat(torch.cat([source, target]))
    expected, other = (alone, together) if per_domain_norm else (together, alone)
    assert torch.allclose(seen[0], expected, atol=1e-5)
    assert not torch.allclose(seen[0], other, atol=1e-3)


def _shifted_batch(n=8):
    """Target images much brighter than the source's."""
    batch = _batch(n=n)
    batch['inputs']['source'] = [img // 4 for img in batch['inputs']['source']]
    batch['inputs']['target'] = [255 - img // 4 for img in batch['inputs']['target']]
    return batch


def test_domain_norm_stats_track_each_domain_and_normalise_tests_with_them():
    model = _model(domain_norm_stats=True)
    _set_progress(10, 100)
    data = model.data_preprocessor(_shifted_batch(), True)
    norm = model.backbone.layers[1]
    assert isinstance(norm, torch.nn.BatchNorm2d)
    for _ in range(3):
        model(**data, mode='loss')
    source_mean, target_mean = norm.running_mean.clone(), norm.target_running_mean
    assert int(norm.num_batches_tracked) == int(norm.target_num_batches_tracked) == 3
    assert (target_mean - source_mean).abs().max() > 0.1
    # a state dict carries both sets, unswapped
    state = model.state_dict()
    assert torch.equal(state['backbone.layers.1.running_mean'], source_mean)
    assert torch.equal(state['backbone.layers.1.target_running_mean'], target_mean)

    model.eval()
    source, target = data['inputs']['source'], data['inputs']['target']
    samples = [DataSample(metainfo=dict(domain=d)).set_gt_label(0)
               for d in ('target', 'source', 'source', 'target')]
    mixed = torch.stack([target[0], source[0], source[1], target[1]])
    with torch.no_grad():
        feats = model.extract_feat(mixed, samples)
        alone_source = model.extract_feat(source[:2], samples[1:3])
        alone_target = model.extract_feat(target[:2])  # untagged: target
        model.domain_norm_stats = False
        with_source_stats = model.extract_feat(target[:2])
    assert torch.allclose(feats[[1, 2]], alone_source, atol=1e-5)
    assert torch.allclose(feats[[0, 3]], alone_target, atol=1e-5)
    assert not torch.allclose(alone_target, with_source_stats, atol=1e-3)
    assert torch.equal(norm.running_mean, source_mean)


def test_domain_norm_stats_need_per_domain_norm():
    with pytest.raises(ValueError, match='per_domain_norm'):
        _model(domain_norm_stats=True, per_domain_norm=False)
    assert not _model(adapt=False, domain_norm_stats=True).domain_norm_stats


def test_source_only_and_plain_batches_train_the_label_predictor_only():
    model = _model(adapt=False)
    assert model.domain_head is None
    data = model.data_preprocessor(_batch(paired=False), True)
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss_cls'}
    wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.01))
    log = model.train_step(_batch(), wrapper)
    assert set(log) == {'loss', 'loss_cls'}


def test_adapting_without_a_domain_head_is_an_error():
    with pytest.raises(ValueError, match='domain_head'):
        DANN(backbone=dict(type='DANNDigitNet'),
             label_head=dict(type='MLPHead', in_channels=768,
                             hidden_channels=[], num_classes=10))


def test_predict_sets_labels_and_domain_accuracy_splits_by_domain():
    model = _model().eval()
    batch = _batch(paired=False)
    outputs = model.val_step(batch)
    assert all(0 <= int(o.pred_label) < 10 for o in outputs)
    metric = DomainAccuracy()
    samples = []
    for i, domain in enumerate(['target', 'target', 'source', 'source']):
        sample = DataSample(metainfo=dict(domain=domain)).set_gt_label(1)
        sample.set_pred_label(1 if i != 1 else 2)
        samples.append(sample.to_dict())
    metric.process(None, samples)
    assert metric.evaluate(4) == {'accuracy/source': 100.0, 'accuracy/target': 50.0}


def test_domain_test_set_tags_target_then_source():
    toy = dict(type='ToyShapesDataset', img_size=16)
    dataset = DomainTestSet(source=dict(toy, num_samples=3, seed=0),
                            target=dict(toy, num_samples=2, seed=1),
                            pipeline=[dict(type='mmpretrain.PackInputs')])
    domains = [dataset[i]['data_samples'].domain for i in range(len(dataset))]
    assert domains == ['target'] * 2 + ['source'] * 3


def test_any_mmpretrain_backbone_with_a_neck():
    model = DANN(
        backbone=dict(type='mmpretrain.ResNet', depth=18, base_channels=8,
                      stem_channels=8),
        neck=dict(type='mmpretrain.GlobalAveragePooling'),
        label_head=dict(type='MLPHead', in_channels=64, hidden_channels=[32],
                        num_classes=10),
        domain_head=dict(type='MLPHead', in_channels=64, hidden_channels=[32],
                         num_classes=2),
        data_preprocessor=dict(type='DomainDataPreprocessor', num_classes=10))
    _set_progress(10, 100)
    data = model.data_preprocessor(_batch(size=32), True)
    losses = model(**data, mode='loss')
    assert losses['loss_domain'].requires_grad
    assert model.extract_feat(data['inputs']['source']).shape == (4, 64)


def test_mlp_head_norm_adds_batchnorm_after_each_hidden_layer():
    from projects.dann import MLPHead
    head = MLPHead(768, [1024, 1024], num_classes=2, norm=True)
    kinds = [type(m).__name__ for m in head.layers]
    assert kinds == ['Linear', 'BatchNorm1d', 'ReLU', 'Linear', 'BatchNorm1d',
                     'ReLU', 'Linear']
    assert head(torch.randn(4, 768)).shape == (4, 2)
    plain = MLPHead(768, [100], num_classes=2)
    assert [type(m).__name__ for m in plain.layers] == ['Linear', 'ReLU', 'Linear']


def test_default_digit_recipe_aligns_the_conv_and_the_bottleneck_features():
    from mmengine.config import Config
    from projects.core.registry import MODELS
    cfg = Config.fromfile('configs/dann_mnist_to_usps.py')
    model = MODELS.build(cfg.model)
    _set_progress(10, 100)
    seen = {}

    def record_first_call(name):
        def hook(module, args, out):
            seen.setdefault(name, (args[0], out))
        return hook

    for name in ('backbone', 'label_head', 'domain_head', 'backbone_domain_head'):
        getattr(model, name).register_forward_hook(record_first_call(name))
    data = model.data_preprocessor(_batch(n=6), True)
    losses = model(**data, mode='loss')
    bottleneck, conv = seen['domain_head'][0], seen['backbone_domain_head'][0]
    assert bottleneck.shape == (12, 100) and conv.shape == (12, 768)
    assert torch.equal(bottleneck[:6], seen['label_head'][0])
    assert torch.equal(conv[:6], seen['backbone'][1])  # the source batch's conv features
    domain_labels = torch.tensor([0] * 6 + [1] * 6)
    conv_loss = torch.nn.functional.cross_entropy(
        seen['backbone_domain_head'][1], domain_labels)
    assert losses['loss_domain_backbone'].item() == pytest.approx(
        0.5 * conv_loss.item())  # the conv level at half weight
    assert 'domain_acc_backbone' in losses


def test_source_only_recipe_builds_no_domain_classifier():
    from mmengine.config import Config
    from projects.core.registry import MODELS
    model = MODELS.build(Config.fromfile(
        'configs/dann_mnist_to_usps_source_only.py').model)
    assert model.domain_head is None and model.backbone_domain_head is None


def test_backbone_domain_gradient_reaches_the_backbone():
    from projects.dann import MLPHead
    model = _model()
    model.backbone_domain_head = MLPHead(768, [100], num_classes=2)
    _set_progress(100, 100)
    data = model.data_preprocessor(_batch(), True)
    losses = model(**data, mode='loss')
    losses['loss_domain_backbone'].backward()
    assert model.label_head.layers[0].weight.grad is None
    assert model.backbone_domain_head.layers[0].weight.grad.abs().sum() > 0
    assert model.backbone.layers[0].weight.grad.abs().sum() > 0


def test_mlp_neck_flattens_and_ends_in_relu():
    from projects.dann import MLPNeck
    neck = MLPNeck(48 * 4 * 4, [100, 100])
    out = neck((torch.randn(3, 48, 4, 4),))
    assert out.shape == (3, 100) and (out >= 0).all()
    assert [type(m).__name__ for m in neck.layers] == ['Linear', 'ReLU'] * 2
