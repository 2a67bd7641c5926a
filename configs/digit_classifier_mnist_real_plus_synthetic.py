# The whole real MNIST training set plus as many CGAN digits (1x; for 2x
# set num_synthetic to twice the real size and generate twice as many).
_base_ = ['./digit_classifier_mnist_mix.py']

train_dataloader = dict(dataset=dict(real_fraction=None, num_synthetic=60000))
