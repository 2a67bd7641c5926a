# digit_classifier_mnist_real_first.py with the synthetic half first.
_base_ = ['./digit_classifier_mnist_real_first.py']

train_dataloader = dict(dataset=dict(order='synthetic_first'))
