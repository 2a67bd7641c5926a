# Baseline: trained on SVHN labels only, tested on MNIST.
_base_ = ['./dann_svhn_to_mnist.py']

model = dict(adapt=False)
