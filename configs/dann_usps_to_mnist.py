# DANN, USPS (labelled) -> MNIST (unlabelled).
_base_ = ['./_base_/dann_digits.py']

source = dict(type='USPSDigits', data_root='data/usps/')
target = dict(type='MNISTDigits', data_root='data/mnist/')
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=dict(source=source, target=target))
test_dataloader = val_dataloader
