# DANN, MNIST (labelled) -> USPS (unlabelled).
_base_ = ['./_base_/dann_digits.py']

source = dict(type='MNISTDigits', data_root='data/mnist/')
target = dict(type='USPSDigits', data_root='data/usps/')
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=dict(source=source, target=target))
test_dataloader = val_dataloader
