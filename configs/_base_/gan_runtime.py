# Runtime for mmagic GANs: one optimizer per submodule, separate DDP wrappers,
# mmagic's visualizer for sample grids.
_base_ = './default_runtime.py'

model_wrapper_cfg = dict(type='MMSeparateDistributedDataParallel',
                         broadcast_buffers=False, find_unused_parameters=False)
optim_wrapper = dict(constructor='mmagic.MultiOptimWrapperConstructor')
visualizer = dict(_scope_='mmagic', _delete_=True, type='Visualizer',
                  vis_backends=[dict(type='VisBackend')])
