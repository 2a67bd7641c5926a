"""Entry points for scripts and tests."""
import importlib

from mmengine import DefaultScope

from projects.core.registry import PLUGINS, SCOPE


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every plugin package so its modules are registered.

    Args:
        init_default_scope (bool): Also make ``projects`` the default scope,
            as a config with ``default_scope = 'projects'`` would.
    """
    for package in PLUGINS:
        importlib.import_module(package)
    if init_default_scope and DefaultScope.get_current_instance() is None:
        DefaultScope.get_instance(SCOPE, scope_name=SCOPE)
