# mmpretrain classifier (a narrow CIFAR ResNet-18) on the embedded toy shapes.
_base_ = ['./_base_/default_runtime.py', './_base_/datasets/toy_shapes_cls.py']

model = dict(
    _scope_='mmpretrain',
    type='ImageClassifier',
    data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=4,
                           mean=[127.5] * 3, std=[127.5] * 3, to_rgb=True),
    backbone=dict(type='ResNet_CIFAR', depth=18, stem_channels=16,
                  base_channels=16),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=4, in_channels=128,
              loss=dict(type='CrossEntropyLoss')))

optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.05, momentum=0.9,
                                    weight_decay=5e-4))
param_scheduler = dict(type='CosineAnnealingLR', by_epoch=False, T_max=600)
auto_scale_lr = dict(base_batch_size=64, enable=False)

train_cfg = dict(by_epoch=False, max_iters=600, val_interval=200)
val_cfg = dict()
test_cfg = dict()

default_hooks = dict(
    checkpoint=dict(interval=200, save_best='accuracy/top1'),
    visualization=dict(type='mmpretrain.VisualizationHook', enable=False))
visualizer = dict(type='mmpretrain.UniversalVisualizer')
