"""Where a classifier looks: class activation maps (pytorch-grad-cam's
maths) for CNNs and attention rollout (Abnar & Zuidema, 2020) for ViTs."""
from typing import List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from pytorch_grad_cam import (AblationCAM, EigenCAM, GradCAM, GradCAMPlusPlus,
                              ScoreCAM)
from pytorch_grad_cam.utils.image import show_cam_on_image
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
from torch import Tensor, nn

from .attacks import logits_of

# gradient-based and gradient-free (EigenCAM, ScoreCAM, AblationCAM)
CAM_METHODS = dict(gradcam=GradCAM, gradcampp=GradCAMPlusPlus,
                   eigencam=EigenCAM, scorecam=ScoreCAM,
                   ablationcam=AblationCAM)
METHODS = tuple(CAM_METHODS) + ('rollout', )


class Logits(nn.Module):
    """A framework classifier as ``preprocessed images -> logits``."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, inputs: Tensor) -> Tensor:
        return logits_of(self.model, inputs)


def is_vit(model: nn.Module) -> bool:
    return hasattr(getattr(model, 'backbone', None), 'layers') and \
        hasattr(model.backbone, 'patch_embed')


def module_at(model: nn.Module, name: Optional[str]) -> nn.Module:
    """The module called ``name`` (``backbone.layer4``); by default the
    last convolution of the backbone."""
    if name:
        modules = dict(model.named_modules())
        if name not in modules:
            raise KeyError(f'no module {name!r} in {type(model).__name__}; '
                           f'e.g. {list(modules)[-5:]}')
        return modules[name]
    convs = [m for m in model.backbone.modules() if isinstance(m, nn.Conv2d)]
    if not convs:
        raise ValueError(f'{type(model.backbone).__name__} has no convolution:'
                         ' pass a target layer, or use rollout for a ViT')
    return convs[-1]


def class_activation_maps(model: nn.Module, inputs: Tensor,
                          classes: Sequence[int], method: str = 'gradcam',
                          target_layer: Optional[str] = None) -> np.ndarray:
    """(N, H, W) maps in [0, 1] for ``classes`` of the preprocessed
    ``inputs``, by pytorch-grad-cam's ``method``."""
    if method not in CAM_METHODS:
        raise ValueError(f'method must be one of {sorted(CAM_METHODS)}, got '
                         f'{method!r}')
    cam = CAM_METHODS[method](model=Logits(model).eval(),
                              target_layers=[module_at(model, target_layer)])
    with cam:
        return cam(input_tensor=inputs,
                   targets=[ClassifierOutputTarget(int(c)) for c in classes])


def rollout(attentions: List[Tensor], extra_tokens: int = 1) -> Tensor:
    """Attention rollout: the product over layers of the head-averaged
    attention plus the residual identity, rows renormalised; returns the
    attention of the first (class) token to each patch, (N, patches)."""
    result = None
    for attention in attentions:  # (N, heads, tokens, tokens)
        layer = attention.mean(1)
        layer = layer + torch.eye(layer.shape[-1], device=layer.device)
        layer = layer / layer.sum(-1, keepdim=True)
        result = layer if result is None else layer @ result
    return result[:, 0, extra_tokens:]


def attention_rollout(model: nn.Module, inputs: Tensor) -> np.ndarray:
    """(N, H, W) rollout maps in [0, 1] of an mmpretrain VisionTransformer
    classifier, from the attention each layer computes (recomputed from its
    ``qkv`` projection, as mmpretrain uses fused attention)."""
    backbone = model.backbone
    attentions, grid = [], []

    def keep_attention(attn):
        def hook(module, args, qkv):
            batch, tokens, _ = qkv.shape
            q, k, _ = qkv.reshape(batch, tokens, 3, attn.num_heads,
                                  attn.head_dims).permute(2, 0, 3, 1, 4)
            scores = q @ k.transpose(-2, -1) * attn.head_dims**-0.5
            attentions.append(scores.softmax(-1))
        return hook

    handles = [layer.attn.qkv.register_forward_hook(keep_attention(layer.attn))
               for layer in backbone.layers]
    handles.append(backbone.patch_embed.register_forward_hook(
        lambda module, args, out: grid.append(out[1])))
    try:
        with torch.no_grad():
            logits_of(model.eval(), inputs)
    finally:
        for handle in handles:
            handle.remove()
    extra = getattr(backbone, 'num_extra_tokens', 1)
    maps = rollout(attentions, extra).reshape(len(inputs), 1, *grid[0])
    maps = F.interpolate(maps, size=inputs.shape[-2:], mode='bilinear',
                         align_corners=False)[:, 0]
    low = maps.flatten(1).min(1)[0].view(-1, 1, 1)
    high = maps.flatten(1).max(1)[0].view(-1, 1, 1)
    return ((maps - low) / (high - low).clamp(min=1e-12)).cpu().numpy()


def overlay(image: np.ndarray, cam: np.ndarray) -> np.ndarray:
    """The map as a heat map over an RGB (or grey) uint8 image."""
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    return show_cam_on_image(image.astype(np.float32) / 255, cam,
                             use_rgb=True)
