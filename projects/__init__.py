"""Plugin code: datasets, models and evaluators for the OpenMMLab 2.x stack."""
