"""Crafted checkpoint files, written opcode by opcode into a torch zip, that
run code or corrupt shared state if an unpickler lets them."""
import struct
import zipfile
from pathlib import Path

import torch


def _str(text: str) -> bytes:  # BINUNICODE
    data = text.encode()
    return b'X' + struct.pack('<I', len(data)) + data


def _global(module: str, name: str) -> bytes:
    return f'c{module}\n{name}\n'.encode()


def _call(func: bytes, *args: bytes) -> bytes:  # func(*args) by REDUCE
    return func + b'(' + b''.join(args) + b't' + b'R'


def _getattr(obj: bytes, name: str) -> bytes:
    return _call(_global('builtins', 'getattr'), obj, _str(name))


def eval_payload(code: str) -> bytes:
    """``torch._tensor._rebuild_from_type_v2(eval, Tensor, (code,), {})``,
    ``eval`` reached as ``getattr(getattr(getattr, '__self__'), 'eval')``."""
    builtins = _getattr(_global('builtins', 'getattr'), '__self__')
    evaluate = _getattr(builtins, 'eval')
    rebuild = _global('torch._tensor', '_rebuild_from_type_v2')
    return _call(rebuild, evaluate, _global('torch', 'Tensor'),
                 b'(' + _str(code) + b't', b'}')


def builtins_overwrite_payload() -> bytes:
    """``getattr(builtins, '__dict__')['abs'] = repr`` by SETITEM."""
    builtins = _getattr(_global('builtins', 'getattr'), '__self__')
    namespace = _getattr(builtins, '__dict__')
    return namespace + _str('abs') + _global('builtins', 'repr') + b's'


def history_buffer_payload() -> bytes:
    """A ``HistoryBuffer`` whose BUILD rewrites the class-wide statistics."""
    cls = _global('mmengine.logging.history_buffer', 'HistoryBuffer')
    state = (b'}' + _str('_statistics_methods') + b'}' + _str('mean')
             + _global('builtins', 'max') + b's' + b's')
    return _call(cls) + state + b'b'


def write_crafted(path: Path, payload: bytes) -> Path:
    """A torch zip checkpoint ``{'state_dict': <payload>}``."""
    torch.save({}, path)
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info)
                   for info in archive.infolist()}
    pickle_name = next(name for name in entries if name.endswith('/data.pkl'))
    entries[pickle_name] = (b'\x80\x02}' + _str('state_dict') + payload
                            + b's.')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path
