"""mmagic's BigGAN, optionally started from an ImageNet checkpoint."""
from typing import Optional

from mmagic.models.editors.biggan import BigGAN as MMagicBigGAN
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from torch import nn

from projects.core.registry import MODELS
from ..diagnostics import DiscriminatorDiagnosticsMixin
from ..flat_labels import FlatLabelsMixin
from .class_transfer import ImageNetClassTransfer, load_state_dict
from .diff_augment import DiffAugmentDiscriminator

FIELD = 'model.pretrained'


def unwrap(module: nn.Module) -> nn.Module:
    """The network inside DDP and :class:`DiffAugmentDiscriminator`."""
    if is_model_wrapper(module):
        module = module.module
    if isinstance(module, DiffAugmentDiscriminator):
        module = module.discriminator
    return module


@MODELS.register_module()
class BigGAN(DiscriminatorDiagnosticsMixin, FlatLabelsMixin, MMagicBigGAN):
    """mmagic's ``BigGAN`` with labels of shape (N, ) (see
    :class:`FlatLabelsMixin`), the discriminator's diagnostics (hinge loss:
    threshold 0), whose EMA generator starts as the generator,
    and which can start from a checkpoint trained on ImageNet classes.

    A Runner's ``init_weights`` re-initialises mmagic's BigGAN networks
    (their ``pretrained`` argument is lost) but not the EMA copy made when
    the model was built, so here the EMA generator is set to the generator
    afterwards. With ``pretrained``, the checkpoint then loads into the
    generator (``generator.*``, else the EMA weights), the EMA generator
    (``generator_ema.*``, else the generator's) and the discriminator
    (``discriminator.*``; if the checkpoint has none, as mmagic's converted
    BigGAN-deep ones, it keeps its random weights), the class-indexed rows
    picked by WordNet id (:mod:`.class_transfer`). A resumed run loads its
    own checkpoint over all of this.

    Args:
        pretrained (dict, optional): ``checkpoint`` (a local file; None: no
            transfer) and ``wnids`` (the dataset's WordNet ids in label order,
            or a file of them such as ``meta/wnids.txt`` of the crop tool).
        Other arguments are mmagic's.
    """

    def __init__(self, *args, pretrained: Optional[dict] = None, **kwargs):
        super().__init__(*args, **kwargs)
        pretrained = dict(pretrained or {})
        self.pretrained = None
        if pretrained.get('checkpoint') is not None:
            if pretrained.get('wnids') is None:
                raise ValueError(f'{FIELD}.wnids: the dataset\'s WordNet ids '
                                 '(or a file of them) pick the class rows')
            self.pretrained = pretrained
            transfer = dict(checkpoint=pretrained['checkpoint'],
                            wnids=pretrained['wnids'],
                            field=f'{FIELD}.checkpoint')
            ema = ['generator_ema.module.', 'generator_ema.']
            self._transfers = dict(
                generator=ImageNetClassTransfer(
                    prefix=['generator.'] + ema, **transfer),
                generator_ema=ImageNetClassTransfer(prefix=ema, **transfer),
                discriminator=ImageNetClassTransfer(
                    prefix='discriminator.', **transfer))

    def init_weights(self):
        super().init_weights()
        generator = unwrap(self.generator)
        if self.pretrained:
            state = load_state_dict(self.pretrained['checkpoint'],
                                    f'{FIELD}.checkpoint')
            if not self._transfers['generator'](generator, state):
                raise ValueError(f'{FIELD}.checkpoint: '
                                 f'{self.pretrained["checkpoint"]} has no '
                                 'generator.* or generator_ema.* weights')
            if not self._transfers['discriminator'](
                    unwrap(self.discriminator), state):
                print_log(f'{self.pretrained["checkpoint"]} has no '
                          'discriminator.* weights: the discriminator starts '
                          'from random weights', logger='current')
        if self.with_ema_gen:
            ema = self.generator_ema.module
            if not (self.pretrained
                    and self._transfers['generator_ema'](ema, state)):
                ema.load_state_dict(generator.state_dict())
