"""Roboflow COCO exports (e.g. Aquarium): detection with classes read from the export."""
from .dataset import RoboflowCocoDataset, roboflow_categories

__all__ = ['RoboflowCocoDataset', 'roboflow_categories']
