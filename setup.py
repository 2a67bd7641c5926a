"""Install the plugin code under ``projects/`` so configs run from any directory."""
from setuptools import find_packages, setup

setup(
    name='mm-projects',
    version='0.1.0',
    description='Plugins (datasets, models, metrics) for the OpenMMLab 2.x stack',
    packages=find_packages(include=['projects', 'projects.*']),
    python_requires='>=3.9',
)
