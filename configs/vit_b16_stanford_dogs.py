# ViT-B/16 (mmpretrain) fine-tuned on Stanford Dogs at 224 px from local
# ImageNet weights (set model.backbone.init_cfg.checkpoint): AdamW, cosine
# schedule with warm-up, batch 16, 10 epochs, flips.
_base_ = [
    './_base_/default_runtime.py', './_base_/datasets/stanford_dogs_cls.py'
]

model = dict(
    _scope_='mmpretrain',
    type='ImageClassifier',
    data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=120,
                           mean=[127.5] * 3, std=[127.5] * 3, to_rgb=True),
    backbone=dict(
        type='VisionTransformer', arch='b', img_size=224, patch_size=16,
        drop_path_rate=0.1,
        init_cfg=dict(type='Pretrained', prefix='backbone', checkpoint=(
            'checkpoints/vit-base-p16_in21k-pre-3rdparty_ft-in1k-384_'
            '20210928-98e8652b.pth'))),
    neck=None,
    head=dict(type='VisionTransformerClsHead', num_classes=120,
              in_channels=768, loss=dict(type='LabelSmoothLoss',
                                         label_smooth_val=0.1),
              topk=(1, 5)))
train_dataloader = dict(batch_size=16, sampler=dict(type='DefaultSampler', shuffle=True))
val_dataloader = dict(batch_size=32)
test_dataloader = val_dataloader
optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=1e-4, weight_decay=0.05),
    clip_grad=dict(max_norm=1.0),
    paramwise_cfg=dict(custom_keys={'.cls_token': dict(decay_mult=0.0),
                                    '.pos_embed': dict(decay_mult=0.0)}))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', by_epoch=True, begin=1, T_max=9),
]
auto_scale_lr = dict(base_batch_size=16, enable=False)
train_cfg = dict(by_epoch=True, max_epochs=10, val_interval=1)
val_cfg = dict()
test_cfg = dict()
default_hooks = dict(
    checkpoint=dict(by_epoch=True, interval=1, max_keep_ckpts=2,
                    save_best='accuracy/top1'),
    visualization=dict(type='mmpretrain.VisualizationHook', enable=False))
visualizer = dict(type='mmpretrain.UniversalVisualizer')
