"""YOLOv5's fitness key picks the best checkpoint (FitnessCocoMetric)."""
import json

import pytest
import torch
from mmdet.structures import DetDataSample
from mmengine.model import BaseModel
from mmengine.structures import InstanceData
from torch import nn
from torch.utils.data import Dataset

from projects.coco import FitnessCocoMetric, fitness
from projects.core.engine import Runner
from projects.core.utils import register_all_modules

register_all_modules()
GT = [[10, 10, 20, 20], [50, 10, 20, 20], [10, 50, 20, 20], [50, 50, 20, 20]]


def write_coco(path) -> str:
    path.write_text(json.dumps(dict(
        images=[dict(id=1, file_name='a.jpg', width=100, height=100)],
        categories=[dict(id=1, name='fish')],
        annotations=[dict(id=k, image_id=1, category_id=1, bbox=box,
                          area=box[2] * box[3], iscrowd=0)
                     for k, box in enumerate(GT, 1)])))
    return str(path)


def predictions(kind: str) -> InstanceData:
    """'loose': every fish found at IoU 0.62 (mAP@0.5 1, mAP 0.3);
    'half': two of four found exactly (both about 0.5)."""
    if kind == 'loose':
        boxes = [[x + 4.7, y, x + w + 4.7, y + h] for x, y, w, h in GT]
    else:
        boxes = [[x, y, x + w, y + h] for x, y, w, h in GT[:2]]
    return InstanceData(bboxes=torch.tensor(boxes), labels=torch.zeros(
        len(boxes), dtype=torch.long), scores=torch.linspace(0.9, 0.8, len(boxes)))


class OneImage(Dataset):
    metainfo = dict(classes=('fish', ))

    def __len__(self):
        return 1

    def __getitem__(self, idx):
        return dict(inputs=torch.zeros(3, 4, 4), data_samples=DetDataSample(
            metainfo=dict(img_id=1, ori_shape=(100, 100), img_shape=(100, 100))))


class ScriptedDetector(BaseModel):
    """Predicts ``rounds[k]`` in its k-th validation."""

    def __init__(self, rounds):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(1))
        self.rounds, self.calls = rounds, 0

    def forward(self, inputs, data_samples=None, mode='tensor'):
        if mode == 'loss':
            return dict(loss=(self.weight ** 2).sum())
        pred = predictions(self.rounds[self.calls])
        self.calls += 1
        for sample in data_samples:
            sample.pred_instances = pred
        return data_samples


def test_fitness_from_pycocotools_map(tmp_path):
    metric = FitnessCocoMetric(ann_file=write_coco(tmp_path / 'gt.json'),
                               classwise=True)
    metric.dataset_meta = OneImage.metainfo
    for kind, map_50, map_all in (('loose', 1.0, 0.3), ('half', 0.505, 0.505)):
        sample = OneImage()[0]['data_samples']
        sample.pred_instances = predictions(kind)
        metric.process({}, [sample.to_dict()])
        results = metric.evaluate(1)
        assert results['coco/bbox_mAP_50'] == pytest.approx(map_50, abs=1e-3)
        assert results['coco/bbox_mAP'] == pytest.approx(map_all, abs=1e-3)
        assert results['coco/bbox_fitness'] == pytest.approx(
            fitness(map_50, map_all), abs=1e-3)
    with pytest.raises(ValueError, match='needs mAP and mAP_50'):
        FitnessCocoMetric(ann_file=str(tmp_path / 'gt.json'),
                          metric_items=['mAP_75'])


def test_save_best_follows_fitness_not_map_50(tmp_path):
    loader = dict(dataset=OneImage(), batch_size=1, num_workers=0,
                  sampler=dict(type='DefaultSampler', shuffle=False),
                  collate_fn=dict(type='pseudo_collate'))
    runner = Runner(
        model=ScriptedDetector(['loose', 'half']), work_dir=str(tmp_path),
        train_dataloader=loader, val_dataloader=loader,
        train_cfg=dict(by_epoch=True, max_epochs=2, val_interval=1),
        val_cfg=dict(), optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.0)),
        val_evaluator=dict(type='FitnessCocoMetric',
                           ann_file=write_coco(tmp_path / 'gt.json')),
        default_hooks=dict(checkpoint=dict(
            type='CheckpointHook', interval=1, save_best='coco/bbox_fitness',
            rule='greater')),
        default_scope='projects')
    runner.train()
    scalars = [json.loads(line) for line in
               next(tmp_path.glob('*/vis_data/scalars.json')).read_text().splitlines()
               if 'coco/bbox_mAP_50' in line]
    assert scalars[0]['coco/bbox_mAP_50'] > scalars[1]['coco/bbox_mAP_50']
    assert scalars[0]['coco/bbox_fitness'] < scalars[1]['coco/bbox_fitness']
    assert [p.name for p in tmp_path.glob('best_*.pth')] == [
        'best_coco_bbox_fitness_epoch_2.pth']
