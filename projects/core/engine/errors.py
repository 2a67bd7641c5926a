"""Config errors that say what to fix."""
import difflib
import re
from contextlib import contextmanager
from typing import List, Optional

import mmengine.registry as mmengine_registry
from mmengine.registry import Registry

from .fields import iter_fields

_UNKNOWN_TYPE = re.compile(r'^(?P<type>\S+) is not in the '
                           r'(?:(?P<scope>\S+)::)?(?P<name>.+?) registry\.')


class UnknownTypeError(KeyError):
    """A config names a ``type`` that no registry it searched holds."""

    def __str__(self) -> str:
        return self.args[0]


def _root_registry(name: str) -> Optional[Registry]:
    for value in vars(mmengine_registry).values():
        if isinstance(value, Registry) and value.parent is None \
                and value.name == name:
            return value
    return None


def _tree(registry: Registry) -> List[Registry]:
    nodes = [registry]
    for child in registry.children.values():
        nodes.extend(_tree(child))
    return nodes


def _fields_with_type(cfg, obj_type: str) -> List[str]:
    """The dotted config keys whose ``type`` is ``obj_type``."""
    return [path for path, key, value in iter_fields(cfg)
            if key == 'type' and value == obj_type]


def describe_unknown_type(message: str, config_path: str,
                          cfg: Optional[dict] = None) -> Optional[str]:
    """Rewrite mmengine's "X is not in the registry" message, or None.

    With ``cfg``, the message also names the config fields that hold the type.
    """
    match = _UNKNOWN_TYPE.match(message)
    if match is None:
        return None
    obj_type, scope, name = match['type'], match['scope'], match['name']
    root = _root_registry(name)
    if root is None:
        return None
    if '.' in obj_type:  # a scope prefix: mmengine looked there instead
        scope = obj_type.split('.')[0]
    start = root._search_child(scope) if scope else root
    searched = []
    while start is not None:
        searched.append(f'{start.scope}::{start.name}')
        start = start.parent
    if not searched:  # a prefix that names no library
        scopes = sorted({registry.scope for registry in _tree(root)})
        close = difflib.get_close_matches(scope, scopes, n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ''
        searched = [f'none: no library has the scope "{scope}" (known: '
                    f'{", ".join(scopes)}){hint}']
    short_type = obj_type.split('.')[-1]
    holders, names = [], set()
    for registry in _tree(root):
        registry.import_from_location()
        names.update(registry.module_dict)
        if short_type in registry.module_dict:
            holders.append(registry.scope)
    fields = _fields_with_type(cfg, obj_type) if cfg is not None else []
    where = f' (in {", ".join(fields)})' if fields else ''
    lines = [f'{config_path}: unknown {name} type "{obj_type}"{where}.',
             f'Registries searched: {" -> ".join(searched)}.']
    if holders:
        lines.append(
            f'"{short_type}" is registered in scope(s) {", ".join(holders)}: '
            f'write type="{holders[0]}.{short_type}", or set '
            f'_scope_="{holders[0]}" on the dict that builds it.')
    else:
        close = difflib.get_close_matches(short_type, sorted(names), n=3)
        if close:
            lines.append(f'Did you mean: {", ".join(close)}?')
        lines.append('If it is your own class, register it in a plugin listed '
                     'in projects.core.registry.PLUGINS or import its module with '
                     'custom_imports in the config.')
    return '\n'.join(lines)


@contextmanager
def explain_unknown_types(config_path: str, cfg: Optional[dict] = None):
    """Turn mmengine's unknown-type ``KeyError`` into :class:`UnknownTypeError`."""
    try:
        yield
    except KeyError as err:
        if hasattr(cfg, 'to_dict'):  # an mmengine Config
            cfg = cfg.to_dict()
        message = describe_unknown_type(str(err.args[0]) if err.args else '',
                                        config_path, cfg)
        if message is None:
            raise
        raise UnknownTypeError(message) from err
