# resnet50_stanford_dogs_crops.py on tools/crop_boxes.py --strategy square
# crops (the smallest square around each box, moved inside the image).
_base_ = ['./resnet50_stanford_dogs_crops.py']

crops_root = 'data/stanford_dogs_crops_square/'
train_dataloader = dict(dataset=dict(data_root=crops_root,
                                     classes=crops_root + 'meta/classes.txt'))
val_dataloader = dict(dataset=dict(data_root=crops_root,
                                   classes=crops_root + 'meta/classes.txt'))
test_dataloader = val_dataloader
