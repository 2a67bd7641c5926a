"""Output files that are complete or absent, never half written."""
import os
import os.path as osp
import re
from contextlib import contextmanager


@contextmanager
def written_whole(path: str, suffix: str = '.partial'):
    """Yield a temporary name beside ``path`` to write to; it is moved to
    ``path`` when the block ends without an error, so an interrupted run
    leaves no file that looks complete. A leftover temporary file of a
    killed run is replaced. ``suffix`` may keep an extension a writer adds
    (``'.partial.npz'`` for NumPy)."""
    partial = path + suffix
    if osp.lexists(partial):
        os.remove(partial)
    yield partial
    os.replace(partial, path)


def folder_name(name: str) -> str:
    """A class name as a folder name without spaces or separators."""
    return re.sub(r'[^\w.-]+', '_', name).strip('_') or 'class'
