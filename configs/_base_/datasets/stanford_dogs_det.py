# Stanford Dogs detection, from the COCO JSON written by
# tools/dataset_converters/stanford_dogs_to_coco.py (annotations/*.json).
data_root = 'data/stanford_dogs/'
img_scale = (512, 512)
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
    dataset=dict(type='StanfordDogsDetDataset', data_root=data_root,
                 ann_file='annotations/train.json',
                 data_prefix=dict(img='Images/'), pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='StanfordDogsDetDataset', data_root=data_root,
                 ann_file='annotations/test.json',
                 data_prefix=dict(img='Images/'), test_mode=True,
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
# No ann_file: CocoMetric scores against the boxes the dataset kept (bad
# boxes of the file are dropped there, and must not count as missed).
val_evaluator = dict(type='mmdet.CocoMetric', metric='bbox')
test_evaluator = val_evaluator
