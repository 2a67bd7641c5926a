# DANN on 32 px digits (pairs with SVHN): the paper's SVHN networks.
_base_ = ['./dann_digits.py']

img_size = 32
model = dict(
    backbone=dict(img_size=img_size, dropout=0.0),  # the paper's SVHN net
    neck=None,  # its heads read the 128-d conv features
    backbone_domain_head=None,  # domain_head reads them already
    label_head=dict(in_channels=128, hidden_channels=[3072, 2048]),
    domain_head=dict(in_channels=128, hidden_channels=[1024, 1024]))
train_dataloader = dict(dataset=dict(source=dict(img_size=img_size),
                                     target=dict(img_size=img_size)))
val_dataloader = dict(dataset=dict(source=dict(img_size=img_size),
                                   target=dict(img_size=img_size)))
test_dataloader = val_dataloader
