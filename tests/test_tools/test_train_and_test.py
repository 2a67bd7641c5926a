"""tools/train.py and tools/test.py on the embedded data, as a user runs them."""
import pickle

import cv2
import pytest
import torch

from tests.utils import TINY_GAN, read_scalars, run_tool


def test_demo_config_trains_and_saves_checkpoint_and_sample_grid(tmp_path):
    proc = run_tool('tools/train.py', 'configs/toy_gan.py', '--work-dir',
                    str(tmp_path), '--cfg-options', *TINY_GAN,
                    'train_cfg.max_iters=4', 'default_hooks.checkpoint.interval=4')
    assert (tmp_path / 'iter_4.pth').is_file()
    grids = sorted(tmp_path.glob('*/vis_data/vis_image/fake_img_*.png'))
    assert [g.name for g in grids] == ['fake_img_2.png', 'fake_img_4.png']
    grid = cv2.imread(str(grids[-1]))
    assert grid is not None and grid.shape[0] > 32 and grid.shape[1] > 32
    assert grid.std() > 0  # not a blank image
    # The tool ends by saying where everything is.
    assert f'checkpoint: {tmp_path / "iter_4.pth"}' in proc.stdout
    assert 'samples:' in proc.stdout and 'log:' in proc.stdout
    assert set(read_scalars(tmp_path)) == {1, 2, 3, 4}


@pytest.fixture(scope='module')
def classifier_checkpoint(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp('classifier')
    run_tool('tools/train.py', 'configs/toy_classifier.py', '--work-dir',
             str(work_dir), '--cfg-options', 'train_cfg.max_iters=2',
             'train_dataloader.batch_size=8', 'train_dataloader.num_workers=0',
             'train_dataloader.persistent_workers=False',
             'train_dataloader.dataset.num_samples=16', 'train_cfg.val_interval=100',
             'val_dataloader.dataset.num_samples=8')
    return work_dir / 'iter_2.pth'


def test_test_tool_dumps_one_prediction_per_image(classifier_checkpoint, tmp_path):
    out = tmp_path / 'preds.pkl'
    proc = run_tool('tools/test.py', 'configs/toy_classifier.py',
                    str(classifier_checkpoint), '--work-dir', str(tmp_path),
                    '--out', str(out), '--cfg-options',
                    'test_dataloader.dataset.num_samples=12',
                    'test_dataloader.num_workers=0',
                    'test_dataloader.persistent_workers=False')
    preds = pickle.loads(out.read_bytes())
    assert len(preds) == 12
    assert all(0 <= int(p['pred_label']) < 4 for p in preds)
    assert 'accuracy/top1' in proc.stdout + proc.stderr


def test_test_tool_rejects_out_file_that_is_not_pickle(classifier_checkpoint, tmp_path):
    proc = run_tool('tools/test.py', 'configs/toy_classifier.py',
                    str(classifier_checkpoint), '--out', str(tmp_path / 'x.json'),
                    check=False)
    assert proc.returncode != 0
    assert '--out must be a .pkl or .pickle file' in proc.stderr


def test_test_tool_refuses_weights_of_another_model(classifier_checkpoint,
                                                   tmp_path):
    state = torch.load(classifier_checkpoint)['state_dict']
    other = tmp_path / 'other.pth'  # one layer renamed, one of another shape
    head = next(key for key in state if key.endswith('fc.weight'))
    state['renamed.weight'] = state.pop(next(iter(state)))
    state[head] = torch.zeros(7, state[head].shape[1])
    torch.save(dict(state_dict=state), other)
    options = ['--cfg-options', 'test_dataloader.dataset.num_samples=4',
               'test_dataloader.num_workers=0',
               'test_dataloader.persistent_workers=False']
    proc = run_tool('tools/test.py', 'configs/toy_classifier.py', str(other),
                    '--work-dir', str(tmp_path), *options, check=False)
    assert proc.returncode != 0
    summary = proc.stderr.strip().splitlines()[-1]
    assert 'WeightsMismatchError' in summary and str(other) in summary
    assert '1 missing' in summary and '1 unexpected (first: renamed.weight)' \
        in summary and f'1 of another shape (first: {head} (7, ' in summary
    assert '--allow-partial-load' in summary
    proc = run_tool('tools/test.py', 'configs/toy_classifier.py', str(other),
                    '--work-dir', str(tmp_path), '--allow-partial-load',
                    *options, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_detector_trains_and_test_tool_draws_predictions(tmp_path):
    options = ['test_dataloader.dataset.num_samples=3', 'test_dataloader.num_workers=0',
               'test_dataloader.persistent_workers=False']
    run_tool('tools/train.py', 'configs/toy_detector.py', '--work-dir',
             str(tmp_path), '--cfg-options', 'train_cfg.max_iters=2',
             'train_dataloader.batch_size=4', 'train_dataloader.num_workers=0',
             'train_dataloader.persistent_workers=False',
             'train_dataloader.dataset.num_samples=8', 'train_cfg.val_interval=100',
             *[o.replace('test_', 'val_') for o in options])
    show_dir = tmp_path / 'shown'
    run_tool('tools/test.py', 'configs/toy_detector.py', str(tmp_path / 'iter_2.pth'),
             '--work-dir', str(tmp_path), '--show-dir', str(show_dir),
             '--cfg-options', *options)
    drawn = list(show_dir.glob('*.png'))
    assert len(drawn) == 3


def test_unknown_type_in_config_fails_with_a_clear_message(tmp_path):
    proc = run_tool('tools/train.py', 'configs/toy_classifier.py', '--work-dir',
                    str(tmp_path), '--cfg-options', 'model.head.type=LinearHead',
                    check=False)
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()
    message = '\n'.join(last[-4:])
    assert 'configs/toy_classifier.py: unknown model type "LinearHead" ' \
           '(in model.head.type)' in message
    assert 'Registries searched: mmpretrain::model -> mmengine::model' in message


def test_amp_switches_every_optimizer_wrapper():
    import importlib.util

    from mmengine.config import Config
    spec = importlib.util.spec_from_file_location('train_tool', 'tools/train.py')
    train_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_tool)
    gan = Config.fromfile('configs/toy_gan.py')
    train_tool.enable_amp(gan)
    assert gan.optim_wrapper.generator.type == 'AmpOptimWrapper'
    assert gan.optim_wrapper.discriminator.type == 'AmpOptimWrapper'
    assert gan.optim_wrapper.constructor == 'mmagic.MultiOptimWrapperConstructor'
    cls = Config.fromfile('configs/toy_classifier.py')
    train_tool.enable_amp(cls)
    assert cls.optim_wrapper.type == 'AmpOptimWrapper'
    assert cls.optim_wrapper.loss_scale == 'dynamic'


def test_pretrained_url_without_network_says_to_download_it(tmp_path):
    url = 'http://127.0.0.1:9/resnet18_8xb32_in1k.pth'  # nothing listens
    proc = run_tool('tools/train.py', 'configs/toy_classifier.py',
                    '--work-dir', str(tmp_path), '--cfg-options',
                    f'model.backbone.init_cfg.type=Pretrained',
                    f'model.backbone.init_cfg.checkpoint={url}',
                    'train_dataloader.num_workers=0',
                    'train_dataloader.persistent_workers=False',
                    check=False, env=dict(TORCH_HOME=str(tmp_path / 'hub')))
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert 'could not be downloaded' in last and 'URLError' not in last
    assert f'model.backbone.init_cfg.checkpoint={url}' in last
    assert '--cfg-options model.backbone.init_cfg.checkpoint=/path/to/' \
        'resnet18_8xb32_in1k.pth' in last
