# The fully connected MNIST GAN as a WGAN-GP (Gulrajani et al., 2017): a
# critic without dropout or normalisation, gradient penalty 10, five critic
# updates per generator update, Adam(1e-4, betas 0.5 / 0.9).
_base_ = './fc_gan_mnist.py'

model = dict(loss_type='wgan-gp', gp_weight=10.0, discriminator_steps=5,
             discriminator=dict(dropout=0.0))
optim_wrapper = dict(
    generator=dict(optimizer=dict(lr=1e-4, betas=(0.5, 0.9))),
    discriminator=dict(optimizer=dict(lr=1e-4, betas=(0.5, 0.9))))
