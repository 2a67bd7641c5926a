"""Runner-level support: exact resume, safe checkpoint loading, launching."""
from .checkpoint import allow_mmengine_checkpoint_types
from .errors import UnknownTypeError, explain_unknown_types
from .launch import setup_cpu_distributed
from .random_state_hook import RandomStateHook
from .tools import build_runner, load_config, parse_runner_args

__all__ = [
    'RandomStateHook', 'UnknownTypeError', 'allow_mmengine_checkpoint_types',
    'build_runner', 'explain_unknown_types', 'load_config',
    'parse_runner_args', 'setup_cpu_distributed'
]
