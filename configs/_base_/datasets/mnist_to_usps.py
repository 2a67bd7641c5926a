# Digits domain adaptation, MNIST (labelled source) -> USPS (unlabelled
# target): PairedDomainDataset batches for adaptation methods, the USPS test
# split for evaluation. Grey 32 px (LeNet-5's input).
source_root = 'data/mnist/'  # --cfg-options source_root=DIR target_root=DIR
target_root = 'data/usps/'
digits = dict(img_size=32, to_rgb=False,
              pipeline=[dict(type='mmpretrain.PackInputs')])
source = dict(type='MNISTDigits', data_root=source_root, split='train', **digits)
target = dict(type='USPSDigits', data_root=target_root, split='train', **digits)
train_dataloader = dict(
    batch_size=64,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='PairedDomainDataset', source=source, target=target))
val_dataloader = dict(
    batch_size=256,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='USPSDigits', data_root=target_root, split='test',
                 test_mode=True, **digits))
test_dataloader = val_dataloader
val_evaluator = dict(type='mmpretrain.Accuracy', topk=(1, ))
test_evaluator = val_evaluator
