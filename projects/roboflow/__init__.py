"""Roboflow COCO exports (e.g. Aquarium): detection with classes read from
the export, any export layout, and a YOLOX head with finite boxes."""
from .dataset import RoboflowCocoDataset, roboflow_categories
from .layout import find_split, split_images
from .yolox_head import ClippedYOLOXHead

__all__ = ['ClippedYOLOXHead', 'RoboflowCocoDataset', 'find_split',
           'roboflow_categories', 'split_images']
