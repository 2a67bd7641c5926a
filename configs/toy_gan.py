# The demo: a DCGAN (mmagic's networks, BCE losses) on the embedded toy shapes
# at 32 px, on CPU in a few minutes. Sample grids are saved every
# `sample_interval` iterations; the discriminator's mean outputs and real /
# fake accuracy are logged every iteration, histograms of its outputs saved
# every `sample_interval`.
_base_ = ['./_base_/gan_runtime.py', './_base_/datasets/toy_shapes_gen.py']

sample_interval = 250
model = dict(
    type='DCGANFamily',
    noise_size=64,
    data_preprocessor=dict(type='mmagic.DataPreprocessor', mean=[127.5] * 3,
                           std=[127.5] * 3),
    generator=dict(type='mmagic.DCGANGenerator', output_scale=32, out_channels=3,
                   base_channels=128),
    discriminator=dict(type='projects.DCGANDiscriminator', input_scale=32,
                       output_scale=4, out_channels=1, base_channels=32))

optim_wrapper = dict(
    generator=dict(optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))),
    discriminator=dict(optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))))
auto_scale_lr = dict(base_batch_size=64, enable=False)

train_cfg = dict(by_epoch=False, max_iters=1500)
val_cfg = None
test_cfg = None

default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(interval=500),
    disc_histogram=dict(interval=sample_interval))
custom_hooks = [
    dict(type='RandomStateHook'),
    dict(type='SampleGridHook', interval=sample_interval,
         fixed_input=True, vis_kwargs_list=dict(type='GAN', name='fake_img')),
]
