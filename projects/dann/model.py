"""Domain-Adversarial Neural Network (Ganin et al., JMLR 2016)."""
from contextlib import ExitStack, contextmanager
from typing import List, Optional, Tuple, Union

import torch
import torch.nn.functional as F
from mmengine.logging import MessageHub
from mmengine.model import BaseModel
from mmpretrain.structures import DataSample

from projects.core.registry import MODELS
from .grl import reverse_grad
from .norm_stats import add_domain_stats, domain_stats
from .schedules import adaptation_weight


@MODELS.register_module()
class DANN(BaseModel):
    """Feature extractor, label predictor and a domain classifier behind a
    gradient reversal layer.

    The reversal coefficient follows lambda_p = 2 / (1 + exp(-gamma p)) - 1,
    with p = iteration / max_iters read from the runner's message hub, so it
    is right after resume. With ``adapt=False`` (or plain, unpaired batches)
    the model trains on labelled images only: the source-only and the
    train-on-target baselines are configs of this model.

    Args:
        backbone (dict): Feature extractor: ``DANNDigitNet`` or any backbone
            such as ``mmpretrain.ResNet`` (then add ``neck``).
        label_head (dict): Label predictor, e.g. ``MLPHead``.
        domain_head (dict, optional): Domain classifier with 2 outputs, on
            the features the label predictor reads (after ``neck``).
        neck (dict, optional): e.g. ``mmpretrain.GlobalAveragePooling``.
        backbone_domain_head (dict, optional): A second domain classifier, on
            the backbone's (flattened) features before ``neck``; its loss is
            added, so both levels are aligned. Defaults to None.
        backbone_domain_loss_weight (float): Its loss weight. Defaults to 1.
        adapt (bool): Train the domain classifier. Defaults to True.
        gamma (float): Steepness of the lambda_p schedule. Defaults to 10.
        domain_loss_weight (float): Defaults to 1.
        per_domain_norm (bool): Pass the source and the target batch through
            the feature extractor separately, so BatchNorm normalises each
            domain with its own statistics (as Ganin et al.'s and most
            re-implementations do). False: one concatenated batch. Defaults
            to True.
        domain_norm_stats (bool): With ``per_domain_norm``, keep the
            feature extractor's BatchNorm running statistics per domain
            (Chang et al., "Domain-Specific Batch Normalization", 2019; the
            affine parameters stay shared): test images are normalised with
            their domain's statistics (``data_samples[i].domain``, the
            target's when untagged) instead of a mix of both domains'.
            Defaults to False.
    """

    def __init__(self, backbone: dict, label_head: dict,
                 domain_head: Optional[dict] = None, neck: Optional[dict] = None,
                 adapt: bool = True, gamma: float = 10.0,
                 domain_loss_weight: float = 1.0, per_domain_norm: bool = True,
                 backbone_domain_head: Optional[dict] = None,
                 backbone_domain_loss_weight: float = 1.0,
                 domain_norm_stats: bool = False,
                 data_preprocessor: Optional[dict] = None, init_cfg=None):
        if data_preprocessor is None:
            data_preprocessor = dict(type='DomainDataPreprocessor')
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if adapt and domain_head is None:
            raise ValueError('DANN with adapt=True needs a domain_head config.')
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck else None
        self.label_head = MODELS.build(label_head)
        self.domain_head = MODELS.build(domain_head) if adapt else None
        self.backbone_domain_head = MODELS.build(
            backbone_domain_head) if adapt and backbone_domain_head else None
        self.gamma = gamma
        self.domain_loss_weight = domain_loss_weight
        self.backbone_domain_loss_weight = backbone_domain_loss_weight
        self.per_domain_norm = per_domain_norm
        if domain_norm_stats and not per_domain_norm:
            raise ValueError('domain_norm_stats=True needs per_domain_norm=True: '
                             'a concatenated batch has one set of statistics.')
        self.domain_norm_stats = domain_norm_stats and adapt
        if self.domain_norm_stats:
            for module in self._feature_extractor():
                add_domain_stats(module, 'target')

    def _feature_extractor(self) -> List[torch.nn.Module]:
        return [m for m in (self.backbone, self.neck) if m is not None]

    @contextmanager
    def _target_stats(self):
        """The feature extractor's BatchNorm uses the target's statistics."""
        with ExitStack() as stack:
            if self.domain_norm_stats:
                for module in self._feature_extractor():
                    stack.enter_context(domain_stats(module, 'target'))
            yield

    def extract_feat(self, x: torch.Tensor,
                     data_samples: Optional[List[DataSample]] = None
                     ) -> torch.Tensor:
        """The label predictor's input features; with ``domain_norm_stats``
        each sample normalised with its domain's statistics (``domain`` of
        its data sample; target when untagged)."""
        if not self.domain_norm_stats:
            return self._features(x)[1]
        is_source = torch.tensor(
            [sample.get('domain') == 'source' for sample in data_samples]
            if data_samples else [False] * len(x), device=x.device)
        parts, order = [], torch.arange(len(x), device=x.device)
        if is_source.any():
            parts.append(self._features(x[is_source])[1])
        if not is_source.all():
            with self._target_stats():
                parts.append(self._features(x[~is_source])[1])
        index = torch.cat([order[is_source], order[~is_source]])
        return torch.cat(parts)[index.argsort()]

    def _features(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """The backbone's and the label predictor's input features, flat."""
        backbone_feats = self.backbone(x)
        feats = backbone_feats if self.neck is None else self.neck(backbone_feats)
        return _flat(backbone_feats), _flat(feats)

    def forward(self, inputs, data_samples: Optional[List[DataSample]] = None,
                mode: str = 'tensor'):
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            return self.label_head(self.extract_feat(inputs))
        raise RuntimeError(f'Invalid mode "{mode}".')

    @staticmethod
    def training_progress() -> float:
        """p in [0, 1]: the runner's iteration over its max_iters (0 outside)."""
        hub = MessageHub.get_current_instance()
        max_iters = hub.get_info('max_iters')
        if not max_iters:
            return 0.0
        return min(hub.get_info('iter', 0) / max_iters, 1.0)

    def loss(self, inputs: Union[dict, torch.Tensor],
             data_samples: List[DataSample]) -> dict:
        labels = torch.cat([sample.gt_label for sample in data_samples])
        if self.domain_head is None or not isinstance(inputs, dict):
            source = inputs['source'] if isinstance(inputs, dict) else inputs
            logits = self.label_head(self._features(source)[1])
            return dict(loss_cls=F.cross_entropy(logits, labels))

        source, target = inputs['source'], inputs['target']
        if self.per_domain_norm:
            source_feats = self._features(source)
            with self._target_stats():
                target_feats = self._features(target)
            backbone_feats, feats = (torch.cat(level) for level in zip(
                source_feats, target_feats))
        else:
            backbone_feats, feats = self._features(torch.cat([source, target]))
        logits = self.label_head(feats[:len(source)])
        coeff = adaptation_weight(self.training_progress(), self.gamma)
        domain_labels = torch.cat([
            torch.zeros(len(source), dtype=torch.long),
            torch.ones(len(target), dtype=torch.long)
        ]).to(feats.device)
        losses = dict(loss_cls=F.cross_entropy(logits, labels),
                      lambda_p=torch.tensor(coeff))
        for suffix, head, level, weight in (
                ('', self.domain_head, feats, self.domain_loss_weight),
                ('_backbone', self.backbone_domain_head, backbone_feats,
                 self.backbone_domain_loss_weight)):
            if head is None:
                continue
            domain_logits = head(reverse_grad(level, coeff))
            losses['loss_domain' + suffix] = weight * F.cross_entropy(
                domain_logits, domain_labels)
            losses['domain_acc' + suffix] = (
                domain_logits.argmax(1) == domain_labels).float().mean().detach()
        return losses

    def predict(self, inputs: torch.Tensor,
                data_samples: Optional[List[DataSample]] = None) -> List[DataSample]:
        scores = F.softmax(
            self.label_head(self.extract_feat(inputs, data_samples)), dim=1)
        if data_samples is None:
            data_samples = [DataSample() for _ in range(len(scores))]
        for sample, score in zip(data_samples, scores):
            sample.set_pred_score(score).set_pred_label(score.argmax(keepdim=True))
        return data_samples


def _flat(feats) -> torch.Tensor:
    """The last of a backbone's outputs (or the only one), flattened."""
    if isinstance(feats, (tuple, list)):
        feats = feats[-1]
    return feats.flatten(1)
