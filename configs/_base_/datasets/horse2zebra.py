# horse2zebra in the CycleGAN layout: trainA/ (horses), trainB/ (zebras),
# testA/, testB/. mmagic's unpaired pipeline, keys renamed to the domains.
data_root = 'data/horse2zebra/'
domain_a, domain_b = 'horse', 'zebra'
img_size = 256
key_mapping = dict(
    type='mmagic.KeyMapper',
    mapping={f'img_{domain_a}': 'img_A', f'img_{domain_b}': 'img_B'},
    remapping={f'img_{domain_a}': f'img_{domain_a}',
               f'img_{domain_b}': f'img_{domain_b}'})
pack_inputs = dict(type='mmagic.PackInputs',
                   keys=[f'img_{domain_a}', f'img_{domain_b}'],
                   data_keys=[f'img_{domain_a}', f'img_{domain_b}'])
train_pipeline = [
    dict(type='mmagic.LoadImageFromFile', key='img_A', color_type='color'),
    dict(type='mmagic.LoadImageFromFile', key='img_B', color_type='color'),
    dict(type='mmagic.TransformBroadcaster',
         mapping={'img': ['img_A', 'img_B']},
         auto_remap=True,
         share_random_params=True,
         transforms=[
             dict(type='mmagic.Resize', scale=(img_size * 286 // 256, ) * 2,
                  interpolation='bicubic'),
             dict(type='mmagic.Crop', keys=['img'], crop_size=(img_size, ) * 2,
                  random_crop=True),
         ]),
    dict(type='mmagic.Flip', keys=['img_A'], direction='horizontal'),
    dict(type='mmagic.Flip', keys=['img_B'], direction='horizontal'),
    key_mapping,
    pack_inputs,
]
test_pipeline = [
    dict(type='mmagic.LoadImageFromFile', key='img_A', color_type='color'),
    dict(type='mmagic.LoadImageFromFile', key='img_B', color_type='color'),
    dict(type='mmagic.TransformBroadcaster',
         mapping={'img': ['img_A', 'img_B']},
         auto_remap=True,
         share_random_params=True,
         transforms=dict(type='mmagic.Resize', scale=(img_size, ) * 2,
                         interpolation='bicubic')),
    key_mapping,
    pack_inputs,
]
# cover_larger_domain: every zebra once per epoch, horses re-sampled.
train_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='UnpairedDomainsDataset', data_root=data_root,
                 cover_larger_domain=True, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='UnpairedDomainsDataset', data_root=data_root,
                 test_mode=True, pipeline=test_pipeline))
test_dataloader = val_dataloader
