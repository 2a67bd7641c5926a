"""Stanford Dogs: classification, detection (via COCO JSON) and box crops."""
from .breeds import BREEDS, FOLDERS, WNIDS, XML_NAMES
from .dataset import StanfordDogsDataset, StanfordDogsDetDataset
from .files import read_split, read_voc

__all__ = [
    'BREEDS', 'FOLDERS', 'WNIDS', 'XML_NAMES', 'StanfordDogsDataset',
    'StanfordDogsDetDataset', 'read_split', 'read_voc'
]
