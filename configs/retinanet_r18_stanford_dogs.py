# mmdet RetinaNet R-18 FPN on Stanford Dogs boxes (120 breeds), from the COCO
# JSON of tools/dataset_converters/stanford_dogs_to_coco.py.
_base_ = [
    './_base_/default_runtime.py', './_base_/models/retinanet_r18_fpn.py',
    './_base_/datasets/stanford_dogs_det.py'
]

model = dict(bbox_head=dict(num_classes=120))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=500),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=500, end=12000),
]
train_cfg = dict(by_epoch=False, max_iters=12000, val_interval=3000)
default_hooks = dict(
    checkpoint=dict(interval=3000, save_best='coco/bbox_mAP'),
    visualization=dict(type='mmdet.DetVisualizationHook'))
visualizer = dict(type='mmdet.DetLocalVisualizer')
