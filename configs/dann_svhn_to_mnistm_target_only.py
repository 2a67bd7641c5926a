# Ceiling: trained on MNISTM labels (its train split), tested on MNISTM.
_base_ = ['./dann_svhn_to_mnistm.py']

model = dict(adapt=False)
train_dataloader = dict(dataset=dict(source={{_base_.target}}))
