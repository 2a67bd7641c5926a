"""Rewrite a checkpoint in the safe form the project loads.

Checkpoints from before the project saved plain data, or from plain mmengine,
hold pickled objects (history buffers, NumPy values) that torch's safe
loading refuses. Unpickling them fully can run code, so this tool does it only
with ``--trust``, for files you made or got from a source you trust::

    python tools/convert_checkpoint.py OLD.pth NEW.pth --trust
"""
import argparse
import sys

import torch

from projects.core.engine.checkpoint import (UnsafeCheckpointError,
                                             safe_load, to_plain)
from projects.core.files import written_whole


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('src', help='the checkpoint to convert')
    parser.add_argument('dst', help='where to write the safe form')
    parser.add_argument('--trust', action='store_true',
                        help='unpickle SRC fully (can run code in the file)')
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    try:
        checkpoint = safe_load(args.src)
        print(f'{args.src} already loads safely; writing it as it is')
    except UnsafeCheckpointError as err:
        if not args.trust:
            print(f'{err}\nNothing written: pass --trust to unpickle it '
                  'fully, only if you trust where it came from.',
                  file=sys.stderr)
            return 1
        checkpoint = torch.load(args.src, map_location='cpu',
                                weights_only=False)
    if isinstance(checkpoint, dict):
        to_plain(checkpoint)
    with written_whole(args.dst) as partial:
        torch.save(checkpoint, partial)
    print(f'wrote {args.dst}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
