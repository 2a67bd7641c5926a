# mmdet RetinaNet R-18 FPN on Roboflow's Aquarium export (7 classes read from
# the export, the "creatures" supercategory left out; the head's
# num_classes, None in the base model, is set from them).
_base_ = [
    './_base_/default_runtime.py', './_base_/models/retinanet_r18_fpn.py',
    './_base_/datasets/aquarium_det.py'
]

param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=200),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=200, end=4000),
]
train_cfg = dict(by_epoch=False, max_iters=4000, val_interval=1000)
default_hooks = dict(
    checkpoint=dict(interval=1000, save_best='coco/bbox_mAP'),
    visualization=dict(type='mmdet.DetVisualizationHook'))
visualizer = dict(type='mmdet.DetLocalVisualizer')
