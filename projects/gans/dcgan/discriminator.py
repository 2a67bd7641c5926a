"""mmagic's DCGAN discriminator with a working ``init_weights``."""
import torch.nn as nn
from mmagic.models.editors.dcgan import DCGANDiscriminator as MMagicDCGANDisc
from mmengine.model.weight_init import normal_init, update_init_info
from torch.nn.modules.batchnorm import _BatchNorm

from projects.core.registry import MODELS


@MODELS.register_module()
class DCGANDiscriminator(MMagicDCGANDisc):
    """Same network and initialisation as mmagic 1.2.0's.

    mmagic's ``init_weights`` raises ``UnboundLocalError`` on the first module
    that is neither a convolution nor a BatchNorm (the discriminator itself),
    so any Runner that initialises weights fails. Here only the modules it
    initialises get an init-info entry.
    """

    def init_weights(self):
        if self.init_cfg is not None and self.init_cfg['type'] == 'Pretrained':
            super().init_weights()
            return
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
                normal_init(m, 0, 0.02)
                update_init_info(m, 'normal init, mean 0, std 0.02')
            elif isinstance(m, _BatchNorm):
                nn.init.normal_(m.weight.data)
                nn.init.constant_(m.bias.data, 0)
                update_init_info(m, 'weight ~ N(0, 1), bias 0')
