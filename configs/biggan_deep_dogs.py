# mmagic's BigGAN-deep at 256 px, conditioned on the 120 breeds of the dog
# crops of tools/crop_boxes.py (--strategy square; mmagic's ImageNet dataset
# reads meta/<split>.txt and meta/classes.txt), for 4 GPUs:
#   bash tools/dist_train.sh configs/biggan_deep_dogs.py 4
# DiffAugment on the discriminator's input (a small dataset), an EMA
# generator scored by FID and IS on the test crops (local Inception weights:
# INCEPTION_WEIGHTS, see projects/gan_metrics/README.md). To start from
# mmagic's ImageNet BigGAN-deep (the networks below have its architecture;
# the breed rows of its class embedding are kept, projects/gans/biggan):
#   --cfg-options model.pretrained.checkpoint=PATH
# PATH: biggan-deep_imagenet1k_256x256_cvt_hugging-face_rgb_20210728_111735-
# 28651569.pth from download.openmmlab.com/mmediting/biggan/.
_base_ = ['./_base_/gan_runtime.py']

data_root = 'data/stanford_dogs_crops/'
classes = data_root + 'meta/classes.txt'
wnids = data_root + 'meta/wnids.txt'  # ImageNet ids: the transferred rows
img_size = 256
num_classes = 120
model = dict(
    _scope_='mmagic',
    type='projects.BigGAN',
    num_classes=num_classes,
    pretrained=dict(checkpoint=None, wnids=wnids),
    data_preprocessor=dict(type='DataPreprocessor', mean=[127.5] * 3,
                           std=[127.5] * 3),
    # mmagic's ImageNet BigGAN-deep schedule: 2 D steps per G step, EMA.
    discriminator_steps=2,
    generator_steps=1,
    # EMA decay 0.999 from the 1000th generator update (mmagic's ImageNet
    # run: 0.9999 from 20000, too slow for a fine-tuning of this length).
    ema_config=dict(type='ExponentialMovingAverage', interval=1,
                    momentum=0.001, update_buffers=True, start_iter=1000),
    generator=dict(type='BigGANDeepGenerator', output_scale=img_size,
                   noise_size=128, base_channels=128, shared_dim=128,
                   with_shared_embedding=True, sn_eps=1e-6, sn_style='torch',
                   concat_noise=True, rgb2bgr=True),
    discriminator=dict(
        type='projects.DiffAugmentDiscriminator',
        policy='color,translation,cutout',
        discriminator=dict(type='BigGANDeepDiscriminator',
                           input_scale=img_size, base_channels=128,
                           sn_eps=1e-6, sn_style='torch')))

train_pipeline = [
    dict(type='mmagic.LoadImageFromFile', key='gt'),
    dict(type='mmagic.Resize', scale=(img_size, img_size), keys='gt'),
    dict(type='mmagic.Flip', keys='gt', flip_ratio=0.5,
         direction='horizontal'),
    dict(type='mmagic.PackInputs'),
]
val_pipeline = [
    dict(type='mmagic.LoadImageFromFile', key='gt'),
    dict(type='mmagic.Resize', scale=(img_size, img_size), keys='gt'),
    dict(type='mmagic.PackInputs'),
]
# Per GPU; 4 GPUs and 4 accumulation steps: 128 images per update.
train_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='mmagic.ImageNet', data_root=data_root,
                 data_prefix='train', ann_file='meta/train.txt',
                 classes=classes, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='mmagic.ImageNet', data_root=data_root,
                 data_prefix='test', ann_file='meta/test.txt',
                 classes=classes, test_mode=True, pipeline=val_pipeline))
test_dataloader = val_dataloader

# BigGAN-deep's Adam (G 1e-4, D 4e-4); --auto-scale-lr scales it for
# another number of GPUs or images per GPU.
optim_wrapper = dict(
    generator=dict(accumulative_counts=4,
                   optimizer=dict(type='Adam', lr=1e-4, betas=(0.0, 0.999),
                                  eps=1e-6)),
    discriminator=dict(accumulative_counts=4,
                       optimizer=dict(type='Adam', lr=4e-4,
                                      betas=(0.0, 0.999), eps=1e-6)))
auto_scale_lr = dict(base_batch_size=32, enable=False)

# One iteration is one discriminator micro-batch: the generator is updated
# every 2 x 4 iterations (12500 generator updates).
train_cfg = dict(by_epoch=False, max_iters=100000, val_interval=5000)
val_cfg = dict(type='mmagic.MultiValLoop')
test_cfg = dict(type='mmagic.MultiTestLoop')
val_evaluator = dict(
    type='mmagic.Evaluator',
    metrics=[
        dict(type='projects.FID', fake_nums=10000, real_nums=-1, sample_model='ema',
             real_stats=f'work_dirs/stats/stanford_dogs_crops_test_'
             f'{img_size}.npz'),
        dict(type='projects.IS', fake_nums=10000, sample_model='ema'),
    ])
test_evaluator = val_evaluator

default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=5000, save_best='FID/fid', rule='less'))
custom_hooks = [
    dict(type='RandomStateHook'),
    dict(type='SampleGridHook', interval=2500, fixed_input=True,
         vis_kwargs_list=dict(type='GAN', name='fake_img',
                              sample_model='ema/orig',
                              target_keys=['ema.fake_img', 'orig.fake_img'])),
]
