# DCGAN on 28 x 28 MNIST, the report's shallow networks (2 (de)convolutions,
# 5 x 5 kernels); configs/dcgan_mnist_deep.py has 4. Options of DCGANFamily:
# loss_type ('vanilla', 'lsgan', 'wgan-gp'), real_label=0.9 (one-sided label
# smoothing) or real_label=(0.85, 1.2) with fake_label=(0.0, 0.3) (noisy
# soft labels), the update ratio discriminator_steps / generator_steps, and
# mode_seeking_weight against collapse to one image per class.
_base_ = ['./_base_/gan_runtime.py']

data_root = 'data/mnist/'
depth = 'shallow'
model = dict(
    type='DCGANFamily',
    noise_size=100,
    loss_type='vanilla',
    real_label=1.0,
    fake_label=0.0,
    discriminator_steps=1,
    generator_steps=1,
    data_preprocessor=dict(type='mmagic.DataPreprocessor', mean=[127.5],
                           std=[127.5]),
    generator=dict(type='DigitGenerator', noise_size=100, depth=depth,
                   out_channels=1, base_channels=64),
    discriminator=dict(type='DigitDiscriminator', depth=depth, in_channels=1,
                       base_channels=64))

# mmagic's GANs read real images from the `gt` key.
gan_pipeline = [
    dict(type='mmagic.CopyValues', src_keys=['img'], dst_keys=['gt']),
    dict(type='mmagic.PackInputs', keys=[]),
]
train_dataloader = dict(
    batch_size=64,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='MNISTDigits', data_root=data_root, split='train',
                 pipeline=gan_pipeline))

optim_wrapper = dict(
    generator=dict(optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))),
    discriminator=dict(optimizer=dict(type='Adam', lr=2e-4,
                                      betas=(0.5, 0.999))))
auto_scale_lr = dict(base_batch_size=64, enable=False)
train_cfg = dict(by_epoch=False, max_iters=10000)
val_cfg = val_dataloader = val_evaluator = None
test_cfg = test_dataloader = test_evaluator = None

default_hooks = dict(logger=dict(interval=100),
                     checkpoint=dict(interval=2000))
custom_hooks = [
    dict(type='RandomStateHook'),
    dict(type='SampleGridHook', interval=1000, fixed_input=True, n_samples=100,
         n_row=10, vis_kwargs_list=dict(type='GAN', name='fake_img')),
]
