"""End to end against pytorch-fid: the same weights file, the same folders."""
import json

import numpy as np
import pytest
import pytorch_fid.inception
import torch
from pytorch_fid.fid_score import (IMAGE_EXTENSIONS,
                                   calculate_frechet_distance,
                                   compute_statistics_of_path, get_activations)
from torch_fidelity.metric_isc import isc_features_to_metric
from torch_fidelity.metric_kid import kid_features_to_metric

from tests.utils import run_tool
from .helpers import write_images


def pytorch_fid_of(stats_a, stats_b):
    """pytorch-fid's ``calculate_frechet_distance`` in the span of the data.

    With 10 images a side every covariance lives in a ~20-d subspace; FID is
    invariant to the orthonormal change of basis onto it, which spares
    ``scipy.linalg.sqrtm`` a 2048 x 2048 matrix (a minute on 2 cores).
    """
    (mu_a, sigma_a, feats_a), (mu_b, sigma_b, feats_b) = stats_a, stats_b
    span = np.concatenate([feats_a - mu_a, feats_b - mu_b, [mu_a - mu_b]])
    basis = np.linalg.qr(span.T)[0]
    assert np.allclose(basis @ (basis.T @ sigma_a @ basis) @ basis.T, sigma_a)
    return calculate_frechet_distance(basis.T @ mu_a,
                                      basis.T @ sigma_a @ basis,
                                      basis.T @ mu_b,
                                      basis.T @ sigma_b @ basis)


@pytest.fixture
def pytorch_fid_model(fid_weights, monkeypatch):
    state = torch.load(fid_weights[0])
    monkeypatch.setattr(pytorch_fid.inception, 'load_state_dict_from_url',
                        lambda *args, **kwargs: state)
    return pytorch_fid.inception.InceptionV3([3]).eval()


def pytorch_fid_stats(folder, model):
    files = sorted(f for ext in IMAGE_EXTENSIONS
                   for f in folder.glob(f'*.{ext}'))
    feats = get_activations(files, model, batch_size=10, num_workers=0)
    return feats.mean(0), np.cov(feats, rowvar=False), feats


def test_tool_scores_two_folders_as_pytorch_fid(tmp_path, fid_weights,
                                                pytorch_fid_model):
    path, sha256 = fid_weights
    real = write_images(tmp_path / 'real', seed=1, num=10)
    fake = write_images(tmp_path / 'fake', seed=2, num=10, size=40)
    stats_file, report_file = tmp_path / 'real.npz', tmp_path / 'report.json'
    proc = run_tool('tools/eval_gen.py', 'images', str(fake), str(real),
                    '--inception', str(path), '--inception-sha256', sha256,
                    '--save-real-stats', str(stats_file), '--splits', '2',
                    '--metrics', 'fid', 'is', 'kid', 'pr',
                    '--kid-subsets', '3', '--kid-subset-size', '6',
                    '--batch-size', '4', '--num-workers', '2',
                    '--out', str(report_file))
    report = json.loads(report_file.read_text())
    assert 'fewer than the dimensions' in proc.stderr  # 10 < 2048 samples
    assert '10/10' in proc.stdout  # progress bar

    fake_stats = pytorch_fid_stats(fake, pytorch_fid_model)
    real_stats = pytorch_fid_stats(real, pytorch_fid_model)
    assert report['fid'] == pytest.approx(
        pytorch_fid_of(fake_stats, real_stats), rel=1e-3)
    # The saved real statistics are pytorch-fid's, in its own format.
    saved_mu, saved_sigma = compute_statistics_of_path(
        str(stats_file), pytorch_fid_model, 10, 2048, 'cpu')
    scale = np.abs(real_stats[2]).max()
    np.testing.assert_allclose(saved_mu, real_stats[0], atol=1e-5 * scale)
    np.testing.assert_allclose(saved_sigma, real_stats[1],
                               atol=1e-5 * scale**2)
    # IS: torch-fidelity's formula on the reference network's logits.
    logits = torch.from_numpy(fake_stats[2]).float() @ torch.load(
        path)['fc.weight'].T
    reference = isc_features_to_metric(logits, splits=2)
    assert report['is'] == pytest.approx(reference['inception_score_mean'],
                                         rel=1e-3)
    # KID and precision/recall: torch-fidelity's and prdc's formulas on the
    # reference network's features.
    kid = kid_features_to_metric(
        torch.from_numpy(fake_stats[2]), torch.from_numpy(real_stats[2]),
        kid_subsets=3, kid_subset_size=6, kid_degree=3, kid_gamma=None,
        kid_coef0=1, rng_seed=2020, verbose=False)
    assert report['kid'] == pytest.approx(
        kid['kernel_inception_distance_mean'], abs=1e-3 * abs(kid[
            'kernel_inception_distance_mean']) + 1e-6)
    assert report['num_real'] == 10
    assert {'precision', 'recall'} <= set(report)
