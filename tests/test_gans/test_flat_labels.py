"""mmagic's conditional GANs score real images against their own labels."""
import torch
from mmagic.structures import DataSample
from mmengine.registry import DefaultScope

from projects.gans import SNGAN


def test_sngan_projection_scores_each_real_image_against_its_label():
    with DefaultScope.overwrite_default_scope('mmagic'):
        model = SNGAN(
            generator=dict(type='SNGANGenerator', output_scale=32,
                           base_channels=8, num_classes=10),
            discriminator=dict(type='ProjDiscriminator', input_scale=32,
                               base_channels=8, num_classes=10),
            data_preprocessor=dict(type='DataPreprocessor'))
    samples = DataSample.stack([DataSample().set_gt_label(i) for i in (3, 7)])
    assert samples.gt_label.label.shape == (2, 1)  # as mmagic stacks them
    labels = model.data_sample_to_label(samples)
    assert labels.tolist() == [3, 7]
    score = model.discriminator(torch.zeros(2, 3, 32, 32), label=labels)
    assert score.shape == (2, 1)
