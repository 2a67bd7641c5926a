"""Clean and robust accuracy of a classifier in tools/test.py."""
from typing import List, Sequence

import torch
from mmengine.evaluator import BaseMetric
from mmengine.model import is_model_wrapper
from mmengine.runner import TestLoop

from projects.core.registry import LOOPS, METRICS
from .attacks import build_attack, logits_of


@METRICS.register_module()
class RobustAccuracy(BaseMetric):
    """Top-1 accuracy in percent on the clean test images (``clean``, from
    the model's predictions) and under each attack (``pgd@8``, ...), the
    attacks run batch by batch on the model the :class:`RobustTestLoop`
    gives it.

    Args:
        attacks (list[dict]): e.g. ``[dict(type='FGSM', eps=8),
            dict(type='PGD', eps=8, steps=10)]``.
    """
    default_prefix = 'robust'

    def __init__(self, attacks: Sequence[dict], collect_device: str = 'cpu',
                 prefix=None):
        super().__init__(collect_device, prefix)
        self.attacks = [build_attack(cfg) for cfg in attacks]
        keys = [attack.key for attack in self.attacks]
        if len(set(keys)) != len(keys):
            raise ValueError(f'RobustAccuracy: two attacks share a name in '
                             f'{keys}')
        self.model = None

    def bind(self, model) -> None:
        self.model = model.module if is_model_wrapper(model) else model

    def process(self, data_batch: dict, data_samples: Sequence) -> None:
        if self.model is None:
            raise RuntimeError("RobustAccuracy attacks the model: set test_cfg"
                               " = dict(type='RobustTestLoop')")
        # the evaluator hands over the predictions as dicts
        labels = torch.cat([s['gt_label'] for s in data_samples])
        clean = torch.cat([s['pred_label'] for s in data_samples])
        inputs = self.model.data_preprocessor(data_batch, False)['inputs']
        labels = labels.to(inputs.device)
        result = dict(clean=(clean.to(labels) == labels).cpu())
        for attack in self.attacks:
            adversarial = attack(self.model, inputs, labels)
            with torch.no_grad():
                pred = logits_of(self.model, adversarial).argmax(1)
            result[attack.key] = (pred == labels).cpu()
        self.results.append(result)

    def compute_metrics(self, results: List[dict]) -> dict:
        return {key: torch.cat([r[key] for r in results]).float().mean().item()
                * 100 for key in results[0]}


@LOOPS.register_module()
class RobustTestLoop(TestLoop):
    """mmengine's ``TestLoop`` that hands the model to the metrics that
    attack it (:class:`RobustAccuracy`)."""

    def run(self) -> dict:
        for metric in self.evaluator.metrics:
            if hasattr(metric, 'bind'):
                metric.bind(self.runner.model)
        return super().run()
