# mmagic CycleGAN (LSGAN loss), with a 6-block, 32-channel ResNet generator at
# 128 px: a small horse2zebra model. Training only: for mmagic's TransFID /
# TransIS metrics (they download Inception weights) keep the base's
# val_dataloader and add val_cfg = dict(type='mmagic.MultiValLoop') and
# val_evaluator = dict(type='mmagic.Evaluator', metrics=[dict(
#     type='mmagic.TransFID', prefix='FID', fake_nums=140,
#     inception_style='PyTorch', real_key='img_zebra', fake_key='fake_zebra')])
_base_ = ['./_base_/gan_runtime.py', './_base_/datasets/horse2zebra.py']

img_size = 128
domain_a, domain_b = 'horse', 'zebra'
model = dict(
    _scope_='mmagic',
    type='CycleGAN',
    data_preprocessor=dict(type='DataPreprocessor',
                           data_keys=[f'img_{domain_a}', f'img_{domain_b}']),
    generator=dict(type='projects.ResnetGenerator', in_channels=3, out_channels=3,
                   base_channels=32, norm_cfg=dict(type='IN'),
                   use_dropout=False, num_blocks=6, padding_mode='reflect',
                   init_cfg=dict(type='normal', gain=0.02)),
    discriminator=dict(type='projects.PatchDiscriminator', in_channels=3,
                       base_channels=32, num_conv=3, norm_cfg=dict(type='IN'),
                       init_cfg=dict(type='normal', gain=0.02)),
    loss_config=dict(cycle_loss_weight=10., id_loss_weight=0.5),
    default_domain=domain_b,
    reachable_domains=[domain_a, domain_b],
    related_domains=[domain_a, domain_b])

_pipeline = _base_.train_dataloader.dataset.pipeline
_pipeline[2].transforms[0].scale = (img_size * 286 // 256, ) * 2
_pipeline[2].transforms[1].crop_size = (img_size, ) * 2
train_dataloader = dict(dataset=dict(pipeline=_pipeline))

optim_wrapper = dict(
    generators=dict(optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))),
    discriminators=dict(optimizer=dict(type='Adam', lr=2e-4,
                                       betas=(0.5, 0.999))))
auto_scale_lr = dict(base_batch_size=1, enable=False)
train_cfg = dict(by_epoch=False, max_iters=50000)
val_dataloader = val_cfg = val_evaluator = None
test_dataloader = test_cfg = test_evaluator = None
default_hooks = dict(logger=dict(interval=100), checkpoint=dict(interval=5000))
custom_hooks = [
    dict(type='RandomStateHook'),
    dict(type='SampleGridHook', interval=1000, fixed_input=True,
         vis_kwargs_list=dict(type='Translation', name='trans')),
]
