# DANN, USPS (labelled) -> SVHN (unlabelled).
_base_ = ['./_base_/dann_digits_32.py']

# --cfg-options source_root=DIR target_root=DIR moves every dataloader.
source_root = 'data/usps/'
target_root = 'data/svhn/'
source = dict(type='USPSDigits', data_root=source_root)
target = dict(type='SVHNDigits', data_root=target_root)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=dict(source=source, target=target))
test_dataloader = val_dataloader
