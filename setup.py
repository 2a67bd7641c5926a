"""Install the plugins under ``projects/`` so configs run from any directory.

``projects`` is a namespace package (no ``__init__.py``), as in mmdetection,
mmpretrain and mmagic checkouts: their ``projects.<name>`` plugins and these
import side by side. Every plugin is a package of its own; what they share is
``projects.core``.
"""
from setuptools import find_namespace_packages, setup

setup(
    name='mm-projects',
    version='0.1.0',
    description='Plugins (datasets, models, metrics) for the OpenMMLab 2.x stack',
    packages=find_namespace_packages(include=['projects.*']),
    python_requires='>=3.9',
)
