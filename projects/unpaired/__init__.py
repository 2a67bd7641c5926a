"""Image folders: unpaired domains in the CycleGAN layout (trainA/trainB/testA/
testB) and single folders of images in any format PIL and OpenCV read."""
from .dataset import UnpairedDomainsDataset
from .image_folder import IMAGE_EXTENSIONS, ImageFolderDataset, list_images

__all__ = ['IMAGE_EXTENSIONS', 'ImageFolderDataset', 'UnpairedDomainsDataset',
           'list_images']
