"""Class activation maps and attention rollout."""
import numpy as np
import pytest
import torch
from mmengine.registry import DefaultScope
from torch import nn

from projects.core.registry import MODELS
from projects.robustness.explain import (attention_rollout,
                                         class_activation_maps, is_vit,
                                         module_at, rollout)
from tests.test_robustness.helpers import tiny_classifier


def tiny_vit(seed=0):
    """An mmpretrain ViT on 32 px images in 8 px patches (a 4 x 4 grid)."""
    torch.manual_seed(seed)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(dict(
            type='mmpretrain.ImageClassifier',
            backbone=dict(type='VisionTransformer', img_size=32,
                          patch_size=8, arch=dict(embed_dims=32, num_layers=2,
                                                  num_heads=2,
                                                  feedforward_channels=64)),
            head=dict(type='VisionTransformerClsHead', num_classes=3,
                      in_channels=32)))
    model.init_weights()
    return model.eval()


class BrightnessNet(nn.Module):
    """One class whose logit is the mean of a 1x1 convolution summing the
    channels: its Grad-CAM is the image's brightness."""

    def __init__(self):
        super().__init__()
        self.backbone = nn.Conv2d(3, 1, 1, bias=False)
        nn.init.constant_(self.backbone.weight, 1.0)

    def forward(self, inputs, mode='tensor'):
        return self.backbone(inputs).mean((1, 2, 3)).unsqueeze(1)


def test_rollout_follows_the_attention_of_every_layer():
    tokens = 1 + 4
    uniform = torch.full((1, 2, tokens, tokens), 1.0 / tokens)
    to_patch_2 = torch.zeros(1, 2, tokens, tokens)
    to_patch_2[..., 3] = 1.0  # every token looks at patch 2 (token 3)
    maps = rollout([uniform, to_patch_2])
    assert maps.shape == (1, 4)
    assert maps[0].argmax() == 2
    # one layer: half its attention, half the residual identity
    single = rollout([to_patch_2])[0]
    assert torch.allclose(single, torch.tensor([0.0, 0.0, 0.5, 0.0]))


def test_gradcam_finds_the_bright_corner():
    image = torch.zeros(1, 3, 16, 16)
    image[..., :6, :6] = 1.0
    maps = class_activation_maps(BrightnessNet(), image, [0], 'gradcam')
    assert maps.shape == (1, 16, 16)
    assert maps[0, :6, :6].min() > 0.99 and maps[0, 8:, 8:].max() < 0.01


@pytest.mark.parametrize('method', ['gradcam', 'eigencam', 'ablationcam'])
def test_cams_of_a_cnn_classifier_are_maps_in_0_1(method):
    model = tiny_classifier()
    inputs = torch.randn(2, 3, 16, 16)
    maps = class_activation_maps(model, inputs, [0, 2], method)
    assert maps.shape == (2, 16, 16)
    assert maps.min() >= 0 and maps.max() <= 1
    assert not is_vit(model)
    assert module_at(model, None) is [
        m for m in model.backbone.modules() if isinstance(m, nn.Conv2d)][-1]
    with pytest.raises(KeyError, match='no module'):
        module_at(model, 'backbone.layer9')
    with pytest.raises(ValueError, match='method must be one of'):
        class_activation_maps(model, inputs, [0, 0], 'gradkam')


def test_rollout_of_a_vit_reads_the_attention_it_computes():
    model = tiny_vit()
    assert is_vit(model)
    layer = model.backbone.layers[0].attn
    seen = {}
    layer.qkv.register_forward_hook(
        lambda m, args, out: seen.setdefault('qkv', out))
    layer.register_forward_hook(lambda m, args, out: seen.setdefault('out', out))
    inputs = torch.randn(2, 3, 32, 32)
    maps = attention_rollout(model, inputs)
    assert maps.shape == (2, 32, 32)
    assert maps.min() == 0 and np.isclose(maps.max(), 1)
    # the attention the rollout reads reproduces the layer's output
    batch, tokens, _ = seen['qkv'].shape
    q, k, v = seen['qkv'].reshape(batch, tokens, 3, layer.num_heads,
                                  layer.head_dims).permute(2, 0, 3, 1, 4)
    attention = (q @ k.transpose(-2, -1) * layer.head_dims**-0.5).softmax(-1)
    mixed = (attention @ v).transpose(1, 2).reshape(batch, tokens, -1)
    assert torch.allclose(layer.proj(mixed), seen['out'], atol=1e-5)
