"""The framework's registries, one per kind of plugin.

Each is a child of mmengine's root registry of the same kind (as mmyolo's are),
so a config with ``default_scope = 'projects'`` can name plugin types directly
and other libraries' types with a prefix (``mmdet.RetinaNet``,
``mmagic.DCGAN``, ``mmpretrain.ResNet``). A plugin folder registers whatever
kinds it adds, so every registry's ``locations`` is the list of plugin
packages, imported when a config first names a type. A new plugin folder is
added to ``PLUGINS``.
"""
import mmengine.registry as mmengine
from mmengine.registry import Registry

SCOPE = 'projects'
PLUGINS = [
    'projects.engine', 'projects.toy_shapes', 'projects.gans',
    'projects.gan_metrics', 'projects.stanford_dogs', 'projects.roboflow',
    'projects.unpaired', 'projects.digits', 'projects.dann'
]


def _child(name: str) -> Registry:
    parent = getattr(mmengine, name)
    return Registry(parent.name, parent=parent, scope=SCOPE, locations=PLUGINS)


RUNNERS = _child('RUNNERS')
RUNNER_CONSTRUCTORS = _child('RUNNER_CONSTRUCTORS')
LOOPS = _child('LOOPS')
HOOKS = _child('HOOKS')
STRATEGIES = _child('STRATEGIES')
DATASETS = _child('DATASETS')
DATA_SAMPLERS = _child('DATA_SAMPLERS')
TRANSFORMS = _child('TRANSFORMS')
MODELS = _child('MODELS')
WEIGHT_INITIALIZERS = _child('WEIGHT_INITIALIZERS')
OPTIMIZERS = _child('OPTIMIZERS')
OPTIM_WRAPPERS = _child('OPTIM_WRAPPERS')
OPTIM_WRAPPER_CONSTRUCTORS = _child('OPTIM_WRAPPER_CONSTRUCTORS')
PARAM_SCHEDULERS = _child('PARAM_SCHEDULERS')
METRICS = _child('METRICS')
EVALUATOR = _child('EVALUATOR')
TASK_UTILS = _child('TASK_UTILS')
VISUALIZERS = _child('VISUALIZERS')
VISBACKENDS = _child('VISBACKENDS')
LOG_PROCESSORS = _child('LOG_PROCESSORS')
INFERENCERS = _child('INFERENCERS')
FUNCTIONS = _child('FUNCTIONS')
MODEL_WRAPPERS = _child('MODEL_WRAPPERS')
