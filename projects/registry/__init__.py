"""mmengine imports ``<default_scope>.registry`` when it builds in a scope, so
this is where it finds the ``projects`` scope; the registries are
``projects.core.registry``'s."""
from projects.core.registry import *  # noqa: F401,F403
