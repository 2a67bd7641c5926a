# Ceiling: trained on SVHN labels (its train split), tested on SVHN.
_base_ = ['./dann_usps_to_svhn.py']

model = dict(adapt=False)
train_dataloader = dict(dataset=dict(source={{_base_.target}}))
