"""Bad input, shared by the dataset plugins: one error type, one skip option.

Every dataset here takes ``skip_bad_samples`` (default False). A problem
with one sample (a missing, corrupt or truncated image, a malformed
annotation entry, a label outside the class list) raises
:class:`BadSampleError`, whose message is ``<file>: <what is wrong>``. With
``skip_bad_samples=True`` the sample is left out instead, and the dataset
logs how many were skipped and the first few reasons (WARNING, mmengine's
``print_log``) when it loads; the errors stay in ``dataset.bad_samples``.
A problem with a whole file (a missing split file, an unreadable annotation
file) always raises. Library-neutral: no OpenMMLab library but mmengine.
"""
import logging
import math
import os.path as osp
from contextlib import contextmanager
from typing import Tuple

from mmengine.logging import print_log
from PIL import Image


class BadSampleError(ValueError):
    """A file, or an entry in it, that cannot be used: ``<file>: <problem>``."""

    def __init__(self, path: str, problem: str):
        super().__init__(f'{path}: {problem}')
        self.path, self.problem = str(path), problem

    def __reduce__(self):  # picklable, e.g. from worker processes
        return type(self), (self.path, self.problem)


class NoUsableSamplesError(ValueError):
    """Every sample of a dataset was bad and skipped."""


class BadSamples:
    """Raise bad samples, or with ``skip=True`` record them for one summary.

    ``owner`` names the dataset in the summary; :meth:`guard` wraps the work
    on one sample, :meth:`log` reports at the end of loading.
    """

    def __init__(self, skip: bool, owner: str, show: int = 5):
        self.skip, self.owner, self.show = skip, owner, show
        self.errors = []

    @contextmanager
    def guard(self):
        """Run the block for one sample; its BadSampleError is raised or kept."""
        try:
            yield
        except BadSampleError as err:
            if not self.skip:
                raise
            self.errors.append(err)

    def log(self, total: int) -> None:
        """Warn how many of ``total`` samples were skipped, and why; raise
        :class:`NoUsableSamplesError` if that was all of them."""
        if not self.errors:
            return
        first = '\n  '.join(str(err) for err in self.errors[:self.show])
        more = len(self.errors) - self.show
        tail = f'\n  ... and {more} more' if more > 0 else ''
        if len(self.errors) >= total:
            raise NoUsableSamplesError(
                f'{self.owner}: no sample was usable: all {total} are bad '
                f'(skip_bad_samples=True skipped them). First reasons:\n  '
                f'{first}{tail}')
        print_log(f'{self.owner}: skipped {len(self.errors)} bad samples of '
                  f'{total} (skip_bad_samples=True):\n  {first}{tail}',
                  logger='current', level=logging.WARNING)


class BadEntries:
    """Entries of a file that cannot be used while the file and its samples
    are fine (a degenerate box): dropped and reported once per file, or with
    ``strict=True`` raised as :class:`BadSampleError`.

    ``what`` names the entries in the report (``'annotations'``).
    """

    def __init__(self, path: str, what: str, strict: bool = False,
                 show: int = 10):
        self.path, self.what, self.strict, self.show = path, what, strict, show
        self.problems = []

    def report(self, where: str, problem: str) -> None:
        """One bad entry: ``where`` it is and what is wrong."""
        if self.strict:
            raise BadSampleError(self.path, f'{where}: {problem} (strict=True)')
        self.problems.append(f'{where}: {problem}')

    def log(self, total: int) -> None:
        """Warn, once, which of ``total`` entries were dropped or fixed."""
        if not self.problems:
            return
        first = '\n  '.join(self.problems[:self.show])
        more = len(self.problems) - self.show
        tail = f'\n  ... and {more} more' if more > 0 else ''
        print_log(f'{self.path}: {len(self.problems)} of {total} {self.what} '
                  'cannot be used as they are: dropped, or clipped where '
                  f'said (strict=True makes them errors):\n  {first}{tail}',
                  logger='current', level=logging.WARNING)


def _tail(path: str, size: int = 1024) -> bytes:
    with open(path, 'rb') as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - size))
        return f.read()


def check_image(path: str) -> Tuple[int, int]:
    """``(width, height)`` of an image file, or :class:`BadSampleError`.

    Reads the header (PIL, no decoding) and, for JPEG and PNG, the last KiB
    for the end marker, so missing, unreadable and truncated images are found
    without decoding them. Damage inside the compressed data is not seen.
    """
    if not osp.isfile(path):
        raise BadSampleError(path, 'image file not found')
    try:
        with Image.open(path) as img:
            size, fmt = img.size, img.format
    except Exception as err:  # PIL raises several types for broken headers
        raise BadSampleError(path, f'not a readable image ({err})') from err
    # The end marker may be followed by padding some writers add.
    tail = _tail(path)
    if fmt == 'JPEG' and b'\xff\xd9' not in tail:
        raise BadSampleError(path, 'truncated JPEG (no end-of-image marker)')
    if fmt == 'PNG' and b'IEND' not in tail:
        raise BadSampleError(path, 'truncated PNG (no IEND chunk)')
    return size


def integer_label(value, path: str, where: str) -> int:
    """``value`` as an int, or :class:`BadSampleError` if it is not a whole
    finite number (a label 2.7 or NaN is a bad entry, not label 2)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BadSampleError(path, f'{where}: label {value!r} is not a '
                             'number') from None
    if not math.isfinite(number) or number != int(number):
        raise BadSampleError(path, f'{where}: label {value!r} is not an '
                             'integer')
    return int(number)
