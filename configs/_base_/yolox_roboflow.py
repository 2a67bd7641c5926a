# mmdet's YOLOX (CSPDarknet + PAFPN + decoupled head, SimOTA) on a Roboflow
# COCO export at 640 px, as mmdet's yolox_s_8xb8-300e_coco: Mosaic, random
# affine, MixUp and HSV jitter (turned off for the last 15 epochs by
# YOLOXModeSwitchHook), EMA weights, SGD with a warm-up and a cosine decay.
# The best checkpoint is chosen by YOLOv5's fitness (FitnessCocoMetric:
# 0.1 mAP@0.5 + 0.9 mAP@0.5:0.95), with per-class AP in the log. Sizes and
# optimizers are set by the concrete configs (yolox_{n,s}_...). The number
# of classes is the export's (num_classes=None: set when the config is
# loaded). `--cfg-options data_root=PATH img_scale="(320,320)"` reaches
# every dataloader, the pipelines and the multi-scale range.
# Not mmyolo's YOLOv5: mmyolo 0.6.0 asserts mmcv < 2.1.0, and mmcv 2.0.1 does
# not build against the pinned torch (its setup.py compiles with -std=c++14;
# torch's ATen.h: 'C++17 or later compatible compiler is required').
_base_ = ['./default_runtime.py', './datasets/aquarium_det.py']

img_scale = (640, 640)
deepen_factor, widen_factor = 0.33, 0.5  # s
max_epochs = 100
num_last_epochs = 15  # without Mosaic, affine and MixUp, with the L1 loss
warmup_epochs = 5
model = dict(
    _scope_='mmdet',
    type='YOLOX',
    data_preprocessor=dict(
        type='DetDataPreprocessor', pad_size_divisor=32,
        batch_augments=[dict(
            type='BatchSyncRandomResize', size_divisor=32, interval=10,
            random_size_range=(img_scale[0] * 3 // 4,  # (480, 800) at 640
                               img_scale[0] * 5 // 4))]),
    backbone=dict(type='CSPDarknet', deepen_factor=deepen_factor,
                  widen_factor=widen_factor, out_indices=(2, 3, 4),
                  use_depthwise=False, spp_kernal_sizes=(5, 9, 13),
                  norm_cfg=dict(type='BN', momentum=0.03, eps=0.001),
                  act_cfg=dict(type='Swish')),
    neck=dict(type='YOLOXPAFPN', in_channels=[128, 256, 512],
              out_channels=128, num_csp_blocks=3, use_depthwise=False,
              upsample_cfg=dict(scale_factor=2, mode='nearest'),
              norm_cfg=dict(type='BN', momentum=0.03, eps=0.001),
              act_cfg=dict(type='Swish')),
    # mmdet's YOLOXHead, its boxes finite and clipped to the image
    bbox_head=dict(type='projects.ClippedYOLOXHead', num_classes=None,
                   in_channels=128,
                   feat_channels=128, stacked_convs=2, strides=(8, 16, 32),
                   use_depthwise=False,
                   norm_cfg=dict(type='BN', momentum=0.03, eps=0.001),
                   act_cfg=dict(type='Swish'),
                   loss_cls=dict(type='CrossEntropyLoss', use_sigmoid=True,
                                 reduction='sum', loss_weight=1.0),
                   loss_bbox=dict(type='IoULoss', mode='square', eps=1e-16,
                                  reduction='sum', loss_weight=5.0),
                   loss_obj=dict(type='CrossEntropyLoss', use_sigmoid=True,
                                 reduction='sum', loss_weight=1.0),
                   loss_l1=dict(type='L1Loss', reduction='sum',
                                loss_weight=1.0)),
    train_cfg=dict(assigner=dict(type='SimOTAAssigner', center_radius=2.5)),
    test_cfg=dict(score_thr=0.01, nms=dict(type='nms', iou_threshold=0.65)),
    init_cfg=None)

train_pipeline = [
    dict(type='mmdet.Mosaic', img_scale=img_scale, pad_val=114.0),
    dict(type='mmdet.RandomAffine', scaling_ratio_range=(0.1, 2),
         border=(-img_scale[0] // 2, -img_scale[1] // 2)),
    dict(type='mmdet.MixUp', img_scale=img_scale, ratio_range=(0.8, 1.6),
         pad_val=114.0),
    dict(type='mmdet.YOLOXHSVRandomAug'),
    dict(type='mmdet.RandomFlip', prob=0.5),
    dict(type='mmdet.Resize', scale=img_scale, keep_ratio=True),
    dict(type='mmdet.Pad', pad_to_square=True, pad_val=dict(img=(114.0, ) * 3)),
    dict(type='mmdet.FilterAnnotations', min_gt_bbox_wh=(1, 1),
         keep_empty=False),
    dict(type='mmdet.PackDetInputs'),
]
test_pipeline = [
    dict(type='mmdet.LoadImageFromFile'),
    dict(type='mmdet.Resize', scale=img_scale, keep_ratio=True),
    dict(type='mmdet.Pad', pad_to_square=True, pad_val=dict(img=(114.0, ) * 3)),
    dict(type='mmdet.LoadAnnotations', with_bbox=True),
    dict(type='mmdet.PackDetInputs',
         meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                    'scale_factor', 'instances')),
]
train_dataloader = dict(
    batch_size=8,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        _delete_=True,
        type='mmdet.MultiImageMixDataset',
        dataset=dict(type='RoboflowCocoDataset', data_root={{_base_.data_root}},
                     split='train',
                     pipeline=[dict(type='mmdet.LoadImageFromFile'),
                               dict(type='mmdet.LoadAnnotations',
                                    with_bbox=True)]),
        pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
val_evaluator = dict(type='FitnessCocoMetric', metric='bbox', classwise=True)
test_evaluator = val_evaluator

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4,
                   nesterov=True),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0))
param_scheduler = [
    dict(type='mmdet.QuadraticWarmupLR', by_epoch=True, begin=0,
         end=warmup_epochs, convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min_ratio=0.05, begin=warmup_epochs,
         T_max=max_epochs - num_last_epochs, end=max_epochs - num_last_epochs,
         by_epoch=True, convert_to_iter_based=True),
    dict(type='ConstantLR', by_epoch=True, factor=1,
         begin=max_epochs - num_last_epochs, end=max_epochs),
]
auto_scale_lr = dict(base_batch_size=64, enable=False)
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                 val_interval=5,
                 dynamic_intervals=[(max_epochs - num_last_epochs, 1)])
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(by_epoch=True, interval=5, max_keep_ckpts=3,
                    save_best='coco/bbox_fitness', rule='greater'),
    visualization=dict(type='mmdet.DetVisualizationHook'))
custom_hooks = [
    dict(type='RandomStateHook'),
    # MultiImageMixDataset skips the transforms whose config type is one of
    # these strings, as written in the pipeline ('mmdet.Mosaic', not mmdet's
    # default 'Mosaic'): the types mmdet's YOLOX turns off.
    dict(type='mmdet.YOLOXModeSwitchHook', num_last_epochs=num_last_epochs,
         skip_type_keys=('mmdet.Mosaic', 'mmdet.RandomAffine', 'mmdet.MixUp'),
         priority=48),
    dict(type='mmdet.SyncNormHook', priority=48),
    dict(type='EMAHook', ema_type='mmdet.ExpMomentumEMA', momentum=0.0001,
         update_buffers=True, priority=49),
]
visualizer = dict(type='mmdet.DetLocalVisualizer')
