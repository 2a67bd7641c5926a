"""Statistics, Frechet distance and Inception Score against the references."""
import warnings

import numpy as np
import pytest
import torch
from pytorch_fid.fid_score import (calculate_frechet_distance,
                                   compute_statistics_of_path)
from torch_fidelity.metric_isc import isc_features_to_metric

from projects.gan_metrics import (FewSamplesWarning, feature_statistics,
                                  frechet_distance, inception_score,
                                  kernel_inception_distance, load_statistics,
                                  precision_recall, save_statistics)


def features(seed, num, dim, shift=0.0):
    rng = np.random.default_rng(seed)
    mixing = rng.normal(size=(dim, dim)) / np.sqrt(dim)
    return rng.normal(size=(num, dim)) @ mixing + shift


def test_fid_equals_pytorch_fid_on_the_same_features():
    stats_a = feature_statistics(features(0, 600, 256))
    stats_b = feature_statistics(features(1, 500, 256, shift=0.3))
    ours = frechet_distance(*stats_a, *stats_b)
    reference = calculate_frechet_distance(*stats_a, *stats_b)
    assert ours['fid'] == pytest.approx(reference, rel=1e-6)
    assert ours['fid'] == pytest.approx(ours['mean'] + ours['cov'])


def test_statistics_are_float64_as_pytorch_fid_computes_them():
    feats = features(0, 50, 8).astype(np.float32)
    mu, sigma = feature_statistics(feats)
    assert mu.dtype == sigma.dtype == np.float64
    np.testing.assert_allclose(mu, feats.astype(np.float64).mean(0))
    np.testing.assert_allclose(sigma, np.cov(feats.astype(np.float64),
                                             rowvar=False))


@pytest.mark.parametrize('shuffle', [True, False])
def test_inception_score_equals_torch_fidelity_on_the_same_logits(shuffle):
    logits = torch.randn(100, 1008, generator=torch.Generator().manual_seed(0))
    logits = logits * 3  # spread-out class probabilities, as a trained net
    reference = isc_features_to_metric(logits, splits=10, shuffle=shuffle,
                                       rng_seed=2020)
    mean, std = inception_score(logits, splits=10, shuffle=shuffle)
    assert mean == pytest.approx(reference['inception_score_mean'], rel=1e-6)
    assert std == pytest.approx(reference['inception_score_std'], rel=1e-6)


def test_inception_score_takes_log_probabilities_with_zeros():
    probs = torch.tensor([[1.0, 0.0], [0.0, 1.0]] * 5)
    mean, std = inception_score(probs.log(), splits=1)
    assert mean == pytest.approx(2.0) and std == 0  # two equally used classes


def test_frechet_distance_is_real_and_finite_on_singular_covariances():
    # 10 samples in 64 dimensions: rank-9 covariances, product singular.
    a, b = features(0, 10, 64), features(1, 10, 64, shift=1.0)
    stats_a, stats_b = feature_statistics(a), feature_statistics(b)
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # no complex or overflow warnings
        same = frechet_distance(*stats_a, *stats_a)
        other = frechet_distance(*stats_b, *stats_a)
    assert abs(same['fid']) < 1e-9 * np.trace(stats_a[1])
    assert np.isfinite(other['fid']) and isinstance(other['fid'], float)
    assert other['fid'] > 0


def test_frechet_distance_of_diagonal_gaussians_has_the_closed_form():
    var_a, var_b = np.array([1.0, 4.0, 0.0]), np.array([9.0, 1.0, 0.0])
    mu_a, mu_b = np.zeros(3), np.array([1.0, 2.0, 0.0])
    expected = 5 + ((np.sqrt(var_a) - np.sqrt(var_b))**2).sum()
    result = frechet_distance(mu_a, np.diag(var_a), mu_b, np.diag(var_b))
    assert result['fid'] == pytest.approx(expected, rel=1e-12)


def test_fewer_samples_than_dimensions_warns():
    with pytest.warns(FewSamplesWarning, match='10 samples for 64-d'):
        feature_statistics(features(0, 10, 64), 'generated samples')
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        feature_statistics(features(0, 65, 64))


def test_statistics_npz_round_trip_in_pytorch_fid_format(tmp_path):
    mu, sigma = feature_statistics(features(0, 40, 16))
    path = str(tmp_path / 'real.npz')
    save_statistics(path, mu, sigma, 40, 'abc')
    # pytorch-fid reads it as its own statistics file.
    ref_mu, ref_sigma = compute_statistics_of_path(path, None, 50, 16, 'cpu')
    np.testing.assert_array_equal(ref_mu, mu)
    np.testing.assert_array_equal(ref_sigma, sigma)
    loaded = load_statistics(path, 'abc', 40)
    np.testing.assert_array_equal(loaded[0], mu)
    # A file pytorch-fid wrote (mu and sigma only) is accepted.
    plain = str(tmp_path / 'pytorch_fid.npz')
    np.savez_compressed(plain, mu=mu, sigma=sigma)
    np.testing.assert_array_equal(load_statistics(plain, 'abc', 7)[1], sigma)


def test_statistics_of_other_weights_or_image_count_are_refused(tmp_path):
    mu, sigma = feature_statistics(features(0, 40, 16))
    path = str(tmp_path / 'real.npz')
    save_statistics(path, mu, sigma, 40, 'abc')
    with pytest.raises(ValueError, match='weights_sha256=abc.*delete'):
        load_statistics(path, 'def')
    with pytest.raises(ValueError, match='num_samples=40'):
        load_statistics(path, 'abc', 50)
    np.savez(tmp_path / 'other.npz', mean=mu)
    with pytest.raises(KeyError, match="lacks \\['mu', 'sigma'\\]"):
        load_statistics(str(tmp_path / 'other.npz'))


def test_kid_equals_torch_fidelity_on_the_same_features():
    from torch_fidelity.metric_kid import kid_features_to_metric
    fake = features(1, 300, 64).astype(np.float32)
    real = features(2, 250, 64, shift=0.3).astype(np.float32)
    ours = kernel_inception_distance(fake, real, subsets=10, subset_size=100)
    ref = kid_features_to_metric(
        torch.from_numpy(fake), torch.from_numpy(real), kid_subsets=10,
        kid_subset_size=100, kid_degree=3, kid_gamma=None, kid_coef0=1,
        rng_seed=2020, verbose=False)
    assert ours['kid'] == pytest.approx(
        ref['kernel_inception_distance_mean'], abs=1e-6)
    assert ours['kid_std'] == pytest.approx(
        ref['kernel_inception_distance_std'], abs=1e-6)


def test_kid_is_unbiased_near_zero_for_one_distribution_of_few_samples():
    def normal(seed, num, shift=0.0):
        return np.random.default_rng(seed).normal(size=(num, 16)) + shift

    same = [kernel_inception_distance(normal(s, 120), normal(s + 50, 140))
            ['kid'] for s in range(5)]  # subset_size 1000 clipped to 120
    other = kernel_inception_distance(normal(0, 120),
                                      normal(9, 140, shift=0.5))['kid']
    assert abs(np.mean(same)) < 0.02 < other


def test_precision_recall_equal_prdc_and_react_to_mode_dropping():
    from prdc import compute_prdc
    real = features(3, 200, 32)
    fake = features(4, 150, 32, shift=0.5)
    ours = precision_recall(fake, real, k=3)
    ref = compute_prdc(real_features=real, fake_features=fake, nearest_k=3)
    assert ours == {'precision': ref['precision'], 'recall': ref['recall']}
    # Samples from a quarter of a 2-D real set: precise, a third of recall.
    plane = np.random.default_rng(3).normal(size=(400, 2))
    quarter = plane[plane[:, 0] > np.quantile(plane[:, 0], 0.75)]
    dropped = precision_recall(quarter, plane, k=3)
    assert dropped['precision'] == 1.0 and dropped['recall'] < 0.4
