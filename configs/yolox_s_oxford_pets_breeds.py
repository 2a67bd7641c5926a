# YOLOX-s on a Roboflow COCO export of Oxford Pets labelled by breed (37
# classes, read from the export, and so the head's outputs).
_base_ = ['./yolox_s_aquarium.py']

data_root = 'data/oxford_pets_breeds/'
train_dataloader = dict(dataset=dict(dataset=dict(data_root=data_root)))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = dict(dataset=dict(data_root=data_root))
