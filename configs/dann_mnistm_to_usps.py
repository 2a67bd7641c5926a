# DANN, MNISTM (labelled) -> USPS (unlabelled).
_base_ = ['./_base_/dann_digits.py']

# --cfg-options source_root=DIR target_root=DIR moves every dataloader.
source_root = 'data/mnist_m/'
target_root = 'data/usps/'
source = dict(type='MNISTMDigits', data_root=source_root)
target = dict(type='USPSDigits', data_root=target_root)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=dict(source=source, target=target))
test_dataloader = val_dataloader
