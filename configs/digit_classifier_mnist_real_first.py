# digit_classifier_mnist_mix.py in two training phases: the real half
# first, then the synthetic half (PhasedSampler). 3000 iterations of 128
# images are ~3 passes over each part of a 60,000-image mix (the MNIST
# training set): set passes_per_phase to about
# max_iters * batch_size / (2 * mix size) for other sizes.
_base_ = ['./digit_classifier_mnist_mix.py']

train_dataloader = dict(
    sampler=dict(_delete_=True, type='PhasedSampler', passes_per_phase=3),
    dataset=dict(order='real_first'))
