# yolox_s_oxford_pets_breeds.py on the export labelled by species (cat, dog).
_base_ = ['./yolox_s_oxford_pets_breeds.py']

data_root = 'data/oxford_pets_species/'
train_dataloader = dict(dataset=dict(dataset=dict(data_root=data_root)))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = dict(dataset=dict(data_root=data_root))
