"""Local Inception weights: where they are, that they are the right file,
and the network built from them. Nothing is downloaded."""
import hashlib
import os
import os.path as osp
import re
import warnings
import zipfile
from typing import Dict, Optional, Tuple

import torch
from torch import nn

from projects.core.engine.checkpoint import check_fit, safe_load
from .networks import FIDInceptionV3, StyleGANInception

ENV_VAR = 'INCEPTION_WEIGHTS'
WITHOUT_METRICS = ('To train without the FID/IS validation instead, add '
                   '--no-validate to tools/train.py.')
PYTORCH_FID_FILE = 'pt_inception-2015-12-05-6726825d.pth'
STYLEGAN_FILE = 'inception-2015-12-05.pt'
# The published files, their SHA-256 (None: not recorded here) and address.
PUBLISHED = {
    PYTORCH_FID_FILE: dict(
        sha256='6726825d0af5f729cebd5821db510b11'
        'b1cfad8faad88a03f1befd49fb9129b2',
        url='https://github.com/mseitzer/pytorch-fid/releases/download/'
        f'fid_weights/{PYTORCH_FID_FILE}'),
    STYLEGAN_FILE: dict(
        sha256=None,
        url='https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/'
        f'pretrained/metrics/{STYLEGAN_FILE}'),
}
# torch.hub's naming convention: the name ends in the SHA-256's first digits.
_HASH_IN_NAME = re.compile(r'-([0-9a-f]{8,64})\.[A-Za-z]+$')

_LOADED: Dict[Tuple[str, Optional[str]], nn.Module] = {}


def _where_to_get() -> str:
    return '; '.join(f'{name}: {info["url"]}'
                     for name, info in PUBLISHED.items())


def resolve_weights(path: Optional[str] = None) -> str:
    """The weights file: ``path``, else ``$INCEPTION_WEIGHTS``; it must exist.

    Raises:
        FileNotFoundError: naming the file, where to put it and where the
            published weights are.
    """
    path = path or os.environ.get(ENV_VAR)
    if not path:
        raise FileNotFoundError(
            'No Inception weights given: set `inception_path` in the metric '
            f'config (or --inception) or the {ENV_VAR} environment variable '
            f'to a local copy of one of the published files ({_where_to_get()}'
            f'). {WITHOUT_METRICS}')
    path = osp.expanduser(path)
    if not osp.isfile(path):
        name = osp.basename(path)
        published = PUBLISHED.get(name)
        source = (f'it is published at {published["url"]}' if published
                  else f'the published weights are {_where_to_get()}')
        raise FileNotFoundError(
            f'Inception weights file not found: {path}. Download it and put '
            f'it at {path} (or point `inception_path` / {ENV_VAR} at your '
            f'copy); {source}. {WITHOUT_METRICS}')
    return path


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, 'rb') as file:
        for chunk in iter(lambda: file.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


def expected_sha256(path: str, expected: Optional[str] = None
                    ) -> Optional[str]:
    """``expected``, else the published SHA-256 of the file's name, else the
    digits a torch.hub-style name ends with; None if there is none."""
    name = osp.basename(path)
    if expected is None:
        expected = (PUBLISHED.get(name) or {}).get('sha256')
    if expected is None and _HASH_IN_NAME.search(name):
        expected = _HASH_IN_NAME.search(name).group(1)
    return expected


def check_sha256(path: str, expected: Optional[str] = None) -> str:
    """Check the file's SHA-256 and return it.

    The expected value is ``expected``, else the published one for the
    file's name, else the digits a torch.hub-style name ends with
    (``name-<sha256 prefix>.pth``). A file with none of these is used with a
    warning that gives its hash to pin.
    """
    actual = file_sha256(path)
    expected = expected_sha256(path, expected)
    if expected is None:
        warnings.warn(
            f'{path}: no SHA-256 to check it against (not a published file '
            f'name); its SHA-256 is {actual}. Set `inception_sha256` to pin '
            'it. Scores are comparable to published ones only with the '
            f'published weights ({_where_to_get()}).')
    elif not actual.startswith(expected.lower()):
        raise ValueError(
            f'{path}: SHA-256 mismatch, expected {expected}, found {actual}. '
            'The file is corrupt, truncated or other weights; download it '
            f'again ({_where_to_get()}).')
    return actual


def _is_torchscript(path: str) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(name.split('/')[1:2] == ['code']
                   for name in archive.namelist())


def load_inception(path: Optional[str] = None,
                   sha256: Optional[str] = None) -> nn.Module:
    """The Inception network of a local weights file, checked and ready for
    inference (shared by every metric in the process that names the file).

    A TorchScript file is StyleGAN's network; any other is a state dict of
    pytorch-fid's.
    """
    path = osp.realpath(resolve_weights(path))
    key = (path, sha256)
    if key not in _LOADED:
        digest = check_sha256(path, sha256)
        if _is_torchscript(path):
            if expected_sha256(path, sha256) is None:
                raise ValueError(
                    f'{path}: a TorchScript file holds code as well as '
                    'weights, so it is loaded only when its SHA-256 is '
                    f'pinned: set `inception_sha256` (--inception-sha256) to '
                    f'{digest} if this is the file you meant.')
            net = StyleGANInception(torch.jit.load(path, map_location='cpu'))
        else:
            net = FIDInceptionV3()
            state = safe_load(path)
            check_fit(net, state, path, 'use pytorch-fid\'s Inception '
                      f'weights ({PYTORCH_FID_FILE})')
            net.load_state_dict(state)
            net.fuse_for_inference()
        net.sha256 = digest
        _LOADED[key] = net.eval().requires_grad_(False)
    return _LOADED[key]
