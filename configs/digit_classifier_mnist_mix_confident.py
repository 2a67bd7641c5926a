# digit_classifier_mnist_mix.py with the synthetic digits a classifier was
# most confident about, per class (generate them with --classifier
# configs/digit_classifier_mnist.py --classifier-checkpoint CLS.pth).
_base_ = ['./digit_classifier_mnist_mix.py']

train_dataloader = dict(dataset=dict(selection='confident'))
