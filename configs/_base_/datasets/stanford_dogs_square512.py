# Stanford Dogs with the users' reports' pipeline: each image padded to a
# square (aspect ratio kept, black to the bottom/right: mmcv's Pad), resized
# to 512, random grayscale and horizontal flip when training; batch 16.
_base_ = ['./stanford_dogs_cls.py']

img_size = 512
train_pipeline = [
    dict(type='mmpretrain.LoadImageFromFile'),
    dict(type='mmcv.Pad', pad_to_square=True, pad_val=dict(img=0)),
    dict(type='mmpretrain.Resize', scale=(img_size, img_size)),
    dict(type='mmcv.RandomGrayscale', prob=0.1, keep_channels=True),
    dict(type='mmpretrain.RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='mmpretrain.PackInputs'),
]
test_pipeline = [
    dict(type='mmpretrain.LoadImageFromFile'),
    dict(type='mmcv.Pad', pad_to_square=True, pad_val=dict(img=0)),
    dict(type='mmpretrain.Resize', scale=(img_size, img_size)),
    dict(type='mmpretrain.PackInputs'),
]
train_dataloader = dict(batch_size=16, sampler=dict(type='DefaultSampler', shuffle=True),
                        dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=16, dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
