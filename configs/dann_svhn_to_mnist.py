# DANN, SVHN (labelled) -> MNIST (unlabelled).
_base_ = ['./_base_/dann_digits_32.py']

source = dict(type='SVHNDigits', data_root='data/svhn/')
target = dict(type='MNISTDigits', data_root='data/mnist/')
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=dict(source=source, target=target))
test_dataloader = val_dataloader
