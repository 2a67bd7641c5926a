from .history_buffer import FakeHistoryBuffer
from .model import BufferedCycleGAN
from .networks import PatchDiscriminator, ResnetGenerator

__all__ = [
    'BufferedCycleGAN', 'FakeHistoryBuffer', 'PatchDiscriminator',
    'ResnetGenerator'
]
