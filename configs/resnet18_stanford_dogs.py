# mmpretrain ResNet-18 (ImageNet-pretrained) fine-tuned on Stanford Dogs,
# 120 breeds, 224 px. Note: ImageNet-1k's training set overlaps the Stanford
# Dogs test images, so pretrained accuracy is optimistic.
_base_ = [
    './_base_/default_runtime.py', './_base_/models/resnet18_cls.py',
    './_base_/datasets/stanford_dogs_cls.py'
]

model = dict(data_preprocessor=dict(num_classes=120),
             head=dict(num_classes=120))
param_scheduler = dict(type='CosineAnnealingLR', by_epoch=False, T_max=6000)
train_cfg = dict(by_epoch=False, max_iters=6000, val_interval=1000)
default_hooks = dict(
    checkpoint=dict(save_best='accuracy/top1'),
    visualization=dict(type='mmpretrain.VisualizationHook', enable=False))
visualizer = dict(type='mmpretrain.UniversalVisualizer')
