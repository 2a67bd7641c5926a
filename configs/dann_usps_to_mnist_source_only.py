# Baseline: trained on USPS labels only, tested on MNIST.
_base_ = ['./dann_usps_to_mnist.py']

model = dict(adapt=False)
