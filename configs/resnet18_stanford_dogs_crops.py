# mmpretrain ResNet-18 (ImageNet-pretrained) on the dog crops of
# tools/crop_boxes.py (ground-truth boxes or a detector's), 120 breeds; the
# head's num_classes (None in the base model) is the crops' classes.txt's.
_base_ = [
    './_base_/default_runtime.py', './_base_/models/resnet18_cls.py',
    './_base_/datasets/stanford_dogs_crops.py'
]

param_scheduler = dict(type='CosineAnnealingLR', by_epoch=False, T_max=6000)
train_cfg = dict(by_epoch=False, max_iters=6000, val_interval=1000)
default_hooks = dict(
    checkpoint=dict(save_best='accuracy/top1'),
    visualization=dict(type='mmpretrain.VisualizationHook', enable=False))
visualizer = dict(type='mmpretrain.UniversalVisualizer')
