# mmdet RetinaNet (narrow ResNet-18 + FPN, trained from scratch) on the
# embedded toy shapes: the shared RetinaNet piece at 64 px.
_base_ = [
    './_base_/default_runtime.py', './_base_/models/retinanet_r18_fpn.py',
    './_base_/datasets/toy_shapes_det.py'
]

model = dict(
    data_preprocessor=dict(mean=[127.5] * 3, std=[127.5] * 3),
    backbone=dict(base_channels=16, stem_channels=16, frozen_stages=-1,
                  norm_eval=False, init_cfg=None),
    neck=dict(in_channels=[32, 64, 128], out_channels=64, num_outs=3),
    bbox_head=dict(
        num_classes=4,
        in_channels=64,
        stacked_convs=2,
        feat_channels=64,
        anchor_generator=dict(octave_base_scale=2, strides=[8, 16, 32])))

optim_wrapper = dict(optimizer=dict(lr=0.02))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=100),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=100, end=1500),
]

train_cfg = dict(by_epoch=False, max_iters=1500, val_interval=500)

default_hooks = dict(
    checkpoint=dict(interval=500, save_best='pascal_voc/mAP'),
    visualization=dict(type='mmdet.DetVisualizationHook'))
visualizer = dict(type='mmdet.DetLocalVisualizer')
