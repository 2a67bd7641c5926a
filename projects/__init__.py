"""Plugin code: datasets, models and evaluators for the OpenMMLab 2.x stack."""
from .engine.checkpoint import allow_mmengine_checkpoint_types

# Any process that imports the plugins can resume mmengine checkpoints with
# torch's safe loading left on.
allow_mmengine_checkpoint_types()
