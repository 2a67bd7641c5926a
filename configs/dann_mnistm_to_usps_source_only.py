# Baseline: trained on MNISTM labels only, tested on USPS.
_base_ = ['./dann_mnistm_to_usps.py']

model = dict(adapt=False)
