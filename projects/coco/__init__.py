"""COCO detection files checked before mmdet reads them (Stanford Dogs, Roboflow)."""
from .dataset import BOX_TOLERANCE, CheckedCocoDataset, read_coco_json

__all__ = ['BOX_TOLERANCE', 'CheckedCocoDataset', 'read_coco_json']
