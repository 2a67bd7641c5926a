# Baseline: trained on USPS labels only, tested on SVHN.
_base_ = ['./dann_usps_to_svhn.py']

model = dict(adapt=False)
