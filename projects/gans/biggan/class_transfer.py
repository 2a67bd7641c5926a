"""Start a class-conditional GAN from an ImageNet checkpoint, other classes.

Every tensor of the checkpoint loads as it is, except those indexed by the
1000 ImageNet classes (BigGAN-deep's ``shared_embedding.weight`` in the
generator, ``proj_y.weight`` and its spectral-norm vector in the
discriminator): of these, the rows of the ImageNet classes matching the
dataset's classes by WordNet id are kept, in the dataset's label order.
"""
import os.path as osp
import re
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
from mmengine.logging import print_log
from torch import Tensor, nn

from projects.core.engine.checkpoint import safe_load
from projects.core.registry import WEIGHT_INITIALIZERS

WNID = re.compile(r'^(n\d{8})(?:$|[-_ ])')


@lru_cache(maxsize=1)
def imagenet_wnids() -> Tuple[str, ...]:
    """The WordNet ids of the ImageNet-1k classes in label order (sorted),
    as timm ships them (``timm/data/_info/imagenet_synsets.txt``)."""
    from timm.data import ImageNetInfo
    return tuple(ImageNetInfo('imagenet-1k').label_names())


def class_wnid(name: str) -> Optional[str]:
    """The WordNet id a class name starts with (``n02085620``, a Stanford Dogs
    folder ``n02085620-Chihuahua``), else None."""
    match = WNID.match(name.strip())
    return match.group(1) if match else None


def dataset_wnids(wnids: Union[str, Sequence[str]]) -> List[str]:
    """WordNet ids of the dataset's classes in label order.

    Args:
        wnids: A file with one class per line, each starting with its WordNet
            id (``meta/wnids.txt`` of ``tools/crop_boxes.py`` for a COCO file
            whose categories carry a ``wnid``, as the Stanford Dogs converter
            writes), or the ids themselves (a dataset's ``metainfo['wnids']``).
    """
    source = 'wnids'
    if isinstance(wnids, str):
        source = wnids
        if not osp.isfile(wnids):
            raise FileNotFoundError(
                f'{wnids}: WordNet ids file not found (one class per line, '
                'e.g. meta/wnids.txt written by tools/crop_boxes.py)')
        with open(wnids) as f:
            wnids = [line.strip() for line in f if line.strip()]
    found = []
    for label, name in enumerate(wnids):
        wnid = class_wnid(name)
        if wnid is None:
            raise ValueError(
                f'{source}: class {label} "{name}" has no WordNet id: give '
                'a WordNet id ("n02085620") or a name that starts with one '
                '("n02085620-Chihuahua")')
        found.append(wnid)
    return found


def class_rows(wnids: Union[str, Sequence[str]],
               source_wnids: Optional[Sequence[str]] = None) -> List[int]:
    """For each dataset class, the index of its class in ``source_wnids``
    (default: ImageNet-1k)."""
    source_wnids = list(source_wnids or imagenet_wnids())
    index = {wnid: i for i, wnid in enumerate(source_wnids)}
    rows = []
    for label, wnid in enumerate(dataset_wnids(wnids)):
        if wnid not in index:
            raise ValueError(
                f'{wnids if isinstance(wnids, str) else "wnids"}: '
                f'class {label} ({wnid}) is not one of the '
                f'{len(source_wnids)} classes of the checkpoint')
        rows.append(index[wnid])
    return rows


def check_checkpoint(checkpoint: str, field: str = 'checkpoint') -> None:
    """Raise if ``checkpoint`` is no file, naming it and the config field."""
    if not osp.isfile(str(checkpoint)):
        raise FileNotFoundError(
            f'{field}: checkpoint not found: {checkpoint} (an mmagic '
            'BigGAN-deep ImageNet checkpoint, e.g. biggan-deep_imagenet1k_'
            '256x256_cvt_hugging-face_rgb_20210728_111735-28651569.pth; '
            f'set {field}=None to start from random weights)')


def load_state_dict(checkpoint: str,
                    field: str = 'checkpoint') -> Dict[str, Tensor]:
    """The state dict of a local checkpoint (``state_dict`` or the file).

    Args:
        checkpoint (str): The file.
        field (str): The config field that named it, for error messages.
    """
    check_checkpoint(checkpoint, field)
    ckpt = safe_load(checkpoint)
    state = ckpt.get('state_dict', ckpt) if isinstance(ckpt, dict) else None
    if not isinstance(state, dict):
        raise TypeError(f'{field}: {checkpoint} holds no state dict')
    return state


def with_prefix(state: Dict[str, Tensor], *prefixes: str
                ) -> Optional[Dict[str, Tensor]]:
    """The entries under the first prefix that has any, prefix removed."""
    for prefix in prefixes:
        sub = {key[len(prefix):]: value for key, value in state.items()
               if key.startswith(prefix)}
        sub.pop('steps', None)  # an EMA's counter
        if sub:
            return sub
    return None


def transfer_state(module: nn.Module, state: Dict[str, Tensor],
                   rows: Sequence[int], what: str = 'module') -> List[str]:
    """Load ``state`` into ``module``, keeping ``rows`` of class-indexed
    tensors; returns the names of the tensors whose rows were selected.

    A tensor whose shape differs from the module's in exactly one dimension,
    of size ``len(source classes)`` in ``state`` and ``len(rows)`` in the
    module, is class-indexed: ``index_select`` along that dimension. Any
    other difference (missing, unexpected or mismatched keys) is an error.
    """
    own = module.state_dict()
    missing = sorted(set(own) - set(state))
    unexpected = sorted(set(state) - set(own))
    if missing or unexpected:
        raise ValueError(
            f'{what}: the checkpoint does not match the network: missing '
            f'{missing[:5]} ({len(missing)} in all), unexpected '
            f'{unexpected[:5]} ({len(unexpected)} in all). '
            'Configure it as the checkpoint was trained (for mmagic\'s '
            'converted BigGAN-deep: base_channels=128, noise_size=128, '
            'shared_dim=128, sn_style=\'torch\')')
    index = torch.as_tensor(list(rows), dtype=torch.long)
    new, selected = {}, []
    for key, target in own.items():
        value = state[key]
        if value.shape != target.shape:
            dims = [d for d in range(value.ndim) if value.ndim == target.ndim
                    and value.shape[d] != target.shape[d]]
            if len(dims) != 1 or target.shape[dims[0]] != len(index):
                raise ValueError(
                    f'{what}: {key} has shape {tuple(value.shape)} in the '
                    f'checkpoint and {tuple(target.shape)} in the network; '
                    f'only the class dimension ({len(index)} classes) may '
                    'differ')
            if int(index.max()) >= value.shape[dims[0]]:
                raise ValueError(
                    f'{what}: {key} has {value.shape[dims[0]]} classes in the '
                    f'checkpoint, fewer than the class rows need')
            value = value.index_select(dims[0], index)
            selected.append(key)
        new[key] = value.to(target.dtype)
    module.load_state_dict(new)
    return selected


@WEIGHT_INITIALIZERS.register_module()
class ImageNetClassTransfer:
    """Weight initializer: a module from ``prefix`` of an ImageNet checkpoint,
    class-indexed rows picked by the dataset's WordNet ids.

    Usable as ``init_cfg=dict(type='ImageNetClassTransfer', ...)`` of any
    ``BaseModule``; :class:`projects.gans.biggan.BigGAN` uses it for
    mmagic's networks, which have no ``init_cfg``.

    Args:
        checkpoint (str): Local checkpoint file.
        wnids (str | list[str]): The dataset's WordNet ids, or a file of them
            (see :func:`dataset_wnids`).
        prefix (str | list[str]): Key prefix of the module in the checkpoint
            (the first one present is used). Defaults to ``'generator.'``.
        field (str): The config field of ``checkpoint``, for errors.
    """

    def __init__(self, checkpoint: str, wnids: Union[str, Sequence[str]],
                 prefix: Union[str, Sequence[str]] = 'generator.',
                 field: str = 'init_cfg.checkpoint'):
        check_checkpoint(checkpoint, field)
        self.checkpoint, self.field = checkpoint, field
        self.prefixes = [prefix] if isinstance(prefix, str) else list(prefix)
        self.rows = class_rows(wnids)

    def __call__(self, module: nn.Module,
                 state: Optional[Dict[str, Tensor]] = None) -> bool:
        """Load into ``module``; False if the checkpoint has no such prefix.
        ``state``: the checkpoint's state dict when already loaded."""
        if state is None:
            state = load_state_dict(self.checkpoint, self.field)
        sub = with_prefix(state, *self.prefixes)
        if sub is None:
            return False
        what = f'{self.checkpoint} ({"|".join(self.prefixes)})'
        selected = transfer_state(module, sub, self.rows, what)
        print_log(f'{what}: loaded into {type(module).__name__}; class rows '
                  f'of {len(self.rows)} ImageNet classes in {selected}',
                  logger='current')
        return True
