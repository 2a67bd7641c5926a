# Conditional GAN on MNIST: a label embedding concatenated to the noise, and
# to the discriminator's input as an extra channel. Noisy soft labels and the
# mode-seeking term: without it the generator ignores its noise and draws one
# image per class. An EMA of the generator's weights (mmagic's, momentum
# 0.001) draws the samples. benchmarks/cgan_mnist_inception_accuracy.py
# (classifier on 8,000 digits, 98.85% on 2,000 held-out real ones), inception
# accuracy of the EMA generator at 8,000 / 12,000 / 16,000 iterations: 98.04 /
# 98.56 / 98.75% (the trained generator at 16,000: 98.27%), every digit above
# 97%. tools/test.py scores inception accuracy: a digit classifier's accuracy
# on 1,000 generated images per class, beside its accuracy on the real test
# digits (train the classifier with configs/digit_classifier_mnist.py; pass
# its checkpoint with --cfg-options
# test_evaluator.metrics.0.classifier.checkpoint=PATH).
_base_ = './dcgan_mnist.py'

num_classes = 10
model = dict(
    condition='cgan',
    num_classes=num_classes,
    real_label=(0.85, 1.2),
    fake_label=(0.0, 0.3),
    mode_seeking_weight=1.0,
    ema_config=dict(type='mmagic.ExponentialMovingAverage', momentum=0.001),
    generator=dict(num_classes=num_classes, base_channels=32),
    discriminator=dict(num_classes=num_classes, condition='cgan',
                       base_channels=32))
train_cfg = dict(max_iters=16000)

test_dataloader = dict(
    _delete_=True,
    batch_size=100,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='MNISTDigits', data_root={{_base_.data_root}},
                 split='test', pipeline={{_base_.gan_pipeline}}))
test_evaluator = dict(
    _delete_=True,
    type='mmagic.Evaluator',
    metrics=[dict(type='InceptionAccuracy', fake_nums=10000, real_nums=-1,
                  sample_model='ema',
                  classifier=dict(config='configs/digit_classifier_mnist.py',
                                  checkpoint='work_dirs/digit_classifier_mnist/'
                                  'best_accuracy_top1_iter_3000.pth'))])
test_cfg = dict(_delete_=True, type='mmagic.MultiTestLoop')
