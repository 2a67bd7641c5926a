# The digit classifier trained adversarially (Madry et al., 2018): every
# training batch replaced by PGD examples of the current model, L-infinity
# eps 0.3 of 1 (MNIST's standard radius), 7 steps of 0.1 from a random start.
# tools/test.py reports clean accuracy and robust accuracy under FGSM and
# 20-step PGD at eps 0.1, 0.2 and 0.3; tools/analysis/robustness.py gives the
# table for any list of epsilons (for the plain digit_classifier_mnist.py
# too).
_base_ = './digit_classifier_mnist.py'

train_attack = dict(type='PGD', eps=0.3, pixel_max=1, steps=7, step_size=0.1)
custom_hooks = [
    dict(type='RandomStateHook'),
    dict(type='AdversarialTrainingHook', attack=train_attack, ratio=1.0),
]

test_cfg = dict(type='RobustTestLoop')
test_evaluator = dict(
    _delete_=True,
    type='RobustAccuracy',
    attacks=[dict(type=attack, eps=eps, pixel_max=1, **extra)
             for attack, extra in (('FGSM', {}),
                                   ('PGD', dict(steps=20, step_size=0.025)))
             for eps in (0.1, 0.2, 0.3)])
