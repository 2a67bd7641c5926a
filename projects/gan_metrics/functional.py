"""The numbers themselves: feature statistics, Frechet distance, Inception
Score, KID, precision and recall, in float64, with no network involved."""
import os
import os.path as osp
import warnings
from typing import Dict, Optional, Tuple

import numpy as np
import torch

from projects.core.files import written_whole


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


def kernel_inception_distance(fake, real, subsets: int = 100,
                              subset_size: int = 1000, degree: int = 3,
                              gamma: Optional[float] = None, coef0: float = 1,
                              seed: int = 2020) -> Dict[str, float]:
    """KID: the unbiased MMD^2 with the kernel ``(x.y * gamma + coef0) **
    degree`` (``gamma`` 1 / dims), averaged over ``subsets`` random subsets,
    as torch-fidelity computes it (same sampling order for the same seed).

    ``subset_size`` is clipped to the smaller set, so small test sets (a few
    hundred images, where FID is biased) still get a number.
    """
    fake = np.asarray(fake, dtype=np.float64)
    real = np.asarray(real, dtype=np.float64)
    size = min(subset_size, len(fake), len(real))
    if size < 2:
        raise ValueError(f'KID needs at least 2 samples of each, got '
                         f'{len(fake)} generated and {len(real)} real')
    gamma = 1.0 / fake.shape[1] if gamma is None else gamma
    rng = np.random.RandomState(seed)
    mmds = np.zeros(subsets)
    for i in range(subsets):
        x = fake[rng.choice(len(fake), size, replace=False)]
        y = real[rng.choice(len(real), size, replace=False)]
        k_xx, k_yy, k_xy = ((a @ b.T * gamma + coef0) ** degree
                            for a, b in ((x, x), (y, y), (x, y)))
        within = (k_xx.sum() - np.trace(k_xx) + k_yy.sum() - np.trace(k_yy))
        mmds[i] = within / (size * (size - 1)) - 2 * k_xy.sum() / size ** 2
    return {'kid': float(mmds.mean()), 'kid_std': float(mmds.std())}


def _kth_neighbour_radii(features: torch.Tensor, k: int) -> torch.Tensor:
    """Distance of each sample to its ``k``-th nearest other sample."""
    distances = torch.cdist(features, features)
    return distances.kthvalue(k + 1, dim=1).values  # +1: itself, at 0


def _inside(points: torch.Tensor, centres: torch.Tensor,
            radii: torch.Tensor, batch: int = 1024) -> torch.Tensor:
    """Whether each point lies within the radius of any centre."""
    hits = [(torch.cdist(points[i:i + batch], centres) <= radii).any(dim=1)
            for i in range(0, len(points), batch)]
    return torch.cat(hits)


def precision_recall(fake, real, k: int = 3) -> Dict[str, float]:
    """Improved precision and recall (Kynkaanniemi et al. 2019) on features:
    precision, the share of generated samples inside the real manifold (the
    union of balls around each real sample reaching its ``k``-th nearest
    real neighbour); recall, the share of real samples inside the generated
    manifold."""
    fake = torch.as_tensor(np.asarray(fake), dtype=torch.float64)
    real = torch.as_tensor(np.asarray(real), dtype=torch.float64)
    if min(len(fake), len(real)) <= k:
        raise ValueError(f'precision/recall with k={k} needs more than {k} '
                         f'samples of each, got {len(fake)} generated and '
                         f'{len(real)} real')
    precision = _inside(fake, real, _kth_neighbour_radii(real, k))
    recall = _inside(real, fake, _kth_neighbour_radii(fake, k))
    return {'precision': precision.double().mean().item(),
            'recall': recall.double().mean().item()}


def save_statistics(path: str, mu: np.ndarray, sigma: np.ndarray,
                    num_samples: int, weights_sha256: str) -> None:
    """Write pytorch-fid's ``.npz`` (``mu``, ``sigma``) plus provenance."""
    if osp.dirname(path):
        os.makedirs(osp.dirname(path), exist_ok=True)
    with written_whole(path, '.partial.npz') as partial:
        np.savez_compressed(partial, mu=mu, sigma=sigma,
                            num_samples=num_samples,
                            weights_sha256=weights_sha256)


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
