# Faster R-CNN R-101 FPN on Stanford Dogs, fine-tuned from mmdet's COCO
# weights (download them from mmdet's model zoo). The 80-class box head of
# the file does not fit the 120 breeds: its classifier and regressor are left
# out with a warning and trained anew; everything else is loaded.
_base_ = './faster_rcnn_r101_fpn_stanford_dogs.py'

model = dict(backbone=dict(init_cfg=None))  # load_from replaces every weight
load_from = 'checkpoints/faster_rcnn_r101_fpn_1x_coco_20200130-f513f705.pth'
optim_wrapper = dict(optimizer=dict(lr=0.01))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=500),
    dict(type='MultiStepLR', by_epoch=False, begin=0, end=6000,
         milestones=[4000, 5500], gamma=0.1),
]
train_cfg = dict(max_iters=6000, val_interval=1500)
default_hooks = dict(checkpoint=dict(interval=1500))
