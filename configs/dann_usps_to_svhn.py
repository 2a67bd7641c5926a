# DANN, USPS (labelled) -> SVHN (unlabelled).
_base_ = ['./_base_/dann_digits_32.py']

source = dict(type='USPSDigits', data_root='data/usps/')
target = dict(type='SVHNDigits', data_root='data/svhn/')
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=dict(source=source, target=target))
test_dataloader = val_dataloader
