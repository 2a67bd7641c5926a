# DANN, MNIST (labelled) -> MNISTM (unlabelled).
_base_ = ['./_base_/dann_digits.py']

source = dict(type='MNISTDigits', data_root='data/mnist/')
target = dict(type='MNISTMDigits', data_root='data/mnist_m/')
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=dict(source=source, target=target))
test_dataloader = val_dataloader
