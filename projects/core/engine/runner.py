"""mmengine's Runner with checkpoints that load safely and survive kills."""
import glob
import os
import pickle
import os.path as osp
import re
from typing import Optional

from mmengine.dist import master_only
from mmengine.model import is_model_wrapper
from mmengine.runner import Runner as MMEngineRunner
from mmengine.runner.checkpoint import (_load_checkpoint,
                                        _load_checkpoint_to_model)

from projects.core.registry import RUNNERS
from .checkpoint import (BrokenCheckpointError, broken, check_fit, from_plain,
                         refused, safe_load, state_dict_of, to_plain)
from .fields import iter_fields
from .workers import die_with_parent

PARTIAL = '.partial'  # suffix of a checkpoint while it is being written
_STEP = re.compile(r'^(?:iter|epoch)_(\d+)\.pth$')


def load_file(filename: str, map_location='cpu'):
    """A checkpoint's contents: local files with :func:`safe_load`, other
    locations (URLs, ``torchvision://``) through mmengine, which uses torch's
    safe loading as well."""
    if osp.isfile(filename) or not is_url(filename):
        return safe_load(filename, map_location)
    return _load_checkpoint(filename, map_location=map_location)


def _pointer_target(work_dir: str) -> tuple:
    """``(path, problem)`` of what ``last_checkpoint`` names, resolved in
    ``work_dir`` when the recorded path is relative or gone (a moved run)."""
    pointer = osp.join(work_dir, 'last_checkpoint')
    if not osp.isfile(pointer):
        return None, f'{pointer} does not exist'
    with open(pointer) as f:
        recorded = f.read().strip()
    if not recorded:
        return None, f'{pointer} is empty'
    for path in (recorded, osp.join(work_dir, recorded),
                 osp.join(work_dir, osp.basename(recorded))):
        if osp.isfile(path):
            problem = broken(path)
            return (None, problem and f'{path}: {problem}') if problem \
                else (path, '')
    return None, f'{pointer} names {recorded}, which does not exist'


def find_resume_checkpoint(work_dir: str, warn) -> Optional[str]:
    """The checkpoint ``--resume`` continues from: the one ``last_checkpoint``
    names, else (with ``warn`` saying why) the newest complete
    ``iter_N.pth`` / ``epoch_N.pth`` in ``work_dir``; None if there is none."""
    for partial in glob.glob(osp.join(glob.escape(work_dir), '*' + PARTIAL)):
        warn(f'{partial}: an incomplete checkpoint left by a killed save; '
             'removed')
        try:
            os.remove(partial)
        except FileNotFoundError:  # another rank of the run removed it
            pass
    path, problem = _pointer_target(work_dir)
    if path:
        return path
    steps = []
    for name in os.listdir(work_dir) if osp.isdir(work_dir) else []:
        match = _STEP.match(name)
        if match:
            steps.append((int(match.group(1)), osp.join(work_dir, name)))
    skipped = []
    for _, candidate in sorted(steps, reverse=True):
        why = broken(candidate)
        if not why:
            later = f'; skipped {", ".join(skipped)}' if skipped else ''
            warn(f'{problem}: resuming from the newest complete checkpoint, '
                 f'{candidate}{later}')
            return candidate
        skipped.append(f'{candidate} ({why})')
    if skipped:
        raise BrokenCheckpointError(
            f'{work_dir}: no complete checkpoint to resume from ({problem}; '
            f'{"; ".join(skipped)})')
    return None


def is_url(path) -> bool:
    return bool(re.match(r'^\w+://', str(path)))


def checkpoint_fields(model_cfg) -> list:
    """``(dotted field, file or URL)`` of every ``checkpoint`` of the model
    config (``init_cfg`` pretrained weights)."""
    return [(f'model.{path}', value)
            for path, key, value in iter_fields(model_cfg)
            if key == 'checkpoint' and isinstance(value, str)]


@RUNNERS.register_module()
class Runner(MMEngineRunner):
    """mmengine's ``Runner`` whose checkpoints can never run code.

    - Saving: after every hook has added its part, the checkpoint becomes
      plain data (:func:`to_plain`); it is written to ``<name>.partial`` and
      moved into place, so ``last_checkpoint`` (written by the checkpoint hook
      after the save returns) names only complete files.
    - Loading (``--resume``, ``load_from``, ``tools/test.py``): torch's
      ``weights_only`` loading with its own allow-list; a refused file is one
      clear error. History buffers are rebuilt before any hook sees the file.
    - ``--resume`` without a path: the checkpoint ``last_checkpoint`` names,
      resolved inside the work dir, else the newest complete one, with a
      warning (:func:`find_resume_checkpoint`).
    - Dataloader workers exit when the runner's process dies
      (:mod:`.workers`).
    - ``load_strict = True`` (set by ``tools/test.py`` and
      ``tools/eval_gen.py`` unless ``--allow-partial-load``): weights that
      do not fit the model are an error with a short summary, not a
      randomly initialised model scored.
    """

    load_strict = False

    def _init_model_weights(self) -> None:
        try:
            super()._init_model_weights()
        except pickle.UnpicklingError as err:  # mmengine's loader refused it
            files = [value for _, value in
                     checkpoint_fields(self.cfg.get('model'))]
            raise refused(', '.join(files) or 'an init_cfg checkpoint',
                          err) from None
        except OSError as err:  # URLError too: no network, or no such file
            fields = checkpoint_fields(self.cfg.get('model'))
            missing = [(field, value) for field, value in fields
                       if not is_url(value) and not osp.isfile(value)]
            if missing:
                named = '; '.join(f'{field}={path}' for field, path in missing)
                raise FileNotFoundError(
                    f'pretrained weights not found: {named}. Download them '
                    'and point the config at the file, e.g. --cfg-options '
                    f'{missing[0][0]}=/path/to/{osp.basename(missing[0][1])}'
                ) from None
            fields = [(field, value) for field, value in fields
                      if is_url(value)]
            if not fields:
                raise
            named = '; '.join(f'{field}={url}' for field, url in fields)
            raise RuntimeError(
                f'pretrained weights could not be downloaded ({err}): '
                f'{named}. On a machine without network, download the file '
                'elsewhere, copy it here and point the config at it, e.g. '
                f'--cfg-options {fields[0][0]}=/path/to/'
                f'{fields[0][1].rsplit("/", 1)[-1]}') from None

    @staticmethod
    def build_dataloader(dataloader, seed=None, diff_rank_seed=False):
        loader = MMEngineRunner.build_dataloader(dataloader, seed,
                                                 diff_rank_seed)
        die_with_parent(loader)
        return loader

    def call_hook(self, fn_name: str, **kwargs) -> None:
        if fn_name == 'after_load_checkpoint':
            from_plain(kwargs['checkpoint'])
        super().call_hook(fn_name, **kwargs)
        if fn_name == 'before_save_checkpoint':
            to_plain(kwargs['checkpoint'])

    @master_only
    def save_checkpoint(self, out_dir: str, filename: str, *args, **kwargs):
        if is_url(out_dir):  # remote storage: as mmengine
            return super().save_checkpoint(out_dir, filename, *args, **kwargs)
        super().save_checkpoint(out_dir, filename + PARTIAL, *args, **kwargs)
        os.replace(osp.join(out_dir, filename + PARTIAL),
                   osp.join(out_dir, filename))

    def load_or_resume(self) -> None:
        if self._resume and self._load_from is None and not self._has_loaded:
            found = find_resume_checkpoint(self.work_dir, self.logger.warning)
            if found is None:
                self.logger.warning(f'--resume: {self.work_dir} holds no '
                                    'checkpoint; training from the start')
                self._resume = False
            else:
                self.logger.info(f'Resuming from {found}')
                self._load_from = found
        path = self._load_from
        if (not self._resume and path and not self._has_loaded
                and not is_url(path) and not osp.isfile(path)):
            raise FileNotFoundError(
                f'load_from={path}: no such file (download the weights, or '
                'give the path of a local copy)')
        super().load_or_resume()

    def load_checkpoint(self, filename: str, map_location='cpu',
                        strict: bool = False,
                        revise_keys: list = [(r'^module.', '')]):
        # mmengine's body, with the safe loader.
        checkpoint = load_file(filename, map_location=map_location)
        self.call_hook('after_load_checkpoint', checkpoint=checkpoint)
        model = self.model.module if is_model_wrapper(self.model) \
            else self.model
        if self.load_strict:
            check_fit(model, state_dict_of(checkpoint, revise_keys), filename)
        checkpoint = _load_checkpoint_to_model(
            model, checkpoint, strict, revise_keys=revise_keys)
        self._has_loaded = True
        self.logger.info(f'Load checkpoint from {filename}')
        return checkpoint
