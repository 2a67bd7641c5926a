# Baseline: trained on SVHN labels only, tested on MNISTM.
_base_ = ['./dann_svhn_to_mnistm.py']

model = dict(adapt=False)
