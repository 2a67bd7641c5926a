"""Roboflow COCO exports (e.g. Aquarium): detection with classes read from the export."""
