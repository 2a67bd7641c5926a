# Dog crops written by tools/crop_boxes.py (run once with --split train and
# once with --split test): <root>/<split>/<class>/*.jpg, meta/<split>.txt and
# meta/classes.txt, read by mmpretrain's CustomDataset.
data_root = 'data/stanford_dogs_crops/'
train_pipeline = [
    dict(type='mmpretrain.LoadImageFromFile'),
    dict(type='mmpretrain.RandomResizedCrop', scale=224, crop_ratio_range=(0.5, 1.0)),
    dict(type='mmpretrain.RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='mmpretrain.PackInputs'),
]
test_pipeline = [
    dict(type='mmpretrain.LoadImageFromFile'),
    dict(type='mmpretrain.Resize', scale=224),
    dict(type='mmpretrain.PackInputs'),
]
train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='mmpretrain.CustomDataset', data_root=data_root,
                 data_prefix='train', ann_file='meta/train.txt',
                 classes=data_root + 'meta/classes.txt',
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='mmpretrain.CustomDataset', data_root=data_root,
                 data_prefix='test', ann_file='meta/test.txt',
                 classes=data_root + 'meta/classes.txt', test_mode=True,
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='mmpretrain.Accuracy', topk=(1, 5))
test_evaluator = val_evaluator
