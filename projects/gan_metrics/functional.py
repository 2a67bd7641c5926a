"""The numbers themselves: feature statistics, Frechet distance, Inception
Score, in float64, with no network involved."""
import os
import os.path as osp
import warnings
from typing import Dict, Optional, Tuple

import numpy as np
import torch


class FewSamplesWarning(UserWarning):
    """Fewer samples than feature dimensions: a singular covariance."""


def feature_statistics(features, name: str = 'features'
                       ) -> Tuple[np.ndarray, np.ndarray]:
    """Mean and covariance (float64) of ``features`` (N, D), as pytorch-fid.

    Warns with :class:`FewSamplesWarning` when N < D.
    """
    features = np.asarray(features, dtype=np.float64)
    num, dim = features.shape
    if num < 2:
        raise ValueError(f'{name}: a covariance needs at least 2 samples, '
                         f'got {num}')
    if num < dim:
        warnings.warn(
            f'{name}: {num} samples for {dim}-d features, fewer than the '
            'dimensions: the covariance is singular and FID is biased '
            'upwards. Use more samples than dimensions (published FIDs use '
            '10k-50k).', FewSamplesWarning)
    return features.mean(axis=0), np.cov(features, rowvar=False)


def _nonnegative(values: np.ndarray) -> np.ndarray:
    """Eigenvalues of a PSD matrix with rounding noise (below its numerical
    rank threshold, or negative) set to 0; the square root would magnify
    it."""
    tol = np.abs(values).max(initial=0) * values.size * np.finfo(float).eps
    return np.where(values > tol, values, 0)


def _psd_sqrt(matrix: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(_nonnegative(values))) @ vectors.T


def frechet_distance(mu1, sigma1, mu2, sigma2) -> Dict[str, float]:
    """Frechet distance between two Gaussians, always real and finite.

    ``tr(sqrt(S1 S2))`` is computed as the sum of the square roots of the
    eigenvalues of the symmetric ``sqrt(S1) S2 sqrt(S1)`` (same spectrum),
    which needs no ``scipy.linalg.sqrtm`` (whose 1.11-1.12 releases return
    large imaginary parts) and no fudge term for singular covariances.

    Returns:
        dict: ``fid`` and its two terms, ``mean`` (squared distance of the
        means) and ``cov`` (the trace term).
    """
    mu1 = np.atleast_1d(mu1).astype(np.float64)
    mu2 = np.atleast_1d(mu2).astype(np.float64)
    sigma1 = np.atleast_2d(sigma1).astype(np.float64)
    sigma2 = np.atleast_2d(sigma2).astype(np.float64)
    if mu1.shape != mu2.shape or sigma1.shape != sigma2.shape:
        raise ValueError(
            f'statistics of different shapes: means {mu1.shape} and '
            f'{mu2.shape}, covariances {sigma1.shape} and {sigma2.shape}')
    diff = mu1 - mu2
    root = _psd_sqrt(sigma1)
    product = root @ sigma2 @ root
    eigenvalues = np.linalg.eigvalsh((product + product.T) / 2)
    tr_covmean = np.sqrt(_nonnegative(eigenvalues)).sum()
    mean_term = float(diff @ diff)
    cov_term = float(np.trace(sigma1) + np.trace(sigma2) - 2 * tr_covmean)
    return dict(fid=mean_term + cov_term, mean=mean_term, cov=cov_term)


def inception_score(logits, splits: int = 10, shuffle: bool = True,
                    seed: int = 2020) -> Tuple[float, float]:
    """Mean and standard deviation of the Inception Score over ``splits``.

    As torch-fidelity: samples shuffled with ``np.random.RandomState(seed)``
    unless ``shuffle`` is False, split ``[i*N//splits, (i+1)*N//splits)``,
    float64. ``logits`` may be log-probabilities (StyleGAN's network).
    """
    logits = torch.as_tensor(logits)
    num = logits.shape[0]
    if num < splits:
        raise ValueError(f'Inception Score with {splits} splits needs at '
                         f'least {splits} samples, got {num}')
    if shuffle:
        logits = logits[np.random.RandomState(seed).permutation(num)]
    logits = logits.double()
    probs, log_probs = logits.softmax(dim=1), logits.log_softmax(dim=1)
    scores = []
    for i in range(splits):
        part = slice(i * num // splits, (i + 1) * num // splits)
        p, log_p = probs[part], log_probs[part]
        log_q = p.mean(dim=0, keepdim=True).log()
        kl = torch.where(p > 0, p * (log_p - log_q), torch.zeros_like(p))
        scores.append(kl.sum(dim=1).mean().exp().item())
    return float(np.mean(scores)), float(np.std(scores))


def save_statistics(path: str, mu: np.ndarray, sigma: np.ndarray,
                    num_samples: int, weights_sha256: str) -> None:
    """Write pytorch-fid's ``.npz`` (``mu``, ``sigma``) plus provenance."""
    if osp.dirname(path):
        os.makedirs(osp.dirname(path), exist_ok=True)
    partial = path + '.partial.npz'  # moved into place once complete
    np.savez_compressed(partial, mu=mu, sigma=sigma, num_samples=num_samples,
                        weights_sha256=weights_sha256)
    os.replace(partial, path)


def load_statistics(path: str, weights_sha256: Optional[str] = None,
                    num_samples: Optional[int] = None
                    ) -> Tuple[np.ndarray, np.ndarray]:
    """Read ``mu`` and ``sigma`` from a pytorch-fid ``.npz``.

    A file :func:`save_statistics` wrote also records the weights' SHA-256
    and the number of images; statistics from other weights, or of another
    number of images than ``num_samples``, are refused.
    """
    with np.load(path) as stats:
        missing = {'mu', 'sigma'} - set(stats.files)
        if missing:
            raise KeyError(f'{path}: not FID statistics, it lacks '
                           f'{sorted(missing)} (has {stats.files})')
        mu, sigma = stats['mu'].astype(np.float64), stats['sigma']
        recorded = {key: stats[key].item() for key in
                    ('weights_sha256', 'num_samples') if key in stats.files}
    expected = dict(weights_sha256=weights_sha256, num_samples=num_samples)
    for key, value in recorded.items():
        if expected[key] is not None and value != expected[key]:
            raise ValueError(
                f'{path}: computed with {key}={value}, but this run has '
                f'{expected[key]}; delete the file to recompute it.')
    if sigma.shape != (mu.size, mu.size):
        raise ValueError(f'{path}: sigma {sigma.shape} does not match mu '
                         f'{mu.shape}')
    return mu, sigma.astype(np.float64)
