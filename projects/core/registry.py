"""The framework's registries, one per kind of plugin.

Each is a child of mmengine's root registry of the same kind (as mmyolo's are),
so a config with ``default_scope = 'projects'`` names plugin types directly
and other libraries' types with a prefix (``mmdet.RetinaNet``,
``mmagic.DCGAN``, ``mmpretrain.ResNet``). ``locations`` lists the plugin
packages that really register into each registry: a lookup imports those and
no others (an unknown transform imports nothing). A plugin that registers a
new kind of thing is added to that registry's list here;
``tests/test_engine/test_registry.py`` checks the lists against what is
registered.
"""
import mmengine.registry as mmengine
from mmengine.registry import Registry

SCOPE = 'projects'

DATASET_PLUGINS = [
    'projects.toy_shapes', 'projects.stanford_dogs', 'projects.roboflow',
    'projects.unpaired', 'projects.digits', 'projects.domain_data',
    'projects.synthetic'
]
MODEL_PLUGINS = ['projects.gans', 'projects.dann', 'projects.roboflow']
METRIC_PLUGINS = ['projects.gan_metrics', 'projects.dann',
                  'projects.robustness', 'projects.coco']
HOOK_PLUGINS = ['projects.core.engine', 'projects.gans',
                'projects.robustness']


def _child(name: str, locations=()) -> Registry:
    parent = getattr(mmengine, name)
    return Registry(parent.name, parent=parent, scope=SCOPE,
                    locations=list(locations))


RUNNERS = _child('RUNNERS', ['projects.core.engine'])
RUNNER_CONSTRUCTORS = _child('RUNNER_CONSTRUCTORS')
LOOPS = _child('LOOPS', ['projects.core.engine', 'projects.robustness'])
HOOKS = _child('HOOKS', HOOK_PLUGINS)
STRATEGIES = _child('STRATEGIES')
DATASETS = _child('DATASETS', DATASET_PLUGINS)
DATA_SAMPLERS = _child('DATA_SAMPLERS', ['projects.synthetic'])
TRANSFORMS = _child('TRANSFORMS')
MODELS = _child('MODELS', MODEL_PLUGINS)
WEIGHT_INITIALIZERS = _child('WEIGHT_INITIALIZERS', ['projects.gans'])
OPTIMIZERS = _child('OPTIMIZERS')
OPTIM_WRAPPERS = _child('OPTIM_WRAPPERS')
OPTIM_WRAPPER_CONSTRUCTORS = _child('OPTIM_WRAPPER_CONSTRUCTORS')
PARAM_SCHEDULERS = _child('PARAM_SCHEDULERS', ['projects.dann'])
METRICS = _child('METRICS', METRIC_PLUGINS)
EVALUATOR = _child('EVALUATOR')
TASK_UTILS = _child('TASK_UTILS', ['projects.robustness'])
VISUALIZERS = _child('VISUALIZERS')
VISBACKENDS = _child('VISBACKENDS')
LOG_PROCESSORS = _child('LOG_PROCESSORS')
INFERENCERS = _child('INFERENCERS')
FUNCTIONS = _child('FUNCTIONS')
MODEL_WRAPPERS = _child('MODEL_WRAPPERS')

# Every plugin package, for scripts that want all of them registered.
PLUGINS = sorted({location for registry in vars().values()
                  if isinstance(registry, Registry) and registry.scope == SCOPE
                  for location in registry._locations})
