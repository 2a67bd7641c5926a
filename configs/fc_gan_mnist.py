# A fully connected GAN on 28 x 28 MNIST (Goodfellow et al., 2014: MLP
# generator 100 -> 256 -> 512 -> 1024 -> 784 with tanh, MLP discriminator
# 784 -> 1024 -> 512 -> 256 -> 1 with LeakyReLU and dropout), vanilla BCE
# losses. fc_lsgan_mnist.py and fc_wgangp_mnist.py change the loss.
_base_ = './dcgan_mnist.py'

model = dict(
    loss_type='vanilla',
    generator=dict(_delete_=True, type='FCGenerator', noise_size=100,
                   img_shape=(1, 28, 28), hidden=(256, 512, 1024)),
    discriminator=dict(_delete_=True, type='FCDiscriminator',
                       img_shape=(1, 28, 28), hidden=(1024, 512, 256),
                       dropout=0.3))
