"""mmengine's CheckpointHook, deleting old checkpoints only after a new one
is complete."""
from mmengine.dist import is_main_process
from mmengine.hooks import CheckpointHook as MMEngineCheckpointHook

from projects.core.registry import HOOKS


@HOOKS.register_module()
class CheckpointHook(MMEngineCheckpointHook):
    """``CheckpointHook`` (same arguments) whose ``max_keep_ckpts`` removes
    the oldest checkpoint after the new one and ``last_checkpoint`` are
    written: mmengine removes it first, so with ``max_keep_ckpts=1`` a kill
    during the save left no checkpoint at all. Configs in the ``projects``
    scope get this hook by its usual name."""

    def _save_checkpoint_with_step(self, runner, step, meta):
        keep, stale = self.max_keep_ckpts, None
        if keep > 0 and not (self.keep_ckpt_ids
                             and self.keep_ckpt_ids[-1] == step):
            if len(self.keep_ckpt_ids) == keep:
                stale = self.keep_ckpt_ids.popleft()
            self.keep_ckpt_ids.append(step)
            runner.message_hub.update_info('keep_ckpt_ids',
                                           list(self.keep_ckpt_ids))
        self.max_keep_ckpts = -1  # mmengine's deletion, before the save, off
        try:
            super()._save_checkpoint_with_step(runner, step, meta)
        finally:
            self.max_keep_ckpts = keep
        if stale is not None and is_main_process():
            path = self.file_backend.join_path(
                self.out_dir, self.filename_tmpl.format(stale))
            if self.file_backend.isfile(path):
                self.file_backend.remove(path)
            elif self.file_backend.isdir(path):
                self.file_backend.rmtree(path)
