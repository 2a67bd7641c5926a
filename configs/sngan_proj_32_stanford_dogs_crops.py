# mmagic SNGAN (labels fixed to (N, ), projects/gans/flat_labels.py) with a
# projection discriminator, conditioned on the breed, at
# 32 px on the dog crops of tools/crop_boxes.py (mmagic's ImageNet dataset
# reads the same folder tree and annotation file as mmpretrain).
_base_ = ['./_base_/gan_runtime.py']

data_root = 'data/stanford_dogs_crops/'
img_size = 32
num_classes = 120
model = dict(
    _scope_='mmagic',
    type='projects.SNGAN',
    num_classes=num_classes,
    data_preprocessor=dict(type='DataPreprocessor', mean=[127.5] * 3,
                           std=[127.5] * 3),
    generator=dict(type='SNGANGenerator', output_scale=img_size,
                   base_channels=128),
    discriminator=dict(type='ProjDiscriminator', input_scale=img_size,
                       base_channels=64),
    discriminator_steps=2)

train_pipeline = [
    dict(type='mmagic.LoadImageFromFile', key='gt'),
    dict(type='mmagic.Resize', scale=(img_size, img_size), keys='gt'),
    dict(type='mmagic.Flip', keys='gt', flip_ratio=0.5,
         direction='horizontal'),
    dict(type='mmagic.PackInputs'),
]
train_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='mmagic.ImageNet', data_root=data_root,
                 data_prefix='train', ann_file='meta/train.txt',
                 classes=data_root + 'meta/classes.txt',
                 pipeline=train_pipeline))

optim_wrapper = dict(
    generator=dict(optimizer=dict(type='Adam', lr=2e-4, betas=(0.0, 0.999))),
    discriminator=dict(optimizer=dict(type='Adam', lr=2e-4,
                                      betas=(0.0, 0.999))))
auto_scale_lr = dict(base_batch_size=64, enable=False)
train_cfg = dict(by_epoch=False, max_iters=20000)
val_cfg = None
test_cfg = None
default_hooks = dict(logger=dict(interval=100),
                     checkpoint=dict(interval=5000))
custom_hooks = [
    dict(type='RandomStateHook'),
    dict(type='SampleGridHook', interval=1000, fixed_input=True,
         vis_kwargs_list=dict(type='GAN', name='fake_img')),
]
