# mmpretrain ResNet-18 classifier, ImageNet-pretrained backbone; set
# model.head.num_classes (and data_preprocessor.num_classes).
model = dict(
    _scope_='mmpretrain',
    type='ImageClassifier',
    data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=None,
                           mean=[123.675, 116.28, 103.53],
                           std=[58.395, 57.12, 57.375], to_rgb=True),
    backbone=dict(
        type='ResNet', depth=18, num_stages=4, out_indices=(3, ),
        style='pytorch',
        init_cfg=dict(
            type='Pretrained', prefix='backbone',
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'resnet/resnet18_8xb32_in1k_20210831-fbbb1da6.pth')),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=None, in_channels=512,
              loss=dict(type='CrossEntropyLoss'), topk=(1, 5)))

optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9,
                                    weight_decay=1e-4))
auto_scale_lr = dict(base_batch_size=32, enable=False)
val_cfg = dict()
test_cfg = dict()
