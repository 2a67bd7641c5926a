# YOLOX-nano (depthwise convolutions, 0.33 depth, 0.25 width, 416 px test
# size in mmdet; 640 here as the other recipes) on the Aquarium export, SGD.
_base_ = ['./yolox_s_aquarium.py']

img_scale = (640, 640)  # the base's (--cfg-options img_scale=... sets both)
model = dict(
    data_preprocessor=dict(batch_augments=[dict(
        type='BatchSyncRandomResize', size_divisor=32, interval=10,
        random_size_range=(img_scale[0] // 2, img_scale[0]))]),
    backbone=dict(widen_factor=0.25, use_depthwise=True),
    neck=dict(in_channels=[64, 128, 256], out_channels=64, num_csp_blocks=1,
              use_depthwise=True),
    bbox_head=dict(in_channels=64, feat_channels=64, use_depthwise=True))
