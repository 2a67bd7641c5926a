"""Runner-level support: exact resume, safe checkpoint loading, launching."""
from .checkpoint import allow_mmengine_checkpoint_types
from .errors import UnknownTypeError, explain_unknown_types
from .launch import setup_cpu_distributed
from .random_state_hook import RandomStateHook

allow_mmengine_checkpoint_types()

__all__ = [
    'RandomStateHook', 'UnknownTypeError', 'allow_mmengine_checkpoint_types',
    'explain_unknown_types', 'setup_cpu_distributed'
]
