"""Config mistakes found when the runner is built, not after hours of training.

mmengine builds hooks and loops lazily and passes unknown hook arguments on
(``CheckpointHook(**kwargs)`` reaches ``save_checkpoint`` at the first save),
and ignores top-level keys nothing reads. Here every hook's and loop's
arguments are checked against its signature, and a top-level key that is
one typo away from a key the runner reads is reported. A hook's
``skip_type_keys`` must name transforms of the train pipeline as written.
"""
import difflib
import inspect
import logging
from typing import Iterable, List, Optional

from mmengine.config import Config
from mmengine.hooks import CheckpointHook
from mmengine.logging import print_log
from mmengine.registry import HOOKS, LOOPS
from mmengine.runner import Runner

# Keys the tools or mmengine read besides the Runner's own arguments.
OTHER_TOP_LEVEL = {'runner_type', 'launcher', 'custom_imports',
                   'model_wrapper_cfg', 'gpu_ids', 'filename'}
# What a loop's constructor gets from the runner, and keys mmengine pops.
LOOP_INTERNAL = {'runner', 'dataloader', 'evaluator', 'type', 'by_epoch'}


class ConfigKeyError(KeyError):
    """A config key that nothing will read: ``<file>: <key>: <problem>``."""

    def __str__(self) -> str:
        return self.args[0]


def _accepted(cls) -> Optional[set]:
    """The keyword arguments ``cls`` takes; None if it takes any."""
    params = inspect.signature(cls).parameters.values()
    names = {p.name for p in params
             if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    if any(p.kind == p.VAR_KEYWORD for p in params):
        if not issubclass(cls, CheckpointHook):
            return None
        # CheckpointHook's extra keywords go to Runner.save_checkpoint.
        names |= set(inspect.signature(Runner.save_checkpoint).parameters)
    return names


def _unknown(cfg: dict, cls, field: str, path: str, skip: Iterable[str]):
    accepted = _accepted(cls)
    if accepted is None:
        return
    for key in cfg:
        if key in accepted or key in skip:
            continue
        close = difflib.get_close_matches(key, sorted(accepted), n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ''
        raise ConfigKeyError(f'{path}: {field}.{key}: {cls.__name__} takes '
                             f'no argument "{key}"{hint}')


def _get(registry, type_name, scope):
    if not isinstance(type_name, str):
        return type_name  # a class given directly
    with registry.switch_scope_and_registry(scope) as reg:
        return reg.get(type_name)


def check_hooks(cfg: Config, path: str) -> None:
    """Every hook's arguments are ones its class takes."""
    scope = cfg.get('default_scope')
    hooks = [(f'default_hooks.{name}', hook)
             for name, hook in (cfg.get('default_hooks') or {}).items()]
    hooks += [(f'custom_hooks[{i}]', hook)
              for i, hook in enumerate(cfg.get('custom_hooks') or [])]
    for field, hook in hooks:
        if not isinstance(hook, dict) or 'type' not in hook:
            continue
        cls = _get(HOOKS, hook['type'], hook.get('_scope_', scope))
        if cls is not None:  # an unknown type fails at build, with its name
            _unknown(hook, cls, field, path, {'type', 'priority', '_scope_'})


def _loop_class(name: str, loop: dict, scope):
    if 'type' in loop:
        return _get(LOOPS, loop['type'], loop.get('_scope_', scope))
    if name == 'train_cfg':
        return LOOPS.get('EpochBasedTrainLoop' if loop.get('by_epoch')
                         else 'IterBasedTrainLoop')
    return LOOPS.get('ValLoop' if name == 'val_cfg' else 'TestLoop')


def check_loops(cfg: Config, path: str) -> None:
    """Every loop's arguments are ones its class takes."""
    for name in ('train_cfg', 'val_cfg', 'test_cfg'):
        loop = cfg.get(name)
        if not isinstance(loop, dict) or not loop:
            continue
        cls = _loop_class(name, loop, cfg.get('default_scope'))
        if cls is not None:
            _unknown(loop, cls, name, path, LOOP_INTERNAL | {'_scope_'})


def _type_name(type_) -> str:
    return type_ if isinstance(type_, str) else getattr(type_, '__name__', '')


def check_skip_type_keys(cfg: Config, path: str) -> None:
    """A hook's ``skip_type_keys`` (mmdet's ``YOLOXModeSwitchHook``) name
    transforms of the train dataset's ``pipeline`` as it writes them:
    ``MultiImageMixDataset`` compares the strings, so ``'Mosaic'`` never
    skips a ``type='mmdet.Mosaic'`` transform."""
    dataset = (cfg.get('train_dataloader') or {}).get('dataset') or {}
    pipeline = dataset.get('pipeline') if isinstance(dataset, dict) else None
    if not isinstance(pipeline, (list, tuple)):
        return
    types = [t['type'] for t in pipeline if isinstance(t, dict) and 'type' in t]
    scope = cfg.get('default_scope')
    for i, hook in enumerate(cfg.get('custom_hooks') or []):
        if not isinstance(hook, dict) or 'type' not in hook:
            continue
        cls = _get(HOOKS, hook['type'], hook.get('_scope_', scope))
        param = inspect.signature(cls).parameters.get('skip_type_keys') \
            if inspect.isclass(cls) else None
        default = None if param is None or param.default is param.empty \
            else param.default
        keys = hook.get('skip_type_keys', default)
        if not keys:
            continue
        field = f'custom_hooks[{i}].skip_type_keys'
        for key in keys:
            same = [t for t in types if isinstance(t, str) and t != key
                    and t.rsplit('.', 1)[-1] == key.rsplit('.', 1)[-1]]
            if key not in types and same:
                raise ConfigKeyError(
                    f'{path}: {field}: {key!r} skips nothing, as the train '
                    f'pipeline names it {same[0]!r} (the names are compared '
                    f'as written); use {same[0]!r}')
        if not set(keys) & set(types):
            raise ConfigKeyError(
                f'{path}: {field}: none of {list(keys)} is a type of '
                'train_dataloader.dataset.pipeline '
                f'({", ".join(map(_type_name, types))}): the hook skips '
                'nothing')


def near_miss_keys(cfg: Config) -> List[str]:
    """Warnings for top-level keys that are a typo of a key the runner reads
    (config variables such as ``data_root`` are left alone)."""
    known = set(inspect.signature(Runner.__init__).parameters) \
        | OTHER_TOP_LEVEL
    warnings = []
    for key in cfg.keys():
        if key in known or key.startswith('_'):
            continue
        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.85)
        if close:
            warnings.append(f'{key}: nothing reads this top-level key; did you '
                            f'mean "{close[0]}"? (it is ignored)')
    return warnings


def check_config(cfg: Config, path: str) -> None:
    """Raise :class:`ConfigKeyError` for hook and loop arguments nothing
    takes; warn about misspelt top-level keys."""
    for warning in near_miss_keys(cfg):
        print_log(f'{path}: {warning}', logger='current',
                  level=logging.WARNING)
    check_hooks(cfg, path)
    check_loops(cfg, path)
    check_skip_type_keys(cfg, path)
