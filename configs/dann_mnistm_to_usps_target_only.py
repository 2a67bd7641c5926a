# Ceiling: trained on USPS labels (its train split), tested on USPS.
_base_ = ['./dann_mnistm_to_usps.py']

model = dict(adapt=False)
train_dataloader = dict(dataset=dict(source={{_base_.target}}))
