# Baseline: trained on MNIST labels only, tested on USPS.
_base_ = ['./dann_mnist_to_usps.py']

model = dict(adapt=False)
