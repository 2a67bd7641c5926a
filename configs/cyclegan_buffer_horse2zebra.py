# CycleGAN on horse2zebra at 256 px (Zhu et al., 2017), the discriminators
# trained on current fakes plus as many from a 50-minibatch history of past
# fakes (buffer='pool' selects mmagic's swap pool instead). LSGAN losses,
# lambda_cycle 10, lambda_identity 5, Adam(beta1 0.5) with generator lr 1e-4
# and discriminator lr 2e-4, a 9-block ResNet generator, a 70x70 PatchGAN,
# instance norm. Sample grids of the test images (real, translated,
# reconstructed, identity); FID and KID of both directions after every epoch
# of the larger domain (local Inception weights: see
# projects/gan_metrics/README.md). KID is the better number on test sets of
# 120 / 140 images.
_base_ = ['./_base_/gan_runtime.py', './_base_/datasets/horse2zebra.py']

domain_a, domain_b = 'horse', 'zebra'
model = dict(
    type='BufferedCycleGAN',
    buffer='history',
    buffer_size=50,
    data_preprocessor=dict(type='mmagic.DataPreprocessor',
                           data_keys=[f'img_{domain_a}', f'img_{domain_b}']),
    generator=dict(type='projects.ResnetGenerator', in_channels=3, out_channels=3,
                   base_channels=64, norm_cfg=dict(type='IN'),
                   use_dropout=False, num_blocks=9, padding_mode='reflect',
                   init_cfg=dict(type='normal', gain=0.02)),
    discriminator=dict(type='projects.PatchDiscriminator', in_channels=3,
                       base_channels=64, num_conv=3, norm_cfg=dict(type='IN'),
                       init_cfg=dict(type='normal', gain=0.02)),
    loss_config=dict(cycle_loss_weight=10., id_loss_weight=5.),
    default_domain=domain_b,
    reachable_domains=[domain_a, domain_b],
    related_domains=[domain_a, domain_b])

optim_wrapper = dict(
    generators=dict(optimizer=dict(type='Adam', lr=1e-4, betas=(0.5, 0.999))),
    discriminators=dict(optimizer=dict(type='Adam', lr=2e-4,
                                       betas=(0.5, 0.999))))
auto_scale_lr = dict(base_batch_size=1, enable=False)

# 200 epochs of the 1,334 zebras; the learning rates decay linearly to 0
# over the second half, as in the paper.
max_iters = 266800
train_cfg = dict(type='EpochValIterBasedTrainLoop', max_iters=max_iters,
                 val_interval='epoch')
param_scheduler = dict(type='LinearLR', start_factor=1.0, end_factor=0.0,
                       begin=max_iters // 2, end=max_iters, by_epoch=False)

val_cfg = dict(type='mmagic.MultiValLoop')
test_cfg = dict(type='mmagic.MultiTestLoop')
val_evaluator = dict(
    type='mmagic.Evaluator',
    metrics=[
        dict(type=f'Translation{metric}', prefix=f'{metric}-{src}2{dst}',
             fake_nums=-1, real_nums=-1,  # every test image of each domain
             domains={domain_a: 'A', domain_b: 'B'},
             fake_key=f'fake_{dst}', real_key=f'img_{dst}')
        for metric in ('FID', 'KID')
        for src, dst in ((domain_a, domain_b), (domain_b, domain_a))
    ])
test_evaluator = val_evaluator

default_hooks = dict(logger=dict(interval=100),
                     checkpoint=dict(interval=10000, max_keep_ckpts=3))
custom_hooks = [
    dict(type='RandomStateHook'),
    dict(type='SampleGridHook', interval=1000, fixed_input=True,
         vis_kwargs_list=[
             dict(type='TranslationVal', name=f'{src}2{dst}', n_samples=4,
                  target_keys=[f'real_{src}', f'fake_{dst}', f'cycle_{src}',
                               f'identity_{src}'])
             for src, dst in ((domain_a, domain_b), (domain_b, domain_a))
         ]),
]
