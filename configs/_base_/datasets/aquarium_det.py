# Aquarium (or any Roboflow "COCO" export): train/, valid/, test/, each with
# the images and _annotations.coco.json. The classes are read from the export.
data_root = 'data/aquarium/'
img_scale = (640, 640)
train_pipeline = [
    dict(type='mmdet.LoadImageFromFile'),
    dict(type='mmdet.LoadAnnotations', with_bbox=True),
    dict(type='mmdet.Resize', scale=img_scale, keep_ratio=True),
    dict(type='mmdet.RandomFlip', prob=0.5),
    dict(type='mmdet.PackDetInputs'),
]
test_pipeline = [
    dict(type='mmdet.LoadImageFromFile'),
    dict(type='mmdet.Resize', scale=img_scale, keep_ratio=True),
    dict(type='mmdet.LoadAnnotations', with_bbox=True),
    # `instances`: the boxes the dataset kept, the evaluator's ground truth.
    dict(type='mmdet.PackDetInputs',
         meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                    'scale_factor', 'instances')),
]


train_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='RoboflowCocoDataset', data_root=data_root,
                 ann_file='train/_annotations.coco.json',
                 data_prefix=dict(img='train/'), pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='RoboflowCocoDataset', data_root=data_root,
                 ann_file='valid/_annotations.coco.json',
                 data_prefix=dict(img='valid/'), test_mode=True,
                 pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='RoboflowCocoDataset', data_root=data_root,
                 ann_file='test/_annotations.coco.json',
                 data_prefix=dict(img='test/'), test_mode=True,
                 pipeline=test_pipeline))
# No ann_file: CocoMetric scores against the boxes the dataset kept (bad
# boxes of the file are dropped there, and must not count as missed).
val_evaluator = dict(type='mmdet.CocoMetric', metric='bbox')
test_evaluator = dict(type='mmdet.CocoMetric', metric='bbox')
