# YOLOX-s on Roboflow's Aquarium export (7 classes), 640 px, SGD: see
# _base_/yolox_roboflow.py. From COCO weights: --cfg-options
# load_from=checkpoints/yolox_s_8x8_300e_coco_20211121_095711-4592a793.pth
_base_ = ['./_base_/yolox_roboflow.py']
