# The demo GAN scored by FID and Inception Score at the end of training and by
# tools/test.py or tools/eval_gen.py: 2048 generated samples against the 2048
# images of a held-out split (seed 1). Needs local Inception weights: set
# INCEPTION_WEIGHTS (or the metrics' inception_path) to pytorch-fid's
# pt_inception-2015-12-05-6726825d.pth, see projects/gan_metrics/README.md.
# On 2 CPU cores one evaluation takes about 15 minutes (Inception at 299 px).
_base_ = './toy_gan.py'

num_samples = 2048
val_pipeline = [
    dict(type='mmagic.CopyValues', src_keys=['img', 'img_channel_order'],
         dst_keys=['gt', 'gt_channel_order']),
    dict(type='mmagic.PackInputs', keys=[], data_keys=['gt_label']),
]
val_dataloader = dict(
    batch_size=64,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='ToyShapesDataset', num_samples=num_samples,
                 img_size={{_base_.img_size}}, max_shapes=1, min_frac=0.4,
                 max_frac=0.8, seed=1, pipeline=val_pipeline))
test_dataloader = val_dataloader

# Generated samples are seeded (the same in every run and process count);
# real statistics are written once to `real_stats` and read afterwards.
val_evaluator = dict(
    type='mmagic.Evaluator',
    metrics=[
        dict(type='projects.FID', fake_nums=num_samples, real_nums=-1,
             real_stats='work_dirs/toy_gan_fid/real_stats_seed1.npz'),
        dict(type='projects.IS', fake_nums=num_samples),
    ])
test_evaluator = val_evaluator

train_cfg = dict(val_interval={{_base_.train_cfg.max_iters}})
val_cfg = dict(_delete_=True, type='mmagic.MultiValLoop')
test_cfg = dict(_delete_=True, type='mmagic.MultiTestLoop')
