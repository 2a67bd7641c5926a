# The fully connected MNIST GAN with least-squares losses (Mao et al., 2017):
# targets 1 (real) and 0 (fake); the discriminator's accuracy threshold is 0.5.
_base_ = './fc_gan_mnist.py'

model = dict(loss_type='lsgan')
