# Ceiling: trained on MNIST labels (its train split), tested on MNIST.
_base_ = ['./dann_usps_to_mnist.py']

model = dict(adapt=False)
train_dataloader = dict(dataset=dict(source={{_base_.target}}))
