# The source-only baseline of MNIST -> USPS adaptation: mmpretrain's LeNet-5
# trained on labelled MNIST alone, evaluated on USPS test.
_base_ = ['./_base_/default_runtime.py', './_base_/datasets/mnist_to_usps.py']

model = dict(
    _scope_='mmpretrain',
    type='ImageClassifier',
    data_preprocessor=dict(type='ClsDataPreprocessor', num_classes=10,
                           mean=[33.46], std=[78.87]),
    backbone=dict(type='LeNet5', num_classes=10),
    neck=None,
    head=dict(type='ClsHead', loss=dict(type='CrossEntropyLoss')))

train_dataloader = dict(dataset=dict(_delete_=True, **_base_.source))
optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9))
auto_scale_lr = dict(base_batch_size=64, enable=False)
train_cfg = dict(by_epoch=False, max_iters=3000, val_interval=1000)
val_cfg = dict()
test_cfg = dict()
default_hooks = dict(checkpoint=dict(save_best='accuracy/top1'))
