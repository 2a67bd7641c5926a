# The reports' ResNet-50 recipe on Stanford Dogs (120 breeds): images padded
# to square and resized to 512, random grayscale and flips, ImageNet mean
# and std, batch 16, SGD lr 0.01 momentum 0.9, StepLR (7 epochs, x0.1),
# 25 epochs, from local ImageNet weights (mmpretrain's ResNet-50; download
# them once and set model.backbone.init_cfg.checkpoint; a missing file is
# an error naming the field).
_base_ = [
    './_base_/default_runtime.py', './_base_/models/resnet18_cls.py',
    './_base_/datasets/stanford_dogs_square512.py'
]

model = dict(
    backbone=dict(depth=50, init_cfg=dict(
        checkpoint='checkpoints/resnet50_8xb32_in1k_20210831-ea4938fc.pth')),
    data_preprocessor=dict(num_classes=120),
    head=dict(num_classes=120, in_channels=2048))
optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9,
                                    weight_decay=0.0))
param_scheduler = dict(type='StepLR', by_epoch=True, step_size=7, gamma=0.1)
auto_scale_lr = dict(base_batch_size=16, enable=False)
train_cfg = dict(by_epoch=True, max_epochs=25, val_interval=1)
default_hooks = dict(
    checkpoint=dict(by_epoch=True, interval=1, max_keep_ckpts=2,
                    save_best='accuracy/top1'),
    visualization=dict(type='mmpretrain.VisualizationHook', enable=False))
visualizer = dict(type='mmpretrain.UniversalVisualizer')
