"""Embedded default data: procedural shapes for every kind of task."""
from .dataset import ToyShapesDataset
from .render import SHAPES, render_scene

__all__ = ['ToyShapesDataset', 'SHAPES', 'render_scene']
