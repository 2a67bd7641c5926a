"""mmagic 1.2.0's CycleGAN networks with an ``init_weights`` that runs."""
from mmagic.models.archs import PatchDiscriminator as MMagicPatchDiscriminator
from mmagic.models.editors.cyclegan import ResnetGenerator as MMagicResnetGenerator
from mmengine.model.weight_init import update_init_info

from projects.core.registry import MODELS


class _GenerationInitFix:
    """Run mmagic's ``generation_init_weights`` without the init-info record.

    mmagic's translation models hand each network their init-info record
    before ``init_weights``; ``generation_init_weights`` then reaches
    ``update_init_info`` with an unset message on the first module that is
    neither a convolution nor a norm (the network itself) and raises
    ``UnboundLocalError``, so CycleGAN and Pix2Pix fail to start in a Runner.
    Here the record is set aside while mmagic initialises, then updated.
    """

    def init_weights(self):
        info = self.__dict__.pop('_params_init_info', None)
        super().init_weights()
        if info is not None:
            self._params_init_info = info
            update_init_info(self, f'{self.init_type} init, gain '
                             f'{self.init_gain} (mmagic generation_init_weights)')


@MODELS.register_module()
class ResnetGenerator(_GenerationInitFix, MMagicResnetGenerator):
    """mmagic's CycleGAN ``ResnetGenerator``, same network and init."""


@MODELS.register_module()
class PatchDiscriminator(_GenerationInitFix, MMagicPatchDiscriminator):
    """mmagic's ``PatchDiscriminator``, same network and init."""
