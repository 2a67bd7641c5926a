"""The metrics in mmagic's evaluator, on tiny GANs with known outputs."""
import numpy as np
import pytest
import torch
from mmagic.evaluation import Evaluator
from mmagic.models.base_models import BaseConditionalGAN, BaseGAN
from mmagic.structures import DataSample
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope
from torch import nn
from torch.utils.data import DataLoader, Dataset

import projects.gan_metrics.features as features
from projects.gan_metrics import (FrechetInceptionDistance, InceptionAccuracy,
                                  KernelInceptionDistance, PrecisionRecall,
                                  InceptionScore, SeededSampler,
                                  build_classifier)
from projects.core.utils import register_all_modules
from tests.utils import REPO

PREPROCESSOR = dict(type='mmagic.DataPreprocessor', mean=[127.5] * 3,
                    std=[127.5] * 3)


class PaintLabel(nn.Module):
    """Generates flat images of value ``100 * label`` (plus noise)."""

    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(1))
        self.noise_size = 4

    def forward(self, noise, label=None, return_noise=False):
        value = 0 if label is None else label.view(-1, 1, 1, 1) * 100
        noise = noise[:, :3, None, None] * 20 * self.scale
        return (value + noise).expand(-1, 3, 8, 8) / 127.5 - 1


class MisreadsLastClass(nn.Module):
    """Reads a flat image's class back, but takes class 2 for class 1."""

    def __init__(self):
        super().__init__()
        self.anchor = nn.Parameter(torch.zeros(1))

    def forward(self, images):
        label = (images.mean((1, 2, 3)) / 100).round().long().clamp(0, 1)
        return nn.functional.one_hot(label, 3).float() + self.anchor


class FlatImages(Dataset):
    """Real images like the generator's: value 100 * (i % 3), labelled."""
    metainfo = dict(classes=('zero', 'one', 'two'))

    def __init__(self, num):
        self.num = num

    def __len__(self):
        return self.num

    def __getitem__(self, index):
        sample = DataSample(gt_img=torch.full((3, 8, 8), index % 3 * 100,
                                              dtype=torch.uint8))
        sample.set_gt_label(index % 3)
        return dict(inputs={}, data_samples=sample)


def evaluate(metrics, model, dataset, batch_size=4):
    """What mmagic's MultiValLoop does with an evaluator."""
    loader = DataLoader(dataset, batch_size=batch_size)
    evaluator = Evaluator(metrics)
    evaluator.prepare_metrics(model, loader)
    for group, sampler in evaluator.prepare_samplers(model, loader):
        for batch in sampler:
            evaluator.process(model.val_step(batch), batch, group)
    return evaluator.evaluate()


def test_inception_accuracy_per_class_beside_the_real_ceiling():
    gan = BaseConditionalGAN(generator=PaintLabel(), num_classes=3,
                             noise_size=4, data_preprocessor=PREPROCESSOR)
    metric = InceptionAccuracy(classifier=MisreadsLastClass(), fake_nums=9,
                               real_nums=5)
    results = evaluate([metric], gan, FlatImages(6))
    # Generated: 3 samples per class, class 'two' always misread.
    assert results['InceptionAccuracy/accuracy'] == pytest.approx(200 / 3)
    assert results['InceptionAccuracy/accuracy/zero'] == 100
    assert results['InceptionAccuracy/accuracy/one'] == 100
    assert results['InceptionAccuracy/accuracy/two'] == 0
    # Real: the first 5 images (labels 0 1 2 0 1), one of them misread.
    assert results['InceptionAccuracy/accuracy_real'] == 80
    assert results['InceptionAccuracy/accuracy_real/two'] == 0


def test_inception_accuracy_needs_a_conditional_generator():
    gan = BaseGAN(generator=PaintLabel(), noise_size=4,
                  data_preprocessor=PREPROCESSOR)
    metric = InceptionAccuracy(classifier=MisreadsLastClass(), fake_nums=3)
    with pytest.raises(TypeError, match='class-conditional generator'):
        evaluate([metric], gan, FlatImages(3))


def test_sample_inputs_depend_on_the_index_only(monkeypatch):
    gan = BaseConditionalGAN(generator=PaintLabel(), num_classes=3,
                             noise_size=4, data_preprocessor=PREPROCESSOR)
    one = list(SeededSampler(gan, 4, 9, 7, 'orig', {}))
    monkeypatch.setattr(features, 'get_dist_info', lambda: (1, 2))
    rank1 = list(SeededSampler(gan, 3, 9, 7, 'orig', {}))
    noise = torch.cat([b['inputs']['noise'] for b in one])
    assert noise.shape == (9, 4)
    # Rank 1 of 2 generates 1, 3, 5, 7 and, padding, 0 again.
    rank1_noise = torch.cat([b['inputs']['noise'] for b in rank1])
    assert torch.equal(rank1_noise, noise[[1, 3, 5, 7, 0]])
    labels = [s.gt_label.label.item() for b in rank1
              for s in b['data_samples']]
    assert labels == [1, 0, 2, 1, 0]  # i % 3: class balanced


class CountingNet(nn.Module):
    """Both outputs in one pass, as pytorch-fid's network; counts passes."""

    def __init__(self):
        super().__init__()
        self.anchor = nn.Parameter(torch.zeros(1))
        self.passes = 0

    def forward(self, images, outputs):
        self.passes += 1
        flat = images.float().flatten(1)
        return dict(features=flat[:, :5], logits=flat[:, 5:8])


def test_metrics_asking_for_the_same_batch_share_one_network_pass():
    net, shared = CountingNet(), features.SharedInception()
    batch = [torch.rand(3, 8, 8) * 255 for _ in range(4)]
    feats = shared(net, batch, 'features')
    logits = shared(net, batch, 'logits')
    assert net.passes == 1 and feats.shape == (4, 5) and logits.shape == (4, 3)
    # RGB uint8 reached the network: BGR floats flipped and rounded.
    assert torch.equal(feats[0], batch[0].flip(0).round().flatten()[:5])
    shared(net, list(batch), 'features')  # the same images: no new pass
    assert net.passes == 1
    shared(net, [img.clone() for img in batch], 'features')
    assert net.passes == 2


def test_fid_and_is_in_one_evaluator_and_real_statistics_are_cached(
        tmp_path, tiny_weights):
    path, sha256 = tiny_weights
    gan = BaseGAN(generator=PaintLabel(), noise_size=4,
                  data_preprocessor=PREPROCESSOR)
    stats = tmp_path / 'real.npz'

    def metrics():
        common = dict(inception_path=str(path), inception_sha256=sha256)
        return [FrechetInceptionDistance(fake_nums=10, real_stats=str(stats),
                                         **common),
                InceptionScore(fake_nums=10, splits=2, **common)]

    with pytest.warns(UserWarning, match='fewer than the dimensions'):
        first = evaluate(metrics(), gan, FlatImages(6))
    with np.load(stats) as saved:
        assert saved['mu'].shape == (32, ) and saved['num_samples'] == 6

    class Unread(FlatImages):
        def __getitem__(self, index):
            raise AssertionError('real images read again')

    second = evaluate(metrics(), gan, Unread(6))  # reads the .npz instead
    assert second == first
    assert first['FID/fid'] > 0 and first['IS/is'] >= 1


def test_kid_and_precision_recall_in_an_evaluator_beside_fid(tiny_weights):
    path, sha256 = tiny_weights
    gan = BaseGAN(generator=PaintLabel(), noise_size=4,
                  data_preprocessor=PREPROCESSOR)
    common = dict(inception_path=str(path), inception_sha256=sha256)
    scores = evaluate([KernelInceptionDistance(fake_nums=12, subsets=5,
                                               **common),
                       PrecisionRecall(fake_nums=12, k=2, **common)],
                      gan, FlatImages(9))
    assert set(scores) == {'KID/kid', 'KID/kid_std', 'PR/precision',
                           'PR/recall'}
    assert 0 <= scores['PR/precision'] <= 1 and 0 <= scores['PR/recall'] <= 1
    assert np.isfinite(scores['KID/kid'])


@pytest.fixture(scope='module')
def toy_classifier(tmp_path_factory):
    """configs/toy_classifier.py's model (mmpretrain) and a checkpoint."""
    register_all_modules(init_default_scope=False)
    cfg = Config.fromfile(REPO / 'configs/toy_classifier.py')
    with DefaultScope.overwrite_default_scope('projects'):
        model = MODELS.build(cfg.model).eval()
    path = tmp_path_factory.mktemp('classifier') / 'classifier.pth'
    torch.save({'state_dict': model.state_dict(), 'meta': {}}, path)
    return model, cfg, path


def test_classifier_from_a_config_and_checkpoint(toy_classifier):
    model, cfg, path = toy_classifier
    images = torch.randint(0, 256, (5, 3, 32, 32)).float()
    with torch.no_grad():
        expected = model.predict(**model.data_preprocessor(
            dict(inputs=list(images.to(torch.uint8))), False))
    expected = torch.stack([s.pred_label for s in expected]).view(-1)
    specs = [dict(config=str(REPO / 'configs/toy_classifier.py'),
                  checkpoint=str(path)),
             dict(model=cfg.model, scope='projects', checkpoint=str(path))]
    for spec in specs:
        metric = InceptionAccuracy(classifier=spec, fake_nums=5)
        assert torch.equal(metric.classify(images), expected)
    with pytest.raises(KeyError, match='config.*model'):
        build_classifier(dict(checkpoint=str(path)))


def test_seeded_noise_depends_on_the_seed_and_the_index():
    from projects.gan_metrics.base import SeededSampler

    class Gen(nn.Module):
        noise_size, num_classes = 8, None

    def noise(seed):
        sampler = SeededSampler(Gen(), 4, 4, seed, 'orig', {},
                                indices=[0, 1, 2, 3])
        return next(iter(sampler))['inputs']['noise']

    assert torch.equal(noise(0), noise(0))
    assert not torch.equal(noise(0), noise(1))
    assert not torch.equal(noise(0)[0], noise(0)[1])
