# configs/cyclegan_buffer_horse2zebra.py at 128 px: a 6-block generator, as
# the CycleGAN paper uses for 128 px images.
_base_ = './cyclegan_buffer_horse2zebra.py'

img_size = 128
model = dict(generator=dict(num_blocks=6))

_train_pipeline = _base_.train_pipeline
_train_pipeline[2].transforms[0].scale = (img_size * 286 // 256, ) * 2
_train_pipeline[2].transforms[1].crop_size = (img_size, ) * 2
_test_pipeline = _base_.test_pipeline
_test_pipeline[2].transforms.scale = (img_size, ) * 2
train_dataloader = dict(dataset=dict(pipeline=_train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=_test_pipeline))
test_dataloader = val_dataloader
