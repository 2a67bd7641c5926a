# mmdet's Faster R-CNN R-101 FPN on Stanford Dogs boxes (120 breeds), from the
# COCO JSON of tools/dataset_converters/stanford_dogs_to_coco.py. The model is
# mmdet's own base (faster-rcnn_r50_fpn.py) with a ResNet-101 from local
# ImageNet weights; faster_rcnn_r101_fpn_stanford_dogs_coco.py starts from
# COCO weights, faster_rcnn_r101_fpn_stanford_dogs_scratch.py from nothing.
_base_ = [
    'mmdet::_base_/models/faster-rcnn_r50_fpn.py',
    './_base_/default_runtime.py', './_base_/datasets/stanford_dogs_det.py'
]

model = dict(
    _scope_='mmdet',
    backbone=dict(depth=101,
                  init_cfg=dict(type='Pretrained',
                                checkpoint='checkpoints/resnet101-63fe2227.pth')),
    roi_head=dict(bbox_head=dict(num_classes=120)))

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.02, momentum=0.9, weight_decay=1e-4))
auto_scale_lr = dict(base_batch_size=16, enable=False)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=500),
    dict(type='MultiStepLR', by_epoch=False, begin=0, end=12000,
         milestones=[8000, 11000], gamma=0.1),
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=12000, val_interval=3000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
val_evaluator = dict(type='FitnessCocoMetric', classwise=True)
test_evaluator = val_evaluator
default_hooks = dict(
    checkpoint=dict(interval=3000, save_best='coco/bbox_fitness', rule='greater'),
    visualization=dict(type='mmdet.DetVisualizationHook'))
visualizer = dict(type='mmdet.DetLocalVisualizer')
