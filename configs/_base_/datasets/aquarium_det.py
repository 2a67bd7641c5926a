# Aquarium, or any Roboflow "COCO" export, in any of its layouts (train/,
# valid/, test/ folders; annotations/instances_<split>.json; or one
# _annotations.coco.json, split reproducibly): projects/roboflow/README.md.
# The classes are read from the export. `--cfg-options data_root=PATH
# img_scale="(320,320)"` reaches every dataloader and pipeline.
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
                 split='train', pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='RoboflowCocoDataset', data_root=data_root,
                 split='valid', test_mode=True, pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='RoboflowCocoDataset', data_root=data_root,
                 split='test', test_mode=True, pipeline=test_pipeline))
# No ann_file: CocoMetric scores against the boxes the dataset kept (bad
# boxes of the file are dropped there, and must not count as missed).
val_evaluator = dict(type='mmdet.CocoMetric', metric='bbox')
test_evaluator = dict(type='mmdet.CocoMetric', metric='bbox')
