"""Normalise the source and target images of a domain-adaptation batch."""
from mmpretrain.models import ClsDataPreprocessor

from projects.core.registry import MODELS


@MODELS.register_module()
class DomainDataPreprocessor(ClsDataPreprocessor):
    """mmpretrain's ``ClsDataPreprocessor`` applied to each domain.

    Paired batches (``inputs=dict(source=[...], target=[...])``, from
    ``PairedDomainDataset``) come out as ``dict(source=Tensor, target=Tensor)``
    with the source's data samples; plain batches (validation, source-only or
    target-only training) are processed as mmpretrain does.
    """

    def forward(self, data: dict, training: bool = False) -> dict:
        inputs = data['inputs']
        if not isinstance(inputs, dict):
            return super().forward(data, training)
        source = super().forward(
            dict(inputs=inputs['source'], data_samples=data.get('data_samples')),
            training)
        target = super().forward(dict(inputs=inputs['target']), training)
        return dict(inputs=dict(source=source['inputs'], target=target['inputs']),
                    data_samples=source['data_samples'])
