"""How far apart two domains' features are."""
import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.utils.data import DataLoader, TensorDataset, random_split


def proxy_a_distance(source: Tensor, target: Tensor, epochs: int = 10,
                     seed: int = 0) -> float:
    """2 (1 - 2 err) of a linear domain classifier on frozen features, as
    Transfer-Learning-Library computes it: a logistic regression trained
    with SGD (lr 0.01, batch 2) on 80% of the features for ``epochs``
    epochs, ``err`` its error on the other 20% after the last one. 0: the
    domains are indistinguishable; 2: perfectly separable. An error above
    one half (a small held-out part) counts as its complement's, as the
    linear classifiers include the flipped one, so the distance stays in
    [0, 2]."""
    generator = torch.Generator().manual_seed(seed)
    feats = torch.cat([source, target]).float()
    labels = torch.cat([torch.ones(len(source)), torch.zeros(len(target))])
    dataset = TensorDataset(feats, labels[:, None])
    train_size = int(0.8 * len(dataset))
    train, val = random_split(dataset, [train_size, len(dataset) - train_size],
                              generator=generator)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        classifier = nn.Linear(feats.shape[1], 1)
    optimizer = torch.optim.SGD(classifier.parameters(), lr=0.01)
    for _ in range(epochs):
        for x, y in DataLoader(train, batch_size=2, shuffle=True,
                               generator=generator):
            loss = F.binary_cross_entropy_with_logits(classifier(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    x, y = val[:]
    with torch.no_grad():
        error = ((classifier(x) >= 0).float() != y).float().mean().item()
    return 2 * (1 - 2 * min(error, 1 - error))
