# Embedded default data for detection: 1 to 3 shapes per 64 px image.
img_size = 64
train_pipeline = [
    dict(type='mmdet.LoadAnnotations', with_bbox=True),
    dict(type='mmdet.Resize', scale=(img_size, img_size), keep_ratio=True),
    dict(type='mmdet.RandomFlip', prob=0.5),
    dict(type='mmdet.PackDetInputs'),
]
test_pipeline = [
    dict(type='mmdet.Resize', scale=(img_size, img_size), keep_ratio=True),
    dict(type='mmdet.LoadAnnotations', with_bbox=True),
    dict(type='mmdet.PackDetInputs'),
]
# data_root: where the images are also written as PNGs, for the
# visualization hook (`tools/test.py --show-dir`) that reads them back.
toy_shapes = dict(type='ToyShapesDataset', data_root='data/toy_shapes',
                  img_size=img_size, max_shapes=3, min_frac=0.2, max_frac=0.5)
train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(**toy_shapes, num_samples=2000, seed=0,
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=32,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(**toy_shapes, num_samples=200, seed=1, test_mode=True,
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='mmdet.VOCMetric', metric='mAP', eval_mode='area')
test_evaluator = val_evaluator
