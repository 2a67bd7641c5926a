"""Config mistakes are found when the runner is built."""
import pytest

from projects.core.engine.config_checks import (ConfigKeyError, check_config,
                                                near_miss_keys)
from projects.core.engine.tools import load_config
from tests.utils import REPO, run_tool

CONFIG = str(REPO / 'configs/toy_classifier.py')


def config(**options):
    return load_config(CONFIG, cfg_options=options)


@pytest.mark.parametrize('options, message', [
    ({'default_hooks.checkpoint.intervl': 10},
     'default_hooks.checkpoint.intervl: CheckpointHook takes no argument '
     '"intervl"; did you mean "interval"?'),
    ({'default_hooks.logger.intreval': 1},
     'default_hooks.logger.intreval: LoggerHook takes no argument'),
    ({'custom_hooks': [dict(type='RandomStateHook', every=2)]},
     'custom_hooks[0].every: RandomStateHook takes no argument'),
    ({'train_cfg.max_iter': 10},
     'train_cfg.max_iter: IterBasedTrainLoop takes no argument "max_iter"; '
     'did you mean "max_iters"?'),
    ({'val_cfg': dict(fp61=True)}, 'val_cfg.fp61: ValLoop takes no argument'),
])
def test_unknown_hook_and_loop_arguments_are_errors(options, message):
    with pytest.raises(ConfigKeyError, match=message.replace('[', r'\[')
                       .replace(']', r'\]')):
        check_config(config(**options), CONFIG)


def test_arguments_that_reach_save_checkpoint_are_accepted():
    check_config(config(**{'default_hooks.checkpoint.save_optimizer': False}),
                 CONFIG)


def test_misspelt_top_level_key_is_named_with_the_closest():
    warnings = near_miss_keys(config(**{'train_dataloder.batch_size': 8}))
    assert warnings == ['train_dataloder: nothing reads this top-level key; '
                        'did you mean "train_dataloader"? (it is ignored)']
    assert near_miss_keys(config()) == []  # config variables are left alone


def test_train_tool_stops_before_training(tmp_path):
    proc = run_tool('tools/train.py', 'configs/toy_classifier.py',
                    '--work-dir', str(tmp_path), '--cfg-options',
                    'default_hooks.checkpoint.intervl=10',
                    'train_dataloder.batch_size=8', check=False)
    assert proc.returncode != 0
    assert 'did you mean "train_dataloader"?' in proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith(
        'projects.core.engine.config_checks.ConfigKeyError: ')
    assert not list(tmp_path.glob('*/vis_data/scalars.json'))  # no training
