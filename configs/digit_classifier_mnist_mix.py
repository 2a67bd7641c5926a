# The digit classifier of digit_classifier_mnist.py trained on real MNIST
# mixed with CGAN digits: as many images as the real training set, half of
# them real (random), half generated (equal per class, random), shuffled
# together. Generate the digits first:
#   python tools/generate_dataset.py configs/cgan_mnist.py CGAN.pth \
#       --per-class 6000 --out data/mnist_cgan/ [--classifier ...]
# Other mixes: --cfg-options train_dataloader.dataset.real_fraction=0.25,
# ...dataset.total=N; the variants below change order and selection.
_base_ = ['./digit_classifier_mnist.py']

synthetic_root = 'data/mnist_cgan/'
synthetic = dict(
    type='mmpretrain.CustomDataset',
    data_root=synthetic_root,
    data_prefix='train',
    ann_file='meta/train.txt',
    classes=synthetic_root + 'meta/classes.txt',
    pipeline=[dict(type='mmpretrain.LoadImageFromFile', color_type='grayscale'),
              dict(type='mmpretrain.PackInputs')])
train_dataloader = dict(dataset=dict(
    _delete_=True,
    type='RealSyntheticDataset',
    real={{_base_.train_dataloader.dataset}},
    synthetic=synthetic,
    real_fraction=0.5,
    selection='random',
    order='shuffled'))
