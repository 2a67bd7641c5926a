# Baseline: trained on MNIST labels only, tested on MNISTM.
_base_ = ['./dann_mnist_to_mnistm.py']

model = dict(adapt=False)
