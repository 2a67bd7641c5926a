"""A tiny mmpretrain classifier with a normalising, channel-flipping
preprocessor, and torchattacks' view of it (images in 0-1, RGB)."""
import torch
from mmengine.registry import DefaultScope
from torch import nn

from projects.core.registry import MODELS


def tiny_classifier(seed=0, classes=3):
    torch.manual_seed(seed)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(dict(
            type='mmpretrain.ImageClassifier',
            data_preprocessor=dict(type='ClsDataPreprocessor',
                                   num_classes=classes,
                                   mean=[120.0, 110.0, 100.0],
                                   std=[60.0, 55.0, 50.0], to_rgb=True),
            backbone=dict(type='ResNet_CIFAR', depth=18, stem_channels=4,
                          base_channels=4),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type='LinearClsHead', num_classes=classes,
                      in_channels=32, loss=dict(type='CrossEntropyLoss'))))
    model.init_weights()
    return model.eval()


def batch(n=8, size=16, classes=3, seed=0):
    """A data batch as the dataloader gives it: uint8 BGR images, labels."""
    from mmpretrain.structures import DataSample
    generator = torch.Generator().manual_seed(seed)
    images = torch.randint(0, 256, (n, 3, size, size), generator=generator,
                           dtype=torch.uint8)
    samples = [DataSample().set_gt_label(i % classes) for i in range(n)]
    return dict(inputs=list(images), data_samples=samples)


class ZeroOneRGB(nn.Module):
    """The classifier on RGB images in [0, 1], as torchattacks expects."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        preprocessor = model.data_preprocessor
        self.register_buffer('mean', preprocessor.mean.view(1, -1, 1, 1))
        self.register_buffer('std', preprocessor.std.view(1, -1, 1, 1))
        self.eval()  # torchattacks restores this mode on the model after

    def forward(self, images):
        return self.model((images * 255 - self.mean) / self.std, mode='tensor')
