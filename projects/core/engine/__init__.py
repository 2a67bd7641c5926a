"""Runner-level support: safe checkpoints, exact resume, launching, errors."""
from .checkpoint import (BrokenCheckpointError, UnsafeCheckpointError,
                         from_plain, safe_load, to_plain)
from .checkpoint_hook import CheckpointHook
from .curves_hook import CurvesHook
from .errors import UnknownTypeError, explain_unknown_types
from .launch import leave_process_group, setup_cpu_distributed
from .loops import EpochValIterBasedTrainLoop
from .random_state_hook import RandomStateHook
from .runner import Runner, find_resume_checkpoint
from .tools import build_runner, load_config, parse_runner_args

__all__ = [
    'BrokenCheckpointError', 'CheckpointHook', 'CurvesHook',
    'EpochValIterBasedTrainLoop', 'RandomStateHook', 'Runner',
    'UnknownTypeError', 'UnsafeCheckpointError', 'build_runner',
    'explain_unknown_types', 'find_resume_checkpoint', 'from_plain',
    'leave_process_group',
    'load_config', 'parse_runner_args', 'safe_load', 'setup_cpu_distributed',
    'to_plain'
]
