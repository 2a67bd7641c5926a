# YOLOX-nano (depthwise convolutions, 0.33 depth, 0.25 width, 416 px test
# size in mmdet; 640 here as the other recipes) on the Aquarium export, SGD.
_base_ = ['./yolox_s_aquarium.py']

model = dict(
    data_preprocessor=dict(batch_augments=[dict(
        type='BatchSyncRandomResize', random_size_range=(320, 640),
        size_divisor=32, interval=10)]),
    backbone=dict(widen_factor=0.25, use_depthwise=True),
    neck=dict(in_channels=[64, 128, 256], out_channels=64, num_csp_blocks=1,
              use_depthwise=True),
    bbox_head=dict(in_channels=64, feat_channels=64, use_depthwise=True))
