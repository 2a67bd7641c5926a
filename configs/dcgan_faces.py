# DCGAN on 64 x 64 faces (Radford et al., 2016: the standard 64 x 64 nets)
# from a folder of face images (e.g. aligned CelebA, or ORL's s1/1.pgm ...: any
# depth of folders, any format PIL and OpenCV read, grey images as 3 channels).
_base_ = './dcgan_mnist.py'

data_root = 'data/faces/'
img_size = 64
model = dict(
    data_preprocessor=dict(mean=[127.5] * 3, std=[127.5] * 3),
    generator=dict(_delete_=True, type='mmagic.DCGANGenerator',
                   output_scale=img_size, out_channels=3, base_channels=1024,
                   noise_size=100),
    discriminator=dict(_delete_=True, type='projects.DCGANDiscriminator',
                       input_scale=img_size, output_scale=4, out_channels=1,
                       base_channels=128))
train_pipeline = [
    dict(type='mmagic.LoadImageFromFile', key='gt', color_type='color'),
    dict(type='mmagic.Resize', scale=(img_size, img_size), keys='gt'),
    dict(type='mmagic.PackInputs', keys=[]),
]
train_dataloader = dict(
    batch_size=128,
    dataset=dict(_delete_=True, type='ImageFolderDataset', data_root=data_root,
                 pipeline=train_pipeline))
auto_scale_lr = dict(base_batch_size=128)
custom_hooks = [
    dict(type='RandomStateHook'),
    dict(type='SampleGridHook', interval=1000, fixed_input=True, n_samples=64,
         n_row=8, vis_kwargs_list=dict(type='GAN', name='fake_img')),
]

# FID and IS of 1,000 generated faces (the report's numbers) every 2,000
# iterations and in tools/test.py, FID against the first 1,000 images of the
# folder (local Inception weights: see projects/gan_metrics/README.md).
num_eval = 1000
val_pipeline = [
    dict(type='mmagic.LoadImageFromFile', key='gt', color_type='color'),
    dict(type='mmagic.Resize', scale=(img_size, img_size), keys='gt'),
    dict(type='mmagic.PackInputs', keys=[]),
]
val_dataloader = dict(
    _delete_=True,  # the base has none
    batch_size=64,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='ImageFolderDataset', data_root=data_root,
                 pipeline=val_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    _delete_=True,
    type='mmagic.Evaluator',
    metrics=[
        dict(type='projects.FID', fake_nums=num_eval, real_nums=num_eval),
        dict(type='projects.IS', fake_nums=num_eval),
    ])
test_evaluator = val_evaluator
train_cfg = dict(val_interval=2000)
val_cfg = dict(_delete_=True, type='mmagic.MultiValLoop')
test_cfg = dict(_delete_=True, type='mmagic.MultiTestLoop')
