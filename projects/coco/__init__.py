"""COCO detection files checked before mmdet reads them (Stanford Dogs, Roboflow)."""
from .confusion import DetectionConfusionMatrix
from .dataset import BOX_TOLERANCE, CheckedCocoDataset, read_coco_json
from .fitness import FitnessCocoMetric, fitness

__all__ = ['BOX_TOLERANCE', 'CheckedCocoDataset', 'DetectionConfusionMatrix',
           'FitnessCocoMetric', 'fitness', 'read_coco_json']
