"""Adversarial training (Madry et al., 2018) for any classifier config."""
import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from projects.core.registry import HOOKS
from .attacks import build_attack, pixel_transform


def converts_channels(preprocessor) -> bool:
    """Whether the preprocessor flips BGR to RGB (``to_rgb`` of mmpretrain,
    ``bgr_to_rgb`` of mmengine and mmdet)."""
    return bool(getattr(preprocessor, 'to_rgb', False)
                or getattr(preprocessor, '_channel_conversion', False))


@HOOKS.register_module()
class AdversarialTrainingHook(Hook):
    """Replaces a share of each training batch by adversarial examples of
    the current model before the training step sees it, so any classifier
    config trains adversarially with one entry in ``custom_hooks``.

    The batch is preprocessed as at test time, attacked (the model in
    evaluation mode), and written back as float pixels in the dataset's
    channel order, so the training step's own preprocessing (normalisation,
    batch augmentations) then applies to the adversarial images. The
    random start is seeded with the attack's seed plus the iteration: runs
    resume exactly.

    Args:
        attack (dict): e.g. ``dict(type='PGD', eps=0.3, pixel_max=1,
            steps=7)``.
        ratio (float): Share of each batch replaced (the first images).
            Defaults to 1 (Madry et al.: adversarial examples only).
    """
    priority = 'HIGH'

    def __init__(self, attack: dict, ratio: float = 1.0):
        if not 0 < ratio <= 1:
            raise ValueError(f'AdversarialTrainingHook: ratio in (0, 1], got '
                             f'{ratio}')
        self.attack, self.ratio = build_attack(attack), ratio
        self.seed = self.attack.seed

    def before_train_iter(self, runner, batch_idx, data_batch=None) -> None:
        model = runner.model.module if is_model_wrapper(runner.model) \
            else runner.model
        if isinstance(data_batch['inputs'], dict):
            raise TypeError('AdversarialTrainingHook: batches of several '
                            'domains (domain adaptation) are not supported')
        data = model.data_preprocessor(data_batch, False)
        inputs = data['inputs']
        count = max(1, round(self.ratio * len(inputs)))
        labels = torch.cat([s.gt_label for s in data['data_samples']])
        self.attack.seed = self.seed + runner.iter
        adversarial = self.attack(model, inputs[:count],
                                  labels[:count].to(inputs.device))
        inputs = torch.cat([adversarial, inputs[count:]])
        mean, std = (t.to(inputs) for t in pixel_transform(model))
        pixels = inputs * std + mean
        if converts_channels(model.data_preprocessor):
            pixels = pixels.flip(1)  # back to the dataset's order
        data_batch['inputs'] = pixels
