"""Explain and attack classifiers: FGSM and PGD in pixel units, robust
accuracy in tools/test.py, adversarial training, CAM and attention rollout."""
from .adversarial_training import AdversarialTrainingHook
from .attacks import FGSM, PGD, Attack, build_attack, logits_of
from .evaluation import RobustAccuracy, RobustTestLoop

__all__ = [
    'AdversarialTrainingHook', 'Attack', 'FGSM', 'PGD', 'RobustAccuracy',
    'RobustTestLoop', 'build_attack', 'logits_of'
]
