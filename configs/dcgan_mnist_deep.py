# configs/dcgan_mnist.py with the report's deep networks: 4 (de)convolutions.
_base_ = './dcgan_mnist.py'

model = dict(generator=dict(depth='deep'), discriminator=dict(depth='deep'))
