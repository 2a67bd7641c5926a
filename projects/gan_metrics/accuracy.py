"""Inception accuracy: a pretrained classifier's accuracy on the classes a
conditional GAN was asked for, beside its accuracy on real images."""
from typing import Dict, Optional, Sequence, Tuple, Union

import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.dist import broadcast_object_list, is_main_process
from mmengine.model import BaseModel
from mmengine.registry import MODELS, DefaultScope
from torch import Tensor, nn
from torch.utils.data import DataLoader

from projects.core.engine.checkpoint import load_weights
from projects.core.registry import METRICS
from .base import SeededGenerativeMetric
from .features import gather_in_order, real_batches


def build_classifier(classifier: Union[nn.Module, dict]) -> nn.Module:
    """A classifier from ``dict(config=path_or_dict, checkpoint=...)`` (any
    mmpretrain or framework config with a ``model``), ``dict(model=cfg,
    checkpoint=..., scope=...)``, or a module as it is."""
    if isinstance(classifier, nn.Module):
        return classifier
    spec = dict(classifier)
    checkpoint = spec.pop('checkpoint', None)
    if 'config' in spec:
        config = spec.pop('config')
        config = Config.fromfile(config) if isinstance(config, str) \
            else Config(config)
        model_cfg, scope = config.model, config.get('default_scope')
    elif 'model' in spec:
        model_cfg, scope = spec.pop('model'), spec.pop('scope', None)
    else:
        raise KeyError('classifier needs `config` (a config file with a '
                       f'model) or `model` (a model config), got {spec}')
    if spec:
        raise KeyError(f'classifier: unknown keys {sorted(spec)}')
    with DefaultScope.overwrite_default_scope(scope):
        model = MODELS.build(model_cfg)
    if checkpoint:
        load_weights(model, checkpoint)
    return model


def classifier_logits(classifier: nn.Module, images: Tensor,
                      resize: Optional[Union[int, Tuple[int, int]]] = None
                      ) -> Tensor:
    """A classifier's logits of BGR images in [0, 255]: a ``BaseModel``
    through its own data preprocessor, any other module on the images as
    floats (resized first with ``resize``, bilinear and antialiased)."""
    images = images.float()
    if resize:
        images = F.interpolate(images, size=resize, mode='bilinear',
                               align_corners=False, antialias=True)
    with torch.inference_mode():
        if isinstance(classifier, BaseModel):
            data = classifier.data_preprocessor(dict(inputs=images), False)
            return classifier(data['inputs'], mode='tensor')
        return classifier(images.to(next(classifier.parameters()).device))


def per_class_accuracy(pred: Tensor, target: Tensor, num_classes: int
                       ) -> Tuple[float, list]:
    """Overall and per-class accuracy in percent (NaN for an absent class)."""
    correct = (pred == target).double()
    per_class = [correct[target == c].mean().item() * 100
                 if (target == c).any() else float('nan')
                 for c in range(num_classes)]
    return correct.mean().item() * 100, per_class


@METRICS.register_module()
class InceptionAccuracy(SeededGenerativeMetric):
    """Accuracy of a pretrained classifier on class-conditional samples.

    Sample ``i`` is generated for class ``i % num_classes`` (class balanced
    when ``fake_nums`` is a multiple of the number of classes); the metric
    is the share the classifier puts in that class, overall and per class.
    The same classifier's accuracy on ``real_nums`` images of the
    evaluator's dataset (its test split: their ``gt_label``) is reported
    beside it as the ceiling (``accuracy_real``). Generated and real images
    are fed to the classifier the same way: a ``BaseModel`` through its own
    data preprocessor, any other module as BGR floats in [0, 255].

    Args:
        classifier (dict | nn.Module): See :func:`build_classifier`.
        fake_nums (int): Number of generated samples.
        real_nums (int): Number of real images, -1 for all, 0 for no
            ceiling. Defaults to -1.
        resize (int | tuple, optional): Resize images to the classifier's
            input size first (bilinear, antialiased).
        Other arguments as :class:`SeededGenerativeMetric`.
    """
    default_prefix = 'InceptionAccuracy'

    def __init__(self, classifier: Union[nn.Module, dict], fake_nums: int,
                 real_nums: int = -1,
                 resize: Optional[Union[int, Tuple[int, int]]] = None,
                 **kwargs):
        super().__init__(fake_nums, real_nums=real_nums, **kwargs)
        self.classifier = build_classifier(classifier).eval()
        self.resize = resize
        self.num_classes = None
        self.class_names = []
        self.real_accuracy: Dict[str, float] = {}

    def classify(self, images: Tensor) -> Tensor:
        """Predicted classes (on CPU) of BGR images in [0, 255]."""
        return classifier_logits(self.classifier, images, self.resize
                                 ).argmax(dim=1).cpu()

    def prepare(self, module: nn.Module, dataloader: DataLoader) -> None:
        self.num_classes = getattr(module, 'num_classes', None)
        if not self.num_classes:
            raise TypeError(
                f'InceptionAccuracy needs a class-conditional generator; '
                f'{type(module).__name__} has no num_classes')
        names = dataloader.dataset.metainfo.get('classes') or []
        self.class_names = (list(names) if len(names) == self.num_classes
                            else [str(c) for c in range(self.num_classes)])
        self.classifier.to(module.data_preprocessor.device)
        if self.real_accuracy or not self.real_nums:
            return
        local = [torch.stack([self.classify(images), labels.cpu()], dim=1)
                 for images, labels in real_batches(
                     dataloader, module.data_preprocessor, self.real_nums,
                     self.real_key, with_labels=True)]
        num = len(dataloader.dataset) if self.real_nums == -1 \
            else self.real_nums
        results = gather_in_order(torch.cat(local), num)
        accuracy = [None]
        if is_main_process():
            accuracy = [self._report(results[:, 0], results[:, 1],
                                     'accuracy_real')]
        broadcast_object_list(accuracy)
        self.real_accuracy = accuracy[0]

    def process_fake(self, data_samples: Sequence[dict]) -> Tensor:
        # Quantised as the real images (and saved samples) are.
        images = torch.stack(self.fake_images(data_samples))
        return self.classify(images.round().clamp(0, 255))

    def _report(self, pred: Tensor, target: Tensor,
                key: str) -> Dict[str, float]:
        overall, per_class = per_class_accuracy(pred, target,
                                                self.num_classes)
        report = {key: overall}
        report.update({f'{key}/{name}': value
                       for name, value in zip(self.class_names, per_class)})
        return report

    def compute_metrics(self, results: Tensor) -> Dict[str, float]:
        target = torch.arange(len(results)) % self.num_classes
        return {**self._report(results, target, 'accuracy'),
                **self.real_accuracy}
