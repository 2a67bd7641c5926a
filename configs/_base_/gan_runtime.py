# Runtime for mmagic GANs: one optimizer per submodule, separate DDP wrappers,
# mmagic's visualizer for sample grids, histograms of the discriminator's
# outputs (its mean outputs and accuracies are logged every iteration).
_base_ = './default_runtime.py'

default_hooks = dict(
    disc_histogram=dict(type='DiscriminatorHistogramHook', interval=1000))

model_wrapper_cfg = dict(type='MMSeparateDistributedDataParallel',
                         broadcast_buffers=False, find_unused_parameters=False)
optim_wrapper = dict(constructor='mmagic.MultiOptimWrapperConstructor')
visualizer = dict(_scope_='mmagic', _delete_=True, type='Visualizer',
                  vis_backends=[dict(type='VisBackend')])
