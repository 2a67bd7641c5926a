"""The two Inception-v3 networks FID and IS are published with.

Both take uint8 RGB images (N, 3, H, W) of any size and the names of the
outputs wanted, and return a dict with (at least) those: ``features``, the
2048-d pool features, and ``logits``, the 1008 class logits without the
output bias (as the original Inception Score code and torch-fidelity use
them).
"""
from typing import Dict, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.nn.utils.fusion import fuse_conv_bn_eval
from torchvision.models import inception as tv_inception

NUM_LOGITS = 1008
OUTPUTS = ('features', 'logits')


def _tf_avg_pool(x: Tensor) -> Tensor:
    # TensorFlow's average pool leaves the zero padding out of the mean.
    return F.avg_pool2d(x, kernel_size=3, stride=1, padding=1,
                        count_include_pad=False)


class FIDInceptionA(tv_inception.InceptionA):
    """InceptionA with TensorFlow's average pooling."""

    def forward(self, x: Tensor) -> Tensor:
        branch5x5 = self.branch5x5_2(self.branch5x5_1(x))
        branch3x3dbl = self.branch3x3dbl_3(
            self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        return torch.cat([self.branch1x1(x), branch5x5, branch3x3dbl,
                          self.branch_pool(_tf_avg_pool(x))], 1)


class FIDInceptionC(tv_inception.InceptionC):
    """InceptionC with TensorFlow's average pooling."""

    def forward(self, x: Tensor) -> Tensor:
        branch7x7 = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        branch7x7dbl = x
        for layer in (self.branch7x7dbl_1, self.branch7x7dbl_2,
                      self.branch7x7dbl_3, self.branch7x7dbl_4,
                      self.branch7x7dbl_5):
            branch7x7dbl = layer(branch7x7dbl)
        return torch.cat([self.branch1x1(x), branch7x7, branch7x7dbl,
                          self.branch_pool(_tf_avg_pool(x))], 1)


class FIDInceptionE(tv_inception.InceptionE):
    """InceptionE with TensorFlow's pooling: average in the first block, max
    in the last (a quirk of the original graph)."""

    def __init__(self, in_channels: int, max_pool: bool):
        super().__init__(in_channels)
        self.max_pool = max_pool

    def forward(self, x: Tensor) -> Tensor:
        branch3x3 = self.branch3x3_1(x)
        branch3x3 = torch.cat([self.branch3x3_2a(branch3x3),
                               self.branch3x3_2b(branch3x3)], 1)
        branch3x3dbl = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        branch3x3dbl = torch.cat([self.branch3x3dbl_3a(branch3x3dbl),
                                  self.branch3x3dbl_3b(branch3x3dbl)], 1)
        if self.max_pool:
            pooled = F.max_pool2d(x, kernel_size=3, stride=1, padding=1)
        else:
            pooled = _tf_avg_pool(x)
        return torch.cat([self.branch1x1(x), branch3x3, branch3x3dbl,
                          self.branch_pool(pooled)], 1)


class FIDInceptionV3(tv_inception.Inception3):
    """pytorch-fid's network: torchvision's Inception3 with the blocks of the
    TensorFlow graph, 1008 classes, and pytorch-fid's input handling
    (bilinear resize to 299, then [0, 1] -> [-1, 1]).

    Its state dict is the one in ``pt_inception-2015-12-05-6726825d.pth``
    (and torch-fidelity's ``weights-inception-2015-12-05-6726825d.pth``).
    """

    def __init__(self):
        super().__init__(num_classes=NUM_LOGITS, aux_logits=False,
                         transform_input=False, init_weights=False)
        self.Mixed_5b = FIDInceptionA(192, pool_features=32)
        self.Mixed_5c = FIDInceptionA(256, pool_features=64)
        self.Mixed_5d = FIDInceptionA(288, pool_features=64)
        self.Mixed_6b = FIDInceptionC(768, channels_7x7=128)
        self.Mixed_6c = FIDInceptionC(768, channels_7x7=160)
        self.Mixed_6d = FIDInceptionC(768, channels_7x7=160)
        self.Mixed_6e = FIDInceptionC(768, channels_7x7=192)
        self.Mixed_7b = FIDInceptionE(1280, max_pool=False)
        self.Mixed_7c = FIDInceptionE(2048, max_pool=True)

    @torch.no_grad()
    def fuse_for_inference(self) -> 'FIDInceptionV3':
        """Fold every batch norm into its convolution and use channels-last
        memory: the same function, fewer and faster operations on CPU."""
        self.eval()
        for module in self.modules():
            if isinstance(module, tv_inception.BasicConv2d):
                module.conv = fuse_conv_bn_eval(module.conv, module.bn)
                module.bn = nn.Identity()
        return self.to(memory_format=torch.channels_last)

    def forward(self, images: Tensor,
                outputs: Sequence[str] = OUTPUTS) -> Dict[str, Tensor]:
        """Both outputs, whichever are asked for: logits cost one matmul."""
        x = images.float() / 255  # as torchvision's ToTensor
        x = F.interpolate(x, size=(299, 299), mode='bilinear',
                          align_corners=False)
        x = (2 * x - 1).contiguous(memory_format=torch.channels_last)
        for layer in (self.Conv2d_1a_3x3, self.Conv2d_2a_3x3,
                      self.Conv2d_2b_3x3, self.maxpool1, self.Conv2d_3b_1x1,
                      self.Conv2d_4a_3x3, self.maxpool2, self.Mixed_5b,
                      self.Mixed_5c, self.Mixed_5d, self.Mixed_6a,
                      self.Mixed_6b, self.Mixed_6c, self.Mixed_6d,
                      self.Mixed_6e, self.Mixed_7a, self.Mixed_7b,
                      self.Mixed_7c, self.avgpool):
            x = layer(x)
        features = torch.flatten(x, 1)
        return dict(features=features, logits=features @ self.fc.weight.T)


class StyleGANInception(nn.Module):
    """StyleGAN's TorchScript Inception (``inception-2015-12-05.pt``).

    The script resizes and normalises by itself. It gives features or
    probabilities per call, so each output asked for is one pass; its logits
    are log-probabilities (softmax without the output bias, then log).
    """

    def __init__(self, script: torch.jit.ScriptModule):
        super().__init__()
        self.script = script

    def forward(self, images: Tensor,
                outputs: Sequence[str] = OUTPUTS) -> Dict[str, Tensor]:
        results = {}
        if 'features' in outputs:
            results['features'] = self.script(
                images, return_features=True).float()
        if 'logits' in outputs:
            results['logits'] = self.script(
                images, no_output_bias=True).float().log()
        return results
