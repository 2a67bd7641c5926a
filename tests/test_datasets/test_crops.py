"""tools/crop_boxes.py: crops from ground truth or predictions, read by
mmpretrain and mmagic configs."""
import pickle

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config

from projects.core.registry import DATASETS
from projects.core.utils import register_all_modules
from tests.test_datasets.fake_data import (make_stanford_dogs, truncate,
                                           write_roboflow_split)
from tests.test_datasets.utils import load_tool, train_briefly
from tests.utils import REPO

register_all_modules()
crop_tool = load_tool('tools/crop_boxes.py')


@pytest.mark.parametrize('box, size, expected', [
    ((10, 10, 20, 14), (100, 50), (10, 7, 10)),  # centred on the box
    ((0, 0, 6, 10), (100, 50), (0, 0, 10)),  # moved right, inside the image
    ((90, 45, 100, 50), (100, 50), (90, 40, 10)),  # moved up
    ((5, 2, 95, 8), (100, 50), (5, -20, 90)),  # taller than the image: padded
])
def test_square_region(box, size, expected):
    assert crop_tool.square_region(box, *size) == expected


def test_square_crop_pads_only_outside_the_image():
    img = np.full((50, 100, 3), 200, np.uint8)
    patch = crop_tool.crop(img, (5, 2, 95, 8), 'square')
    assert patch.shape == (90, 90, 3)
    assert (patch[:20] == 0).all() and (patch[70:] == 0).all()
    assert (patch[20:70] == 200).all()
    inside = crop_tool.crop(img, (0.5, 0.5, 6, 10), 'square')
    assert inside.shape == (10, 10, 3) and (inside == 200).all()
    assert crop_tool.crop(img, (0.5, 1.2, 6, 10), 'box').shape == (9, 6, 3)
    assert crop_tool.crop(img, (120, 1, 130, 5), 'box') is None


@pytest.fixture
def gt_crops(tmp_path):
    """Ground-truth square crops of the converted tiny Stanford Dogs."""
    dogs = tmp_path / 'dogs'
    make_stanford_dogs(dogs, size=(60, 40))
    load_tool('tools/dataset_converters/stanford_dogs_to_coco.py').main([str(dogs)])
    out = tmp_path / 'crops'
    for split in ('train', 'test'):
        crop_tool.main([str(dogs / 'annotations' / f'{split}.json'), str(out),
                        '--img-dir', str(dogs / 'Images'), '--split', split,
                        '--strategy', 'square', '--size', '32'])
    return out


def test_ground_truth_crops_form_an_imagenet_style_tree(gt_crops):
    lines = (gt_crops / 'meta' / 'train.txt').read_text().splitlines()
    assert lines[:3] == ['Chihuahua/n02085620_1_1_0.jpg 0',
                         'Chihuahua/n02085620_2_2_0.jpg 0',
                         'Chihuahua/n02085620_2_2_1.jpg 0']
    assert len(lines) == 9 and lines[-1].startswith('Maltese_dog/')
    classes = (gt_crops / 'meta' / 'classes.txt').read_text().splitlines()
    assert len(classes) == 120 and classes[1] == 'Japanese spaniel'
    # The converter's categories carry WordNet ids, for the BigGAN transfer.
    wnids = (gt_crops / 'meta' / 'wnids.txt').read_text().splitlines()
    assert wnids[:2] == ['n02085620', 'n02085782'] and len(wnids) == 120
    img = cv2.imread(
        str(gt_crops / 'train' / 'Japanese_spaniel' / 'n02085782_2_4_1.jpg'))
    assert img.shape == (32, 32, 3)
    assert len((gt_crops / 'meta' / 'test.txt').read_text().splitlines()) == 3


def test_mmpretrain_and_mmagic_configs_read_the_crops(gt_crops, tmp_path):
    root = str(gt_crops) + '/'
    classes = root + 'meta/classes.txt'
    cls_cfg = Config.fromfile(REPO / 'configs/resnet18_stanford_dogs_crops.py')
    cls_cfg.train_dataloader.dataset.update(data_root=root, classes=classes)
    cls = DATASETS.build(cls_cfg.train_dataloader.dataset)
    assert len(cls) == 9 and len(cls.metainfo['classes']) == 120
    assert cls[8]['data_samples'].gt_label.item() == 2
    assert tuple(cls[8]['inputs'].shape) == (3, 224, 224)
    runner = train_briefly('configs/sngan_proj_32_stanford_dogs_crops.py',
                           tmp_path / 'gan', {
                               'train_dataloader.dataset.data_root': root,
                               'train_dataloader.dataset.classes': classes,
                               'train_dataloader.batch_size': 4,
                               'model.generator.base_channels': 16,
                               'model.discriminator.base_channels': 16,
                               'train_cfg.max_iters': 1})
    assert runner.iter == 1  # mmagic's SNGAN trained on its labels:
    gan_data = runner.train_dataloader.dataset
    lines = (gt_crops / 'meta' / 'train.txt').read_text().splitlines()
    assert [gan_data.get_data_info(i)['gt_label'] for i in range(9)] == [
        int(line.split()[1]) for line in lines]
    assert gan_data[0]['data_samples'].gt_label.label.item() == 0


def test_crops_from_predictions_above_the_score_threshold(tmp_path, capsys):
    ann = write_roboflow_split(tmp_path / 'valid', [
        ('a.jpg', 64, 48, [(1, (2, 3, 20, 10))]), ('b.jpg', 64, 48, [])])
    preds = [dict(img_path=str(tmp_path / 'valid' / name), img_id=i,
                  pred_instances=dict(
                      bboxes=torch.tensor([[2., 3., 22., 13.], [0, 0, 64, 48],
                                           [10, 10, 20, 30]]),
                      scores=torch.tensor([0.9, 0.2, 0.5]),
                      labels=torch.tensor([0, 6, 4])))
             for i, name in enumerate(['a.jpg', 'b.jpg'])]
    pred_file = tmp_path / 'preds.pkl'
    pred_file.write_bytes(pickle.dumps(preds))
    out = tmp_path / 'crops'
    crop_tool.main([str(ann), str(out), '--pred', str(pred_file),
                    '--score-thr', '0.4', '--split', 'val', '--size', '16'])
    assert (out / 'meta' / 'val.txt').read_text().splitlines() == [
        'fish/a_0_0.jpg 0', 'shark/a_0_1.jpg 4',
        'fish/b_1_0.jpg 0', 'shark/b_1_1.jpg 4']
    assert (out / 'meta' / 'classes.txt').read_text().split() == [
        'fish', 'jellyfish', 'penguin', 'puffin', 'shark', 'starfish', 'stingray']
    assert cv2.imread(str(out / 'val' / 'shark' / 'b_1_1.jpg')).shape == (16, 16, 3)
    assert 'Summary: 4 crops of 2 images (box, 16 px)' in capsys.readouterr().out


def test_missing_image_is_reported_not_dropped_silently(tmp_path, capsys):
    ann = write_roboflow_split(tmp_path / 'train', [
        ('a.jpg', 64, 48, [(1, (2, 3, 20, 10))]),
        ('b.jpg', 64, 48, [(2, (2, 3, 20, 10))])])
    (tmp_path / 'train' / 'b.jpg').unlink()
    crop_tool.main([str(ann), str(tmp_path / 'crops')])
    out = capsys.readouterr().out
    assert (f'warning: {tmp_path}/train/b.jpg: image file not found (its 1 '
            'boxes); skipped') in out
    assert 'Summary: 1 crops of 2 images (box, 256 px)' in out
    assert '1 problems (listed above)' in out


def predictions(tmp_path, boxes):
    return [dict(img_path=str(tmp_path / 'valid' / 'a.jpg'), img_id=0,
                 pred_instances=dict(bboxes=torch.tensor(boxes),
                                     scores=torch.ones(len(boxes)),
                                     labels=torch.zeros(len(boxes),
                                                        dtype=torch.long)))]


def test_truncated_image_and_non_finite_boxes_are_problems(tmp_path, capsys):
    ann = write_roboflow_split(tmp_path / 'valid', [
        ('a.jpg', 64, 48, []), ('b.jpg', 64, 48, [(1, (2, 3, 20, 10))])])
    truncate(tmp_path / 'valid' / 'b.jpg')
    preds = predictions(tmp_path, [[2., 3., 22., 13.], [float('nan'), 0, 5, 5],
                                   [0, 0, float('inf'), 9]])
    preds.append(dict(preds[0], img_path=str(tmp_path / 'valid' / 'b.jpg')))
    pred_file = tmp_path / 'preds.pkl'
    pred_file.write_bytes(pickle.dumps(preds))
    out = tmp_path / 'crops'
    crop_tool.main([str(ann), str(out), '--pred', str(pred_file),
                    '--split', 'val', '--size', '16'])
    log = capsys.readouterr().out
    assert 'box 1 (nan, 0.0, 5.0, 5.0) is not finite; skipped' in log
    assert 'box 2 (0.0, 0.0, inf, 9.0) is not finite; skipped' in log
    assert 'b.jpg: truncated JPEG' in log and '3 problems' in log
    assert (out / 'meta' / 'val.txt').read_text().splitlines() == [
        'fish/a_0_0.jpg 0']


@pytest.mark.parametrize('content, problem', [
    (['not a prediction'], 'prediction 0: expected a dict with "img_path"'),
    ({'img_path': 'x'}, 'expected a list of predictions, found dict'),
    ([{'img_path': 'x', 'pred_instances': {'bboxes': [[1, 2, 3, 4]]}}],
     'prediction 0: pred_instances needs "bboxes" (N x 4), "scores"'),
])
def test_predictions_of_the_wrong_structure_are_named(tmp_path, content,
                                                      problem):
    ann = write_roboflow_split(tmp_path / 'valid', [('a.jpg', 64, 48, [])])
    pred_file = tmp_path / 'preds.pkl'
    pred_file.write_bytes(pickle.dumps(content))
    with pytest.raises(SystemExit) as err:
        crop_tool.main([str(ann), str(tmp_path / 'crops'), '--pred',
                        str(pred_file)])
    assert str(err.value).startswith(f'error: {pred_file}: {problem}')


def test_a_predictions_pickle_cannot_run_code(tmp_path):
    ann = write_roboflow_split(tmp_path / 'valid', [('a.jpg', 64, 48, [])])
    marker = tmp_path / 'marker'

    class Payload:
        def __reduce__(self):
            return (marker.write_text, ('ran',))

    pred_file = tmp_path / 'preds.pkl'
    pred_file.write_bytes(pickle.dumps([Payload()]))
    with pytest.raises(SystemExit, match='is not data'):
        crop_tool.main([str(ann), str(tmp_path / 'crops'), '--pred',
                        str(pred_file)])
    assert not marker.exists()


def test_a_failed_rerun_leaves_no_stale_list(tmp_path, capsys, monkeypatch):
    ann = write_roboflow_split(tmp_path / 'valid', [
        ('a.jpg', 64, 48, [(1, (2, 3, 20, 10))])])
    out = tmp_path / 'crops'
    crop_tool.main([str(ann), str(out), '--split', 'val'])
    assert (out / 'meta' / 'val.txt').exists()
    monkeypatch.setattr(crop_tool, 'save_crops', None)  # dies while cropping
    with pytest.raises(TypeError):
        crop_tool.main([str(ann), str(out), '--split', 'val'])
    assert 'replacing the split "val" of an earlier run' in \
        capsys.readouterr().out
    assert not (out / 'meta' / 'val.txt').exists()
