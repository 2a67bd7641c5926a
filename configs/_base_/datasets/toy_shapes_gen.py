# Embedded default data for image generation: one shape per image.
img_size = 32
# mmagic's GANs read real images from the `gt` key.
train_pipeline = [
    dict(type='mmagic.CopyValues', src_keys=['img', 'img_channel_order'],
         dst_keys=['gt', 'gt_channel_order']),
    dict(type='mmagic.PackInputs', keys=[]),
]
train_dataloader = dict(
    batch_size=64,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='ToyShapesDataset', num_samples=2000, img_size=img_size,
                 max_shapes=1, min_frac=0.4, max_frac=0.8, seed=0,
                 pipeline=train_pipeline))
