"""Walking a config: every ``(dotted field, key, value)`` it holds."""
from typing import Any, Iterator, Tuple


def iter_fields(cfg: Any, prefix: str = '') -> Iterator[Tuple[str, Any, Any]]:
    """Each entry of nested dicts and lists, depth first: its dotted path
    (``model.backbone.init_cfg.checkpoint``, list items as ``.0``), its key
    and its value."""
    if isinstance(cfg, dict):
        items = cfg.items()
    elif isinstance(cfg, (list, tuple)):
        items = enumerate(cfg)
    else:
        return
    for key, value in items:
        path = f'{prefix}.{key}' if prefix else str(key)
        yield path, key, value
        yield from iter_fields(value, path)
