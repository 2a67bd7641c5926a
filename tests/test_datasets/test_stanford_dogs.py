"""Stanford Dogs: classification from lists/*.mat, COCO conversion, detection."""
import json

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.dataset import Compose

from projects.core.bad_samples import BadSampleError
from projects.core.registry import DATASETS
from projects.stanford_dogs import (BREEDS, FOLDERS, WNIDS, StanfordDogsDataset,
                                    StanfordDogsDetDataset)
from projects.core.utils import register_all_modules
from tests.test_datasets.fake_data import (make_stanford_dogs, truncate,
                                           voc_xml, write_split_mat)
from tests.test_datasets.utils import captured_log, load_tool, train_briefly
from tests.utils import REPO

register_all_modules()
CONVERTER = 'tools/dataset_converters/stanford_dogs_to_coco.py'


@pytest.fixture
def dogs(tmp_path):
    """Breeds 0, 1, 2 with 2 train and 1 test image each; 40x30 JPEGs."""
    make_stanford_dogs(tmp_path)
    return tmp_path


def test_class_names_are_readable_with_wordnet_ids():
    assert len(BREEDS) == len(WNIDS) == 120
    assert BREEDS[:3] == ('Chihuahua', 'Japanese spaniel', 'Maltese dog')
    assert BREEDS[59] == 'German short-haired pointer'
    assert WNIDS[0] == 'n02085620' and WNIDS[-1] == 'n02116738'
    assert list(FOLDERS) == sorted(FOLDERS)  # the order of the official labels


def test_official_split_counts_labels_and_metainfo(dogs):
    train = StanfordDogsDataset(str(dogs), 'train')
    test = StanfordDogsDataset(str(dogs), 'test')
    assert (len(train), len(test)) == (6, 3)
    assert [train.get_data_info(i)['gt_label'] for i in range(6)] == [0, 0, 1, 1, 2, 2]
    assert train.get_data_info(2)['img_path'] == str(
        dogs / 'Images' / 'n02085782-Japanese_spaniel' / 'n02085782_1.jpg')
    assert test.metainfo['classes'] == BREEDS
    assert test.metainfo['wnids'][test.get_data_info(1)['gt_label']] == 'n02085782'
    item = Compose([dict(type='mmpretrain.LoadImageFromFile'),
                    dict(type='mmpretrain.PackInputs')])(test.get_data_info(2))
    assert tuple(item['inputs'].shape) == (3, 30, 40)
    assert item['data_samples'].gt_label.item() == 2


def test_missing_split_file_is_named(dogs):
    (dogs / 'lists' / 'test_list.mat').unlink()
    with pytest.raises(BadSampleError) as err:
        StanfordDogsDataset(str(dogs), 'test')
    assert str(err.value) == f'{dogs}/lists/test_list.mat: split file not found'


def test_mat_without_labels_names_the_field(dogs):
    from scipy.io import savemat
    savemat(str(dogs / 'lists' / 'test_list.mat'), dict(file_list=np.zeros(1)))
    with pytest.raises(BadSampleError, match=r'test_list\.mat: no "annotation_list" '
                       r'field \(found: file_list\)'):
        StanfordDogsDataset(str(dogs), 'test')


def test_label_that_contradicts_the_folder_is_an_error(dogs):
    write_split_mat(dogs / 'lists' / 'test_list.mat', [
        ('n02085620-Chihuahua/n02085620_3.jpg', 'x', 2),
        ('n99999999-Wolf/n99999999_1.jpg', 'x', 1)])
    with pytest.raises(BadSampleError) as err:
        StanfordDogsDataset(str(dogs), 'test')
    assert str(err.value) == (
        f'{dogs}/lists/test_list.mat: entry 0 (n02085620-Chihuahua/'
        'n02085620_3.jpg): label 2 is n02085782-Japanese_spaniel, not its folder')


def test_non_integer_label_is_a_bad_entry_not_rounded(dogs):
    write_split_mat(dogs / 'lists' / 'test_list.mat', [
        ('n02085620-Chihuahua/n02085620_3.jpg', 'x', 1),
        ('n02085782-Japanese_spaniel/n02085782_3.jpg', 'x', 2.7)])
    with pytest.raises(BadSampleError) as err:
        StanfordDogsDataset(str(dogs), 'test')
    assert str(err.value) == (
        f'{dogs}/lists/test_list.mat: entry 1 (n02085782-Japanese_spaniel/'
        'n02085782_3.jpg): label 2.7 is not an integer')
    ds = StanfordDogsDataset(str(dogs), 'test', skip_bad_samples=True)
    assert [ds.get_data_info(i)['gt_label'] for i in range(len(ds))] == [0]


def test_bad_images_raise_or_are_skipped_and_logged(dogs):
    truncated = dogs / 'Images' / 'n02085620-Chihuahua' / 'n02085620_1.jpg'
    truncate(truncated)
    corrupt = dogs / 'Images' / 'n02085782-Japanese_spaniel' / 'n02085782_2.jpg'
    corrupt.write_bytes(b'not a jpeg at all')
    (dogs / 'Images' / 'n02085936-Maltese_dog' / 'n02085936_1.jpg').unlink()
    with pytest.raises(BadSampleError) as err:
        StanfordDogsDataset(str(dogs), 'train')
    assert str(err.value) == (f'{truncated}: truncated JPEG (no end-of-image '
                              'marker)')
    with captured_log() as log:
        ds = StanfordDogsDataset(str(dogs), 'train', skip_bad_samples=True)
    assert len(ds) == 3
    assert [e.problem for e in ds.bad_samples] == [
        'truncated JPEG (no end-of-image marker)',
        f'not a readable image (cannot identify image file \'{corrupt}\')',
        'image file not found']
    assert ('StanfordDogsDataset: skipped 3 bad samples of 6 '
            '(skip_bad_samples=True)') in log.getvalue()
    assert str(corrupt) in log.getvalue()


def test_unknown_split_is_rejected(dogs):
    with pytest.raises(ValueError, match="split must be one of .*'val'"):
        StanfordDogsDataset(str(dogs), 'val')


def test_converter_writes_coco_json_per_split(dogs, capsys):
    load_tool(CONVERTER).main([str(dogs)])
    train = json.loads((dogs / 'annotations' / 'train.json').read_text())
    test = json.loads((dogs / 'annotations' / 'test.json').read_text())
    assert len(train['categories']) == 120
    assert train['categories'][1] == dict(id=2, name='Japanese spaniel',
                                          supercategory='dog', wnid='n02085782')
    assert [img['file_name'] for img in test['images']] == [
        f'{f}/{f[:9]}_3.jpg' for f in FOLDERS[:3]]
    assert len(train['images']) == 6 and len(train['annotations']) == 9
    first = train['annotations'][0]
    assert first['bbox'] == [4, 3, 26, 22] and first['category_id'] == 1
    out = capsys.readouterr().out
    assert 'train.json: 6 images, 9 boxes' in out and 'no problems found' in out


def test_converter_reports_every_problem_with_its_file(dogs, capsys):
    ann = dogs / 'Annotation'
    (ann / 'n02085620-Chihuahua' / 'n02085620_2').write_text(voc_xml(40, 30, [
        ('Chihuahua', (-5, 3, 50, 25)), ('Chihuahua', (45, 3, 60, 25)),
        ('Chiuahua', (1, 1, 5, 5))]))
    (ann / 'n02085782-Japanese_spaniel' / 'n02085782_1').write_text('<annotation>')
    (ann / 'n02085936-Maltese_dog' / 'n02085936_1').write_text(
        voc_xml(50, 30, [('Maltese_dog', (1, 1, 45, 5))]))
    truncate(dogs / 'Images' / 'n02085936-Maltese_dog' / 'n02085936_2.jpg')
    load_tool(CONVERTER).main([str(dogs)])
    out = capsys.readouterr().out
    chihuahua = ann / 'n02085620-Chihuahua' / 'n02085620_2'
    maltese = ann / 'n02085936-Maltese_dog' / 'n02085936_1'
    for line in [
            f'{chihuahua}: <object> 0: box (-5.0, 3.0, 50.0, 25.0) is outside '
            'the 40x30 image; box clipped',
            f'{chihuahua}: <object> 1: box (45.0, 3.0, 60.0, 25.0) is outside '
            'the 40x30 image; box dropped: nothing is left inside',
            f'{chihuahua}: <object> 2: "Chiuahua" is not one of the 120 '
            'breeds; box skipped',
            f'{ann}/n02085782-Japanese_spaniel/n02085782_1: broken XML',
            f'{maltese}: <size> is 50x30 but {dogs}/Images/n02085936-Maltese_dog/'
            'n02085936_1.jpg is 40x30; boxes clipped to the image',
            f'{dogs}/Images/n02085936-Maltese_dog/n02085936_2.jpg: truncated '
            'JPEG (no end-of-image marker); image skipped']:
        assert f'warning: {line}' in out
    assert '7 problems (listed above)' in out
    train = json.loads((dogs / 'annotations' / 'train.json').read_text())
    assert len(train['images']) == 4  # the broken XML's and the truncated image
    boxes = {a['image_id']: a['bbox'] for a in train['annotations']}
    assert boxes[2] == [0, 3, 40, 22]  # clipped; the empty one is gone
    assert boxes[4] == [1, 1, 39, 4]  # clipped to the real 40 px width


@pytest.mark.parametrize('remove', ['Images', 'lists/test_list.mat'])
def test_converter_checks_everything_before_writing(dogs, remove):
    import shutil
    target = dogs / remove
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    with pytest.raises(SystemExit) as err:
        load_tool(CONVERTER).main([str(dogs)])
    assert f'missing: {target}' in str(err.value)
    assert not (dogs / 'annotations').exists()  # not even train.json


def test_converter_with_no_usable_image_writes_nothing(dogs):
    for image in (dogs / 'Images').rglob('*.jpg'):
        truncate(image)
    with pytest.raises(SystemExit, match='no usable image in the train split'):
        load_tool(CONVERTER).main([str(dogs)])
    assert not list(dogs.glob('annotations/*.json'))


def test_interrupted_converter_leaves_no_output_that_looks_complete(
        dogs, monkeypatch):
    converter = load_tool(CONVERTER)
    save_json, calls = converter.save_json, []

    def interrupted(data, path):  # Ctrl-C while the second file is written
        calls.append(path)
        save_json(data, path)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(converter, 'save_json', interrupted)
    with pytest.raises(KeyboardInterrupt):
        converter.main([str(dogs)])
    out = dogs / 'annotations'
    assert not list(out.glob('*.json'))  # only .partial files
    monkeypatch.setattr(converter, 'save_json', save_json)
    converter.main([str(dogs)])  # a rerun replaces what was left
    assert sorted(p.name for p in out.iterdir()) == ['test.json', 'train.json']


def test_converter_strict_stops_at_the_first_problem(dogs):
    xml = dogs / 'Annotation' / 'n02085620-Chihuahua' / 'n02085620_1'
    xml.write_text('<annotation><size><width>x</width></size></annotation>')
    with pytest.raises(SystemExit) as err:
        load_tool(CONVERTER).main([str(dogs), '--strict'])
    assert err.value.code == (f'error: {xml}: <size><width> is \'x\', not a '
                              'number (--strict)')
    assert not (dogs / 'annotations').exists()


def test_detection_dataset_reads_the_converted_json(dogs):
    load_tool(CONVERTER).main([str(dogs)])
    ds = StanfordDogsDetDataset(data_root=str(dogs),
                                ann_file='annotations/train.json',
                                data_prefix=dict(img='Images/'))
    assert ds.metainfo['classes'] == BREEDS and len(ds) == 6
    info = ds.get_data_info(3)
    assert info['img_path'].endswith('n02085782-Japanese_spaniel/n02085782_2.jpg')
    assert info['instances'] == [
        dict(bbox=[4, 3, 30, 25], bbox_label=1, ignore_flag=0),
        dict(bbox=[1, 1, 10, 10], bbox_label=1, ignore_flag=0)]


def test_detection_config_reads_the_converted_json(dogs):
    load_tool(CONVERTER).main([str(dogs)])
    cfg = Config.fromfile(REPO / 'configs/retinanet_r18_stanford_dogs.py')
    cfg.train_dataloader.dataset.data_root = str(dogs)
    item = DATASETS.build(cfg.train_dataloader.dataset)[0]
    assert item['data_samples'].gt_instances.labels.tolist() == [0]
    assert cfg.model.bbox_head.num_classes == 120


def test_detection_json_with_a_category_outside_the_breeds(dogs):
    load_tool(CONVERTER).main([str(dogs)])
    path = dogs / 'annotations' / 'test.json'
    coco = json.loads(path.read_text())
    coco['categories'].append(dict(id=121, name='wolf'))
    coco['annotations'][0]['category_id'] = 121
    path.write_text(json.dumps(coco))
    with pytest.raises(BadSampleError) as err:
        StanfordDogsDetDataset(data_root=str(dogs), ann_file='annotations/test.json',
                               data_prefix=dict(img='Images/'))
    assert str(err.value) == (f'{path}: image 1 (n02085620-Chihuahua/'
                              'n02085620_3.jpg): annotation 1: category 121 '
                              '"wolf" is not in the class list')


def test_classification_config_trains(dogs, tmp_path):
    root = str(dogs)
    runner = train_briefly('configs/resnet18_stanford_dogs.py', tmp_path / 'work', {
        'train_dataloader.dataset.data_root': root,
        'val_dataloader.dataset.data_root': root,
        'train_dataloader.batch_size': 2, 'val_dataloader.batch_size': 3,
        'train_dataloader.dataset.pipeline.1.scale': 32,
        'val_dataloader.dataset.pipeline.1.scale': 36,
        'val_dataloader.dataset.pipeline.2.crop_size': 32,
        'model.backbone.init_cfg': None,
        'train_cfg.max_iters': 1, 'train_cfg.val_interval': 1})
    assert runner.iter == 1
    assert runner.model.head.fc.out_features == 120
    assert (tmp_path / 'work' / 'iter_1.pth').is_file()
