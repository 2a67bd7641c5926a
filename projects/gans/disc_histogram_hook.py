"""Histograms of the discriminator's outputs during GAN training."""
import logging

import numpy as np
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmengine.visualization import TensorboardVisBackend

from projects.core.figures import figure_to_rgb, new_figure
from projects.core.registry import HOOKS
from .diagnostics import DiscriminatorDiagnosticsMixin


def unwrapped(model):
    return model.module if is_model_wrapper(model) else model


def draw_histogram(real: np.ndarray, fake: np.ndarray, threshold: float,
                   title: str, bins: int = 50) -> np.ndarray:
    """Real and fake outputs overlaid, the decision threshold marked; RGB."""
    fig = new_figure()
    ax = fig.add_subplot()
    edges = np.histogram_bin_edges(np.concatenate([real, fake]), bins)
    ax.hist(real, edges, alpha=0.6, label='real')
    ax.hist(fake, edges, alpha=0.6, label='fake')
    ax.axvline(threshold, color='k', linestyle='--', linewidth=1,
               label='threshold')
    ax.set(title=title, xlabel='discriminator output', ylabel='count')
    ax.legend()
    return figure_to_rgb(fig)


@HOOKS.register_module()
class DiscriminatorHistogramHook(Hook):
    """Every ``interval`` iterations, a histogram of the discriminator's
    outputs on the last minibatch (real and fake overlaid), from the outputs
    the model kept (``last_disc_outputs`` of
    :class:`~projects.gans.diagnostics.DiscriminatorDiagnosticsMixin`).

    It goes to every visualiser backend as the image ``disc_hist[_domain]``
    (``vis_data/vis_image/disc_hist_<iter>.png`` locally); a TensorBoard
    backend also gets the raw outputs as histograms ``disc/real`` and
    ``disc/fake``. On in every config of ``gan_runtime.py``
    (``default_hooks.disc_histogram``); a model without the outputs gets a
    warning and no histograms.
    """
    priority = 'LOW'

    def __init__(self, interval: int = 1000, bins: int = 50):
        self.interval, self.bins = interval, bins
        self.enabled = True

    def before_train(self, runner) -> None:
        model = unwrapped(runner.model)
        self.enabled = isinstance(model, DiscriminatorDiagnosticsMixin)
        if not self.enabled:
            print_log(f'DiscriminatorHistogramHook: {type(model).__name__} '
                      'keeps no discriminator outputs, so no histograms; '
                      'the GANs of projects.gans (DCGANFamily, '
                      'BufferedCycleGAN, projects.BigGAN, projects.SNGAN) do',
                      logger='current', level=logging.WARNING)

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if not (self.enabled and self.every_n_train_iters(runner,
                                                          self.interval)):
            return
        model = unwrapped(runner.model)
        step = runner.iter + 1
        for domain, (real, fake) in getattr(model, 'last_disc_outputs',
                                            {}).items():
            real = real.float().flatten().cpu().numpy()
            fake = fake.float().flatten().cpu().numpy()
            suffix = f'_{domain}' if domain else ''
            name = f'discriminator {domain}' if domain else 'discriminator'
            image = draw_histogram(real, fake, model.disc_threshold,
                                   f'{name} outputs, iteration {step}',
                                   self.bins)
            runner.visualizer.add_image(f'disc_hist{suffix}', image, step)
            for backend in runner.visualizer._vis_backends.values():
                if isinstance(backend, TensorboardVisBackend):
                    backend.experiment.add_histogram(f'disc{suffix}/real',
                                                     real, step)
                    backend.experiment.add_histogram(f'disc{suffix}/fake',
                                                     fake, step)
