# The ResNet-50 recipe of resnet50_stanford_dogs.py on the dog crops of
# tools/crop_boxes.py --strategy box (the exact boxes; run it with --split
# train and --split test). resnet50_stanford_dogs_crops_square.py: the
# square crops.
_base_ = ['./resnet50_stanford_dogs.py']

crops_root = 'data/stanford_dogs_crops/'
crops = dict(_delete_=True, type='mmpretrain.CustomDataset',
             data_root=crops_root, classes=crops_root + 'meta/classes.txt')
# The classes are those of meta/classes.txt (any crops of tools/crop_boxes.py,
# e.g. of a Roboflow export's boxes): None takes their number.
model = dict(data_preprocessor=dict(num_classes=None),
             head=dict(num_classes=None))
train_dataloader = dict(dataset=dict(
    **crops, data_prefix='train', ann_file='meta/train.txt',
    pipeline={{_base_.train_pipeline}}))
val_dataloader = dict(dataset=dict(
    **crops, data_prefix='test', ann_file='meta/test.txt',
    pipeline={{_base_.test_pipeline}}))
test_dataloader = val_dataloader
