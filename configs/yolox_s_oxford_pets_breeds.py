# YOLOX-s on a Roboflow COCO export of Oxford Pets labelled by breed (37
# classes, read from the export: set data_root to the export's folder).
_base_ = ['./yolox_s_aquarium.py']

data_root = 'data/oxford_pets_breeds/'
model = dict(bbox_head=dict(num_classes=37))
train_dataloader = dict(dataset=dict(dataset=dict(data_root=data_root)))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = dict(dataset=dict(data_root=data_root))
