# A digit classifier for inception accuracy (configs/cgan_mnist.py): the
# 28 px network of the DANN paper trained on MNIST alone (DANN without
# adaptation), validated on the MNIST test split.
_base_ = ['./_base_/dann_digits.py']

source = dict(type='MNISTDigits', data_root='data/mnist/', img_size=28,
              to_rgb=False, pipeline=[dict(type='mmpretrain.PackInputs')])
model = dict(
    adapt=False,
    domain_head=None,
    backbone=dict(in_channels=1),
    data_preprocessor=dict(mean=[127.5], std=[127.5]))
train_dataloader = dict(dataset=dict(_delete_=True, **source, split='train'))
val_dataloader = dict(dataset=dict(_delete_=True, **source, split='test'))
test_dataloader = val_dataloader
val_evaluator = dict(_delete_=True, type='mmpretrain.Accuracy', topk=1)
test_evaluator = val_evaluator
train_cfg = dict(max_iters=3000, val_interval=1000)
default_hooks = dict(checkpoint=dict(save_best='accuracy/top1'))
