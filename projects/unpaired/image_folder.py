"""Folders of images in any format both PIL and OpenCV read."""
import os.path as osp

from mmagic.datasets import BasicImageDataset

from projects.core.bad_samples import BadSampleError, BadSamples, check_image
from projects.core.registry import DATASETS

# Read by PIL (check_image) and by OpenCV (mmcv's and mmagic's loaders):
# mmagic lists only .jpg .png .ppm .bmp .tif(f), so a folder of PGM faces
# (ORL) or WebP images looks empty to it.
IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.bmp', '.pbm',
                    '.pgm', '.ppm', '.pnm', '.tif', '.tiff', '.webp')


def list_images(backend, folder: str, recursive: bool = True) -> list:
    """Image paths under ``folder`` relative to it, sorted, listed with an
    mmengine file ``backend``; :class:`BadSampleError` naming the folder and
    the extensions looked for if there is none or it cannot be read."""
    try:  # mmengine's backends match suffixes case-sensitively: not here
        found = sorted(
            path for path in backend.list_dir_or_file(
                folder, list_dir=False, recursive=recursive)
            if osp.splitext(path)[1].lower() in IMAGE_EXTENSIONS)
    except (FileNotFoundError, NotADirectoryError):
        raise BadSampleError(folder, 'folder not found') from None
    except OSError as err:
        raise BadSampleError(folder, f'cannot be read ({err})') from None
    if not found:
        raise BadSampleError(folder, 'no images (extensions: '
                             f'{", ".join(IMAGE_EXTENSIONS)}, any case)')
    return found


@DATASETS.register_module()
class ImageFolderDataset(BasicImageDataset):
    """Every image under ``data_root`` (sub-folders too), for GANs.

    mmagic's ``BasicImageDataset`` (same ``<key>_path`` data info, so
    mmagic's pipelines work unchanged), reading every format of
    :data:`IMAGE_EXTENSIONS` in any case, e.g. ORL's ``s1/1.pgm``. Load with
    ``color_type='color'`` (mmagic's default) and grey images become three
    channels. An empty, missing or unreadable folder raises
    :class:`BadSampleError` naming it and the extensions; bad images raise
    naming the file, or are skipped with ``skip_bad_samples``.

    Args:
        data_root (str): The folder.
        pipeline (list): Data transforms.
        key (str): The data info key, ``gt`` for mmagic's GANs.
        recursive (bool): Look in sub-folders too.
        skip_bad_samples (bool): Skip bad images instead of raising.
        Other arguments as mmagic's (``data_prefix`` is ``{key: ''}``).
    """

    def __init__(self, data_root: str, pipeline=(), key: str = 'gt',
                 recursive: bool = True, skip_bad_samples: bool = False,
                 **kwargs):
        self.skip_bad_samples = skip_bad_samples
        self.bad_samples = []
        super().__init__(data_root=data_root, data_prefix={key: ''},
                         pipeline=list(pipeline), recursive=recursive,
                         **kwargs)

    def _get_path_list_from_folder(self):
        folder = self.data_prefix[self.search_key]
        bad = BadSamples(self.skip_bad_samples, type(self).__name__)
        paths = list_images(self.file_backend, folder, self.recursive)
        kept = []
        for path in paths:
            with bad.guard():
                check_image(osp.join(folder, path))
                kept.append(path)
        bad.log(len(paths))
        self.bad_samples += bad.errors
        return kept
