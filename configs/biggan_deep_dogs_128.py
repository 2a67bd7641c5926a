# configs/biggan_deep_dogs.py at 128 px: twice the images per GPU and half
# the accumulation (128 images per update on 4 GPUs, the generator updated
# every 2 x 2 iterations). mmagic's 128 px ImageNet BigGAN-deep for
# model.pretrained.checkpoint: biggan-deep_imagenet1k_128x128_cvt_hugging-
# face_rgb_20210728_111659-099e96f9.pth.
_base_ = './biggan_deep_dogs.py'

img_size = 128
model = dict(generator=dict(output_scale=img_size),
             discriminator=dict(discriminator=dict(input_scale=img_size)))

_train_pipeline = _base_.train_pipeline
_train_pipeline[1].scale = (img_size, img_size)
_val_pipeline = _base_.val_pipeline
_val_pipeline[1].scale = (img_size, img_size)
train_dataloader = dict(batch_size=16, dataset=dict(pipeline=_train_pipeline))
val_dataloader = dict(batch_size=32, dataset=dict(pipeline=_val_pipeline))
test_dataloader = val_dataloader

optim_wrapper = dict(generator=dict(accumulative_counts=2),
                     discriminator=dict(accumulative_counts=2))
auto_scale_lr = dict(base_batch_size=64)

_metrics = _base_.val_evaluator.metrics
_metrics[0].real_stats = (
    f'work_dirs/stats/stanford_dogs_crops_test_{img_size}.npz')
val_evaluator = dict(metrics=_metrics)
test_evaluator = val_evaluator
