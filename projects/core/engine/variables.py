"""Top-level config variables that ``--cfg-options`` sets where they are used.

A config names a value once at its top level (``data_root = 'data/x/'``,
``img_scale = (640, 640)``) and uses it in many places, some in its
``_base_`` files, some derived (``border=(-img_scale[0] // 2, ...)``). Python
has evaluated those uses by the time mmengine's ``merge_from_dict`` runs, so
``--cfg-options data_root=...`` would change the top-level key only. Here such
an option is written into the assignment itself, in every file of the
config's ``_base_`` chain that makes it, before the config is read: as if the
user had edited that line.
"""
import ast
import os
import os.path as osp
import shutil
import tempfile
from typing import Dict, List

from mmengine.config import Config


def _assignments(source: str) -> Dict[str, ast.Assign]:
    """The file's top-level ``name = value`` statements, by name."""
    found = {}
    for node in ast.parse(source).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            found[node.targets[0].id] = node
    return found


def _bases(path: str, source: str) -> List[str]:
    """The ``_base_`` files a config file names, as absolute paths; a
    library's configs (``mmdet::...``) stay where mmengine finds them."""
    node = _assignments(source).get('_base_')
    if node is None:
        return []
    value = ast.literal_eval(node.value)
    names = [value] if isinstance(value, str) else list(value)
    return [osp.normpath(osp.join(osp.dirname(path), name)) for name in names
            if '::' not in name]


def config_chain(path: str) -> Dict[str, str]:
    """Every file of a config's ``_base_`` chain (``path`` included) and its
    source text."""
    chain, todo = {}, [osp.abspath(path)]
    while todo:
        file = todo.pop()
        if file in chain:
            continue
        with open(file, encoding='utf-8') as f:
            chain[file] = f.read()
        todo += _bases(file, chain[file])
    return chain


def config_variables(path: str) -> set:
    """The names the config's files assign at their top level (``_base_``
    and dict-valued runner fields left out)."""
    names = set()
    for source in config_chain(path).values():
        for name, node in _assignments(source).items():
            if name != '_base_' and not isinstance(node.value, ast.Dict) and not (
                    isinstance(node.value, ast.Call)
                    and getattr(node.value.func, 'id', '') == 'dict'):
                names.add(name)
    return names


def _patched(source: str, values: dict) -> str:
    """``source`` with the assignments of ``values``' names rewritten."""
    lines = source.splitlines(keepends=True)
    nodes = sorted((node for name, node in _assignments(source).items()
                    if name in values), key=lambda node: -node.lineno)
    for node in nodes:  # bottom up, so line numbers stay valid
        name = node.targets[0].id
        lines[node.lineno - 1:node.end_lineno] = [f'{name} = {values[name]!r}\n']
    return ''.join(lines)


def fromfile_with_variables(path: str, values: dict) -> Config:
    """``Config.fromfile(path)`` with the top-level variables of ``values``
    assigned those values in every file of its chain (see module doc)."""
    chain = config_chain(path)
    root = osp.commonpath([osp.dirname(file) for file in chain])
    with tempfile.TemporaryDirectory(prefix='config_') as tmp:
        for file, source in chain.items():
            copy = osp.join(tmp, osp.relpath(file, root))
            os.makedirs(osp.dirname(copy), exist_ok=True)
            with open(copy, 'w', encoding='utf-8') as f:
                f.write(_patched(source, values))
            shutil.copystat(file, copy)
        cfg = Config.fromfile(osp.join(tmp, osp.relpath(osp.abspath(path), root)))
    return Config(cfg.to_dict(), filename=path)
