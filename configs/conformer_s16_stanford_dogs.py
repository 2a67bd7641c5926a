# The hybrid CNN + ViT variant: mmpretrain's Conformer-S/16 (a ResNet branch
# and a ViT branch exchanging features at every stage) fine-tuned on
# Stanford Dogs with the ViT-B/16 recipe, from local ImageNet weights.
_base_ = ['./vit_b16_stanford_dogs.py']

model = dict(
    backbone=dict(
        _delete_=True, type='Conformer', arch='small', patch_size=16,
        base_channels=64, drop_path_rate=0.1,
        init_cfg=dict(type='Pretrained', prefix='backbone', checkpoint=(
            'checkpoints/conformer-small-p16_3rdparty_8xb128_in1k_'
            '20211206-3065dcf5.pth'))),
    head=dict(_delete_=True, type='ConformerHead', num_classes=120,
              in_channels=[1024, 384], loss=dict(type='LabelSmoothLoss',
                                                 label_smooth_val=0.1),
              topk=(1, 5)))
