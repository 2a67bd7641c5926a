# Embedded default data for image generation: one shape per image.
img_size = 32
# mmagic's GANs read real images from the `gt` key.
train_pipeline = [
    dict(type='mmagic.CopyValues', src_keys=['img', 'img_channel_order'],
         dst_keys=['gt', 'gt_channel_order']),
    dict(type='mmagic.PackInputs', keys=[]),
]
# The images are rendered once, into memory, when the dataset is built
# (0.6 s for 2,000): loading in the main process is cheapest. With 2 workers
# the per-image samples' trips between processes took 31% of each iteration
# on 2 CPU cores (0.054 of 0.176 s); in the main process 7% (0.008 of 0.120).
train_dataloader = dict(
    batch_size=64,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='ToyShapesDataset', num_samples=2000, img_size=img_size,
                 max_shapes=1, min_frac=0.4, max_frac=0.8, seed=0,
                 pipeline=train_pipeline))
