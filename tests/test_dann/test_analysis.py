"""Proxy A-distance: 2 (1 - 2 err) of a linear domain classifier."""
import pytest
import torch

from projects.dann.analysis import proxy_a_distance


def test_separable_domains_are_near_two_and_equal_ones_near_zero():
    gen = torch.Generator().manual_seed(0)
    source = torch.randn(200, 8, generator=gen)
    apart = torch.randn(200, 8, generator=gen) + 4.0
    same = torch.randn(200, 8, generator=gen)
    assert proxy_a_distance(source, apart) == pytest.approx(2.0)
    assert abs(proxy_a_distance(source, same)) < 0.5


def test_partly_overlapping_domains_fall_between_and_it_is_seeded():
    gen = torch.Generator().manual_seed(1)
    source = torch.randn(300, 4, generator=gen)
    target = torch.randn(300, 4, generator=gen) + torch.tensor([1.0, 0, 0, 0])
    # the Bayes error of a unit shift in one coordinate is 31%: PAD ~0.77
    distance = proxy_a_distance(source, target, seed=3)
    assert 0.3 < distance < 1.3
    assert distance == proxy_a_distance(source, target, seed=3)


def test_below_chance_on_a_tiny_held_out_part_is_not_negative():
    # 8 + 8 test samples of one distribution (the README's tiny journey gave
    # -2.0): an error above one half is the flipped classifier's below it
    gen = torch.Generator().manual_seed(0)
    distances = [proxy_a_distance(torch.randn(8, 4, generator=gen),
                                  torch.randn(8, 4, generator=gen), seed=seed)
                 for seed in range(8)]
    assert all(0 <= d <= 2 for d in distances)
