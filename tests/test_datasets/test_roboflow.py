"""Roboflow COCO exports: classes and ids from the export, checked input."""
import json
import pickle
import sys

import pytest
from mmengine.config import Config

from projects.core.bad_samples import BadSampleError
from projects.core.engine import build_runner, load_config
from projects.core.engine.num_classes import NumClassesError
from projects.roboflow import RoboflowCocoDataset, roboflow_categories
from projects.core.utils import register_all_modules
from tests.test_datasets.fake_data import (AQUARIUM, make_aquarium, make_export,
                                           truncate, write_roboflow_split)
from tests.test_datasets.utils import captured_log, load_tool, train_briefly
from tests.utils import REPO

register_all_modules()


def split(root, name, **kwargs):
    return RoboflowCocoDataset(data_root=str(root),
                               ann_file=f'{name}/_annotations.coco.json',
                               data_prefix=dict(img=f'{name}/'), **kwargs)


def names(categories):
    return [cat['name'] for cat in categories]


@pytest.fixture
def aquarium(tmp_path):
    make_aquarium(tmp_path)
    return tmp_path


def test_aquarium_classes_skip_the_supercategory_and_ids_map_to_labels(aquarium):
    train = split(aquarium, 'train')
    assert train.metainfo['classes'] == AQUARIUM
    assert len(train) == 3 and len(split(aquarium, 'valid')) == 1
    boxes = [train.get_data_info(i)['instances'] for i in range(3)]
    # category ids 1 (fish), 5 (shark), 7 (stingray), 3 (penguin)
    assert [[b['bbox_label'] for b in img] for img in boxes] == [[0, 4], [6], [2]]
    assert boxes[0][1]['bbox'] == [30, 20, 60, 45]
    assert boxes[2][0]['bbox'] == [10.5, 5.5, 18.75, 15.25]
    assert train.get_data_info(1)['img_path'] == f'{aquarium}/train/b_jpg.rf.2.jpg'
    # every split of an export gets the same classes
    assert split(aquarium, 'test').metainfo['classes'] == AQUARIUM


def test_oxford_pets_by_species_and_by_breed():
    species = dict(categories=[
        dict(id=0, name='pets', supercategory='none'),
        dict(id=1, name='cat', supercategory='pets'),
        dict(id=2, name='dog', supercategory='pets')],
        annotations=[dict(category_id=2)])
    assert names(roboflow_categories(species)) == ['cat', 'dog']
    breeds = dict(categories=[
        dict(id=0, name='oxford-pets-by-breed', supercategory='none'),
        dict(id=2, name='Abyssinian', supercategory='oxford-pets-by-breed'),
        dict(id=1, name='american_bulldog', supercategory='oxford-pets-by-breed'),
        dict(id=3, name='beagle', supercategory='oxford-pets-by-breed')],
        annotations=[])
    assert names(roboflow_categories(breeds)) == [
        'Abyssinian', 'american_bulldog', 'beagle']


def test_labels_follow_file_order_not_ids(tmp_path):
    cats = [dict(id=0, name='pets', supercategory='none'),
            dict(id=9, name='dog', supercategory='pets'),
            dict(id=4, name='cat', supercategory='pets')]
    write_roboflow_split(tmp_path / 'train', [
        ('a.jpg', 32, 32, [(4, (1, 1, 5, 5)), (9, (2, 2, 5, 5))])], cats)
    ds = split(tmp_path, 'train')
    assert ds.metainfo['classes'] == ('dog', 'cat')
    assert [b['bbox_label'] for b in ds.get_data_info(0)['instances']] == [1, 0]


def test_a_project_named_like_its_only_class(tmp_path):
    cats = [dict(id=0, name='fish', supercategory='none'),
            dict(id=1, name='fish', supercategory='fish')]
    write_roboflow_split(tmp_path / 'train', [
        ('a.jpg', 32, 32, [(1, (1, 1, 5, 5))])], cats)
    ds = split(tmp_path, 'train')
    assert ds.metainfo['classes'] == ('fish', )
    assert ds.get_data_info(0)['instances'][0]['bbox_label'] == 0


def test_a_supercategory_with_boxes_is_kept(tmp_path):
    cats = [dict(id=0, name='animal', supercategory='none'),
            dict(id=1, name='cat', supercategory='animal')]
    write_roboflow_split(tmp_path / 'train', [
        ('a.jpg', 32, 32, [(0, (1, 1, 5, 5)), (1, (2, 2, 5, 5))])], cats)
    assert split(tmp_path, 'train').metainfo['classes'] == ('animal', 'cat')


def test_a_class_subset_from_metainfo_ignores_other_boxes(aquarium):
    with captured_log() as log:
        ds = split(aquarium, 'train', metainfo=dict(classes=('shark', 'fish')))
    assert [[b['bbox_label'] for b in ds.get_data_info(i)['instances']]
            for i in range(3)] == [[1, 0], [], []]
    assert 'ignored 2 boxes of categories outside metainfo classes' in log.getvalue()
    with pytest.raises(BadSampleError, match='class "whale" is not a category '
                       'of this file'):
        split(aquarium, 'train', metainfo=dict(classes=('whale', )))


def edit(path, change):
    coco = json.loads(path.read_text())
    change(coco)
    path.write_text(json.dumps(coco))


@pytest.mark.parametrize('change, message', [
    (lambda c: c['annotations'][2].pop('bbox'), 'annotations[2] has no "bbox"'),
    (lambda c: c.pop('categories'), 'no "categories" list'),
    (lambda c: c['images'].clear(), 'empty annotation file (no images)'),
    (lambda c: c['annotations'][0].update(image_id=7),
     'annotation 0 refers to image 7, which is not in "images"'),
    (lambda c: c['images'][1].update(id=0), '"images" ids are not unique'),
])
def test_malformed_files_name_the_file_and_field(aquarium, change, message):
    path = aquarium / 'train' / '_annotations.coco.json'
    edit(path, change)
    with pytest.raises(BadSampleError) as err:
        split(aquarium, 'train')
    assert str(err.value) == f'{path}: {message}'


@pytest.mark.parametrize('change, problem, box', [
    (lambda c: c['annotations'][0].update(bbox=[2, 3, 0, 0]),
     'bbox [2, 3, 0, 0] is under 1 pixel', None),
    (lambda c: c['annotations'][0].update(bbox=[2, 3, 0.5, 10]),
     'bbox [2, 3, 0.5, 10] is under 1 pixel', None),
    (lambda c: c['annotations'][0].update(area=0),
     'area 0 (bbox [2, 3, 20, 10])', None),
    (lambda c: c['annotations'][0].update(bbox=[1, 2, float('nan'), 5]),
     'bbox [1, 2, nan, 5] is not finite', None),
    (lambda c: c['annotations'][0].update(category_id=12),
     'category_id 12 is not in "categories"', None),
    (lambda c: c['annotations'][0].update(bbox=[70, 10, 5, 5]),
     'bbox [70, 10, 5, 5] lies outside the 64x48 image', None),
    (lambda c: c['annotations'][0].update(bbox=[30, 20, 40, 25]),
     'bbox [30, 20, 40, 25] reaches past the 64x48 image: clipped',
     [30, 20, 64, 45]),
])
def test_bad_box_is_dropped_and_reported_and_its_image_kept(aquarium, change,
                                                            problem, box):
    path = aquarium / 'train' / '_annotations.coco.json'
    edit(path, change)
    with captured_log() as log:
        ds = split(aquarium, 'train')
    where = 'image 0 (a_jpg.rf.1.jpg): annotation 0'
    assert ds.bad_entries == [f'{where}: {problem}']
    assert (f'{path}: 1 of 4 annotations cannot be used as they are' in
            log.getvalue() and f'{where}: {problem}' in log.getvalue())
    assert len(ds) == 3  # the image stays, with its other box
    boxes = [inst['bbox'] for inst in ds.get_data_info(0)['instances']]
    assert boxes == ([box] if box else []) + [[30, 20, 60, 45]]
    with pytest.raises(BadSampleError, match='strict=True'):
        split(aquarium, 'train', strict=True)


def test_file_name_outside_the_image_folder_is_refused(aquarium):
    path = aquarium / 'train' / '_annotations.coco.json'
    edit(path, lambda c: c['images'][1].update(file_name='../valid/d.jpg'))
    with pytest.raises(BadSampleError, match="image 1: file_name "
                       "'../valid/d.jpg' points outside the image folder"):
        split(aquarium, 'train')
    assert len(split(aquarium, 'train', skip_bad_samples=True)) == 2


def test_unreadable_json_is_named(aquarium):
    path = aquarium / 'valid' / '_annotations.coco.json'
    path.write_text('{"images": [')
    with pytest.raises(BadSampleError, match=r'valid/_annotations\.coco\.json: '
                       r'not valid JSON \(Expecting value'):
        split(aquarium, 'valid')


def test_bad_images_raise_or_are_skipped_with_a_count(aquarium):
    truncate(aquarium / 'train' / 'a_jpg.rf.1.jpg')
    edit(aquarium / 'train' / '_annotations.coco.json',
         lambda c: c['images'][1].update(width=100))
    with pytest.raises(BadSampleError, match=r'a_jpg\.rf\.1\.jpg: truncated JPEG'):
        split(aquarium, 'train')
    with captured_log() as log:
        ds = split(aquarium, 'train', skip_bad_samples=True)
    assert len(ds) == 1 and ds.get_data_info(0)['instances'][0]['bbox_label'] == 2
    assert [e.problem for e in ds.bad_samples] == [
        'truncated JPEG (no end-of-image marker)',
        f'image is 64x48 but {ds.ann_file} says 100x48']
    assert 'RoboflowCocoDataset: skipped 2 bad samples of 3' in log.getvalue()


def test_zero_area_test_boxes_are_dropped_and_the_metric_agrees(tmp_path):
    """A real export's test split had two ``bbox [x, y, 0, 0]`` boxes: the
    images are kept, the boxes dropped, and perfect predictions score 1.0."""
    import torch
    from mmdet.structures import DetDataSample
    from mmengine.structures import InstanceData

    from projects.core.registry import DATASETS, METRICS
    write_roboflow_split(tmp_path / 'test', [
        ('a.jpg', 64, 48, [(1, (2, 3, 20, 10)), (2, (27, 30, 0, 0))]),
        ('b.jpg', 64, 48, [(3, (10, 5, 30, 20)), (3, (40, 8, 0, 0))])])
    cfg = Config.fromfile(REPO / 'configs/retinanet_r18_aquarium.py')
    cfg.test_dataloader.dataset.data_root = f'{tmp_path}/'
    with captured_log() as log:
        ds = DATASETS.build(cfg.test_dataloader.dataset)
    assert len(ds) == 2 and len(ds.bad_entries) == 2
    assert 'is under 1 pixel' in log.getvalue()
    metric = METRICS.build(cfg.test_evaluator)
    metric.dataset_meta = ds.metainfo
    for i in range(len(ds)):
        item = ds[i]
        sample = item['data_samples']
        boxes = [inst['bbox'] for inst in sample.instances]
        pred = DetDataSample(metainfo=sample.metainfo)
        pred.pred_instances = InstanceData(
            bboxes=torch.tensor(boxes), scores=torch.ones(len(boxes)),
            labels=torch.tensor([inst['bbox_label']
                                 for inst in sample.instances]))
        metric.process({}, [pred.to_dict()])
    assert metric.evaluate(len(ds))['coco/bbox_mAP'] == 1.0


def test_aquarium_config_trains_and_its_predictions_crop(
        aquarium, tmp_path, monkeypatch):
    root = f'{aquarium}/'
    options = {
        f'{phase}_dataloader.dataset.data_root': root
        for phase in ('train', 'val', 'test')}
    options.update({
        'train_dataloader.dataset.pipeline.2.scale': (64, 64),
        'val_dataloader.dataset.pipeline.1.scale': (64, 64),
        'test_dataloader.dataset.pipeline.1.scale': (64, 64),
        'train_dataloader.batch_size': 2, 'model.backbone.init_cfg': None,
        'train_cfg.max_iters': 2, 'train_cfg.val_interval': 2,
        'default_hooks.checkpoint.interval': 2})
    work = tmp_path / 'work'
    runner = train_briefly('configs/retinanet_r18_aquarium.py', work, options)
    assert runner.train_dataloader.dataset.metainfo['classes'] == AQUARIUM
    assert runner.val_evaluator.dataset_meta['classes'] == AQUARIUM
    assert runner.model.bbox_head.num_classes == 7
    # tools/test.py --out, then crops from its predictions
    preds = tmp_path / 'preds.pkl'
    monkeypatch.setattr(sys, 'argv', [
        'test.py', 'configs/retinanet_r18_aquarium.py', str(work / 'iter_2.pth'),
        '--work-dir', str(work), '--out', str(preds), '--cfg-options',
        *[f'{k}={v}' for k, v in options.items() if k.startswith('test_')],
        'test_dataloader.num_workers=0', 'test_dataloader.persistent_workers=False',
        'model.backbone.init_cfg=None', 'model.test_cfg.score_thr=0',
        'model.test_cfg.max_per_img=6'])
    load_tool('tools/test.py').main()
    scores = pickle.loads(preds.read_bytes())[0]['pred_instances']['scores']
    assert len(scores) == 6
    threshold = float(scores.median())
    crops = tmp_path / 'crops'
    load_tool('tools/crop_boxes.py').main([
        root + 'test/_annotations.coco.json', str(crops), '--pred', str(preds),
        '--score-thr', str(threshold), '--size', '8'])
    lines = (crops / 'meta' / 'train.txt').read_text().splitlines()
    assert len(lines) == int((scores >= threshold).sum()) >= 3
    assert all(line.startswith(tuple(AQUARIUM)) for line in lines)


def names_of(dataset):
    return sorted(dataset.get_data_info(i)['img_path'].rsplit('/', 1)[-1]
                  for i in range(len(dataset)))


def test_a_flattened_export_is_split_reproducibly(tmp_path):
    """One folder of images and one _annotations.coco.json: 8 train and 2
    valid images, by file name, the test set the valid one."""
    make_export(tmp_path, num_classes=3, num_images=10)
    with captured_log() as log:
        train, valid, test = (RoboflowCocoDataset(data_root=str(tmp_path),
                                                  split=s)
                              for s in ('train', 'valid', 'test'))
    assert 'split reproducibly (by file name, val_fraction=0.2) into 8 ' \
        'train and 2 valid images; the test set is the valid part' \
        in log.getvalue()
    assert len(train) == 8 and len(valid) == 2
    assert not set(names_of(train)) & set(names_of(valid))
    assert names_of(test) == names_of(valid)
    again = RoboflowCocoDataset(data_root=str(tmp_path), split='valid')
    assert names_of(again) == names_of(valid)
    assert train.metainfo['classes'] == valid.metainfo['classes'] == (
        'c0', 'c1', 'c2')
    boxes = [len(valid.get_data_info(i)['instances']) for i in range(2)]
    assert boxes == [2, 2]  # each image keeps its own boxes


def test_other_layouts_and_a_missing_split(tmp_path):
    # mmdet's: annotations/instances_<split>.json, images in <split>/
    for split in ('train', 'val'):
        path = make_export(tmp_path / 'mm' / split, 2, prefix=split)
        (tmp_path / 'mm' / 'annotations').mkdir(exist_ok=True)
        path.rename(tmp_path / 'mm' / 'annotations' / f'instances_{split}.json')
    valid = RoboflowCocoDataset(data_root=str(tmp_path / 'mm'), split='valid')
    assert names_of(valid)[0].startswith('val') and len(valid) == 4
    # a train/ folder alone is split as a flattened export is
    make_export(tmp_path / 'one' / 'train', 2, num_images=5)
    assert len(RoboflowCocoDataset(data_root=str(tmp_path / 'one'),
                                   split='test')) == 1
    # no test/ folder: the test set is valid/, said in the log
    make_aquarium(tmp_path / 'aq')
    (tmp_path / 'aq' / 'test' / '_annotations.coco.json').unlink()
    with captured_log() as log:
        test = RoboflowCocoDataset(data_root=str(tmp_path / 'aq'), split='test')
    assert names_of(test) == ['d_jpg.rf.4.jpg']
    assert 'no test split; valid/ is the test set too' in log.getvalue()
    with pytest.raises(BadSampleError, match='no Roboflow COCO export here'):
        RoboflowCocoDataset(data_root=str(tmp_path / 'nothing'), split='train')


@pytest.mark.parametrize('config', ['retinanet_r18_aquarium', 'yolox_n_aquarium'])
def test_data_root_and_img_scale_reach_every_dataloader_and_pipeline(
        tmp_path, config):
    make_export(tmp_path, num_classes=3, num_images=5)
    cfg = load_config(str(REPO / f'configs/{config}.py'), cfg_options=dict(
        data_root=f'{tmp_path}/', img_scale=(320, 320)))
    text = cfg.pretty_text
    assert 'data/aquarium' not in text and '640' not in text
    datasets = [cfg.train_dataloader.dataset, cfg.val_dataloader.dataset,
                cfg.test_dataloader.dataset]
    if config.startswith('yolox'):
        mix = datasets[0]
        datasets[0] = mix.dataset
        assert mix.pipeline[1].border == (-160, -160)  # RandomAffine
    assert {d.data_root for d in datasets} == {f'{tmp_path}/'}
    assert cfg.model.bbox_head.num_classes == 3
    built = [RoboflowCocoDataset(**{k: v for k, v in d.items()
                                    if k not in ('type', 'pipeline')})
             for d in datasets]
    assert [len(d) for d in built] == [4, 1, 1]


@pytest.mark.parametrize('config, num_classes', [
    ('retinanet_r18_aquarium', 1), ('yolox_n_aquarium', 13)])
def test_the_model_has_as_many_classes_as_the_export(tmp_path, config,
                                                     num_classes):
    """A 1-class export trained a 7-class head; a 13-class one died with
    "Class values must be smaller than num_classes"."""
    for split in ('train', 'valid', 'test'):
        make_export(tmp_path / 'data' / split, num_classes, prefix=split)
    options = {'data_root': f'{tmp_path}/data/', 'img_scale': (64, 64),
               'model.backbone.init_cfg': None, 'train_dataloader.batch_size': 2,
               'train_cfg.val_interval': 10, 'default_hooks.logger.interval': 1}
    if config.startswith('yolox'):
        options.update({'train_cfg.max_epochs': 1,
                        'train_cfg.dynamic_intervals': None})
    else:
        options['train_cfg.max_iters'] = 1
    runner = train_briefly(f'configs/{config}.py', tmp_path / 'work', options)
    head = runner.model.bbox_head
    assert head.num_classes == num_classes
    classes = tuple(f'c{i}' for i in range(num_classes))
    assert runner.val_evaluator.dataset_meta['classes'] == classes
    with pytest.raises(NumClassesError, match=(
            rf'{config}\.py: model\.bbox_head\.num_classes is 7 but '
            rf'train_dataloader\.dataset has {num_classes} classes \(c0')):
        build_runner(load_config(str(REPO / f'configs/{config}.py'),
                                 cfg_options=dict(options, **{
                                     'model.bbox_head.num_classes': 7})))
