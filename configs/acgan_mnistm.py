# ACGAN on MNIST-M (colour digits on photo patches) at 28 x 28: labels into the
# generator, an auxiliary classifier head on the discriminator, class loss on
# real and fake images.
_base_ = './cgan_mnist.py'

data_root = 'data/mnist_m/'
model = dict(
    condition='acgan',
    data_preprocessor=dict(mean=[127.5] * 3, std=[127.5] * 3),
    generator=dict(out_channels=3),
    discriminator=dict(in_channels=3, condition='acgan'))
train_dataloader = dict(
    dataset=dict(type='MNISTMDigits', data_root=data_root, img_size=28))
test_dataloader = test_cfg = test_evaluator = None
