# Faster R-CNN R-101 FPN on Stanford Dogs from random weights, mmdet's
# scratch recipe (faster-rcnn_r50-scratch_fpn_gn-all_6x_coco.py): GroupNorm
# in the backbone, neck and a 4-conv box head, nothing frozen, no weight decay
# on the norms, and a long schedule.
_base_ = './faster_rcnn_r101_fpn_stanford_dogs.py'

norm_cfg = dict(type='GN', num_groups=32, requires_grad=True)
model = dict(
    backbone=dict(frozen_stages=-1, zero_init_residual=False,
                  norm_cfg=norm_cfg, norm_eval=False, init_cfg=None),
    neck=dict(norm_cfg=norm_cfg),
    roi_head=dict(bbox_head=dict(type='Shared4Conv1FCBBoxHead',
                                 conv_out_channels=256, norm_cfg=norm_cfg)))
optim_wrapper = dict(paramwise_cfg=dict(norm_decay_mult=0.))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=500),
    dict(type='MultiStepLR', by_epoch=False, begin=0, end=36000,
         milestones=[32000, 35000], gamma=0.1),
]
train_cfg = dict(max_iters=36000, val_interval=6000)
default_hooks = dict(checkpoint=dict(interval=6000))
