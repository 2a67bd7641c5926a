"""The model's class count from its data.

A model field ``num_classes`` left ``None`` (``model.bbox_head``,
``model.roi_head.bbox_head``, ``model.head``, ``model.data_preprocessor``)
is set to the number of classes of the data, read from the first of the
train, val and test datasets that can be read; one given as a number must
agree with the data. The datasets are built with ``lazy_init=True`` (their
class list, not their samples): a dataset that defines ``peek_classes()``
(``CheckedCocoDataset``: its JSON's categories) answers with it, others with
their ``metainfo`` or, when only the samples know it, after ``full_init()``.
Datasets that cannot be built lazily (not an mmengine ``BaseDataset``) are
not read. Wrappers (``dataset=``, ``datasets=[...]``) are looked through.
A tool without the data (a demo from a checkpoint) calls
:func:`set_num_classes` with the checkpoint's ``dataset_meta`` classes.
"""
import inspect
import logging
from typing import List, Optional, Tuple

from mmengine.config import Config
from mmengine.dataset import BaseDataset
from mmengine.logging import print_log

FIELDS = ('bbox_head', 'roi_head.bbox_head', 'head', 'data_preprocessor')


class NumClassesError(ValueError):
    """The model's ``num_classes`` and its data disagree, or the data that
    should give it cannot be read."""


def class_fields(model: dict) -> List[Tuple[str, dict]]:
    """``(dotted field, dict holding it)`` for every ``num_classes`` of
    :data:`FIELDS` in the model config."""
    found = []
    for field in FIELDS:
        parts = [model]
        for key in field.split('.'):
            parts = [p.get(key) for p in parts if isinstance(p, dict)]
            parts = [q for p in parts
                     for q in (p if isinstance(p, (list, tuple)) else [p])]
        many = len(parts) > 1
        for i, part in enumerate(parts):
            if isinstance(part, dict) and 'num_classes' in part:
                name = f'{field}.{i}' if many else field
                found.append((f'model.{name}.num_classes', part))
    return found


def _innermost(dataset_cfg):
    while isinstance(dataset_cfg, dict):
        if isinstance(dataset_cfg.get('dataset'), dict):
            dataset_cfg = dataset_cfg['dataset']
        elif isinstance(dataset_cfg.get('datasets'), (list, tuple)):
            dataset_cfg = dataset_cfg['datasets'][0]
        else:
            return dataset_cfg
    return None


def _lazy_class(dataset_cfg: dict):
    from projects.core.registry import DATASETS
    cls = dataset_cfg.get('type')
    cls = cls if inspect.isclass(cls) else DATASETS.get(cls or '')
    if not (inspect.isclass(cls) and issubclass(cls, BaseDataset)):
        return None
    params = inspect.signature(cls).parameters.values()
    if any(p.name == 'lazy_init' or p.kind == p.VAR_KEYWORD for p in params):
        return cls
    return None


def dataset_classes(dataset_cfg) -> Optional[tuple]:
    """The class names of a dataset config (None if it cannot be read
    lazily); errors of the data itself are raised."""
    dataset_cfg = _innermost(dataset_cfg)
    if dataset_cfg is None or _lazy_class(dataset_cfg) is None:
        return None
    from projects.core.registry import DATASETS
    dataset = DATASETS.build(dict(dataset_cfg, lazy_init=True))
    if hasattr(dataset, 'peek_classes'):
        return tuple(dataset.peek_classes())
    classes = dataset.metainfo.get('classes')
    if classes is None:
        dataset.full_init()
        classes = dataset.metainfo.get('classes')
    return tuple(classes) if classes is not None else None


def data_classes(cfg: Config) -> Tuple[Optional[tuple], str, list]:
    """``(classes, which dataloader, problems)``: the classes of the first
    of the train, val and test datasets that can be read."""
    problems = []
    for phase in ('train', 'val', 'test'):
        loader = cfg.get(f'{phase}_dataloader')
        if not isinstance(loader, dict):
            continue
        try:
            classes = dataset_classes(loader.get('dataset'))
        except Exception as err:  # the data is missing or broken
            problems.append(f'{phase}_dataloader.dataset: {err}')
            continue
        if classes is not None:
            return classes, f'{phase}_dataloader.dataset', problems
    return None, '', problems


def resolve_num_classes(cfg: Config, strict: bool = True) -> None:
    """Set the model's ``num_classes`` fields that are None from the data's
    classes; raise :class:`NumClassesError` naming the field when a number
    given disagrees with them. When the data cannot be read, a None field is
    an error (``strict``) or left with a warning; given numbers are kept."""
    fields = class_fields(cfg.get('model') or {})
    if not fields:
        return
    path = cfg.filename or '<config>'
    classes, where, problems = data_classes(cfg)
    if classes is None:
        unset = [name for name, holder in fields
                 if holder['num_classes'] is None]
        if not unset:
            return
        why = problems[0] if problems else 'no dataset states its classes'
        message = (f'{path}: {unset[0]} is None (the number of classes of the '
                   f'data), but the data cannot be read: {why}. Point the '
                   'config at the data, or give the number, e.g. '
                   f'--cfg-options {unset[0]}=N')
        if strict:
            raise NumClassesError(message)
        print_log(message, logger='current', level=logging.WARNING)
        return
    set_num_classes(cfg, classes, where)


def set_num_classes(cfg: Config, classes, where: str) -> None:
    """Set the model's ``num_classes`` fields that are None to
    ``len(classes)`` (the classes of ``where``: a dataloader, a
    checkpoint's ``dataset_meta``); :class:`NumClassesError` for a number
    given that differs."""
    path, classes = cfg.filename or '<config>', tuple(map(str, classes))
    shown = ', '.join(classes[:8]) + (', ...' if len(classes) > 8 else '')
    for name, holder in class_fields(cfg.get('model') or {}):
        if holder['num_classes'] is None:
            holder['num_classes'] = len(classes)
            print_log(f'{path}: {name} = {len(classes)}, the classes of '
                      f'{where} ({shown})', logger='current')
        elif holder['num_classes'] != len(classes):
            raise NumClassesError(
                f'{path}: {name} is {holder["num_classes"]} but {where} has '
                f'{len(classes)} classes ({shown}). Leave it None in the '
                'config to take the number from the data, or select '
                'classes with the dataset\'s metainfo=dict(classes=...)')
