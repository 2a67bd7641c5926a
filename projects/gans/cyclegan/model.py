"""mmagic's CycleGAN with a history buffer of past fakes and full sample
outputs for grids."""
from mmagic.models.editors.cyclegan import CycleGAN
from mmagic.structures import DataSample
from torch import nn

from projects.core.registry import MODELS
from ..diagnostics import DiscriminatorDiagnosticsMixin
from ..losses import adversarial_loss
from .history_buffer import FakeHistoryBuffer


@MODELS.register_module()
class BufferedCycleGAN(DiscriminatorDiagnosticsMixin, CycleGAN):
    """CycleGAN (LSGAN losses) whose discriminators learn from past fakes.

    ``buffer='history'``: each discriminator update sees the current fakes
    and as many fakes from :class:`FakeHistoryBuffer` (one per minibatch of
    the last ``buffer_size``), both in the loss; the buffers are saved in
    checkpoints. ``buffer='pool'``: mmagic's pool, which swaps each fake for
    a stored one with probability 0.5 (not saved in checkpoints). Each
    discriminator logs its mean outputs and real / fake patch accuracy on the
    current fakes (``disc_real_acc_<domain>``, threshold 0.5 between the
    LSGAN targets; :class:`DiscriminatorDiagnosticsMixin`).

    Validation outputs carry, for each source domain, ``real_<src>``,
    ``fake_<dst>`` (translated), ``cycle_<src>`` (reconstructed) and
    ``identity_<src>``, the rows of the sample grids.

    Args:
        buffer (str): ``'history'`` or ``'pool'``. Defaults to ``'history'``.
        buffer_size (int): Minibatches (history) or images (pool) kept.
        Other arguments as mmagic's ``CycleGAN``; ``loss_config`` weights
        are absolute (``id_loss_weight=5`` is lambda_identity 5).
    """

    def __init__(self, *args, buffer: str = 'history', buffer_size: int = 50,
                 **kwargs):
        if buffer not in ('history', 'pool'):
            raise ValueError(f"buffer must be 'history' or 'pool', got {buffer!r}")
        super().__init__(*args, buffer_size=buffer_size, **kwargs)
        self.buffer = buffer
        if buffer == 'history':
            self.image_buffers = None
            self.fake_history = nn.ModuleDict({
                domain: FakeHistoryBuffer(buffer_size)
                for domain in self._reachable_domains
            })

    disc_threshold = 0.5

    def _fakes_for_discriminator(self, domain, current):
        if self.buffer == 'pool':
            return self.image_buffers[domain].query(current)
        fakes = self.fake_history[domain].mix(current)
        self.fake_history[domain].push(current)
        return fakes

    def _get_disc_loss(self, outputs):
        """mmagic's LSGAN loss of each discriminator, on the fakes the buffer
        gives, plus the diagnostics."""
        discriminators = self.get_module(self.discriminators)
        loss_d, log_vars = 0, {}
        for domain in self._reachable_domains:
            current = outputs[f'fake_{domain}'].detach()
            fakes = self._fakes_for_discriminator(domain, current)
            fake_pred = discriminators[domain](fakes)
            real_pred = discriminators[domain](outputs[f'real_{domain}'])
            loss = 0.5 * (adversarial_loss(fake_pred, 0.0, 'lsgan') +
                          adversarial_loss(real_pred, 1.0, 'lsgan'))
            loss_d = loss_d + loss
            log_vars[f'loss_gan_d_{domain}'] = loss.detach()
            # the history's past fakes follow the current ones; the pool
            # swaps some, so there all of them count
            current_pred = fake_pred[:len(current)] \
                if self.buffer == 'history' else fake_pred
            log_vars.update(self.record_disc_outputs(real_pred, current_pred,
                                                     domain))
        return loss_d, log_vars

    def val_step(self, data: dict):
        data = self.data_preprocessor(data)
        inputs, data_samples = data['inputs'], data['data_samples'].split()
        rows = {}
        for src in self._reachable_domains:
            dst = self.get_other_domains(src)[0]
            real = inputs[f'img_{src}']
            fake = self.forward_test(real, target_domain=dst)['target']
            rows[f'real_{src}'] = (real, src)
            rows[f'fake_{dst}'] = (fake, dst)
            rows[f'cycle_{src}'] = (
                self.forward_test(fake, target_domain=src)['target'], src)
            rows[f'identity_{src}'] = (
                self.forward_test(real, target_domain=src)['target'], src)
        samples = []
        for idx, data_sample in enumerate(data_samples):
            sample = DataSample()
            sample.update(data_sample)
            sample.set_tensor_data({
                key: self.data_preprocessor.destruct(images[idx], data_sample,
                                                     f'img_{domain}')
                for key, (images, domain) in rows.items()
            })
            samples.append(sample)
        return samples

    test_step = val_step
