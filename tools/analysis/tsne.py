"""t-SNE of a domain-adaptation model's features on source and target test images.

    python tools/analysis/tsne.py configs/dann_mnist_to_usps.py CHECKPOINT

Saves two pictures next to each other in --out-dir (default: the work dir):
``tsne_by_class.png`` and ``tsne_by_domain.png``, and the proxy A-distance
of the source and target features (``proxy_a_distance.json``, also in the
domain picture's title; 0: indistinguishable, 2: separable). Uses the config's
test_dataloader (a ``DomainTestSet``) and the model's
``extract_feat(inputs, data_samples)`` (each sample's domain picks its
BatchNorm statistics in a ``DANN(domain_norm_stats=True)``).
"""
import argparse
import json
import os
import os.path as osp
import warnings

import matplotlib
import numpy as np
import torch
from mmengine.utils import ProgressBar
from sklearn.manifold import TSNE

from projects.core.engine import build_runner, load_config, parse_runner_args
from projects.core.engine.checkpoint import load_weights
from projects.dann.analysis import proxy_a_distance

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--out-dir', help='defaults to the work dir')
    parser.add_argument('--max-samples', type=int, default=1000,
                        help='at most this many images per domain')
    parser.add_argument('--perplexity', type=float, default=30.0)
    parser.add_argument('--seed', type=int, default=0)
    return parse_runner_args(parser)


@torch.no_grad()
def extract(model, dataloader, max_samples):
    """Features, labels and domains of at most ``max_samples`` per domain."""
    feats, labels, domains, seen = [], [], [], {}
    progress = ProgressBar(len(dataloader.dataset))
    for batch in dataloader:
        if len(seen) == 2 and min(seen.values()) >= max_samples:
            break
        data = model.data_preprocessor(batch, False)
        batch_feats = model.extract_feat(data['inputs'],
                                         data['data_samples']).cpu()
        for feat, sample in zip(batch_feats, data['data_samples']):
            progress.update()
            if seen.get(sample.domain, 0) >= max_samples:
                continue
            seen[sample.domain] = seen.get(sample.domain, 0) + 1
            feats.append(feat.numpy())
            labels.append(int(sample.gt_label))
            domains.append(sample.domain)
    return np.stack(feats), np.array(labels), np.array(domains)


def scatter(points, groups, names, title, path):
    fig, ax = plt.subplots(figsize=(7, 7))
    cmap = plt.get_cmap('tab10')
    for i, name in enumerate(names):
        mask = groups == name
        ax.scatter(points[mask, 0], points[mask, 1], s=4, color=cmap(i % 10),
                   label=str(name))
    ax.legend(markerscale=4, fontsize=8, loc='best')
    ax.set_title(title)
    ax.set_xticks([]), ax.set_yticks([])
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)


def main():
    args = parse_args()
    cfg = load_config(args.config, cfg_options=args.cfg_options)
    runner = build_runner(cfg)
    model = runner.model.eval()
    load_weights(model, args.checkpoint)
    feats, labels, domains = extract(model, runner.test_dataloader,
                                     args.max_samples)
    a_distance = proxy_a_distance(torch.from_numpy(feats[domains == 'source']),
                                  torch.from_numpy(feats[domains == 'target']),
                                  seed=args.seed)
    perplexity = min(args.perplexity, len(feats) - 1)
    if perplexity < args.perplexity:
        warnings.warn(f'{len(feats)} test samples: t-SNE perplexity '
                      f'{args.perplexity} lowered to {perplexity}')
    points = TSNE(n_components=2, perplexity=perplexity, init='pca',
                  random_state=args.seed).fit_transform(feats)
    out_dir = args.out_dir or cfg.work_dir
    os.makedirs(out_dir, exist_ok=True)
    classes = sorted(set(labels.tolist()))
    scatter(points, labels, classes, 'features by class',
            osp.join(out_dir, 'tsne_by_class.png'))
    scatter(points, domains, ['source', 'target'],
            f'features by domain (proxy A-distance {a_distance:.3f})',
            osp.join(out_dir, 'tsne_by_domain.png'))
    with open(osp.join(out_dir, 'proxy_a_distance.json'), 'w') as f:
        json.dump(dict(proxy_a_distance=a_distance, samples={
            name: int((domains == name).sum()) for name in ('source', 'target')
        }), f)
    print(f'\nproxy A-distance {a_distance:.3f}; saved '
          f'{osp.join(out_dir, "tsne_by_class.png")} and '
          f'{osp.join(out_dir, "tsne_by_domain.png")}')


if __name__ == '__main__':
    main()
