"""mmdet's YOLOX head with boxes that stay finite and inside the image."""
import logging
import math

import torch
from mmdet.models.dense_heads import YOLOXHead
from mmengine.logging import print_log

from projects.core.registry import MODELS

# A box side of more than 10^4 strides is no prediction: exp() of the
# log-size is clamped there (mmdet's box coders clamp theirs likewise).
MAX_LOG_SIZE = math.log(1e4)


@MODELS.register_module()
class ClippedYOLOXHead(YOLOXHead):
    """mmdet's ``YOLOXHead`` whose boxes are finite and inside the image.

    mmdet decodes a box's size as ``exp(prediction) * stride`` and never
    clips it: a briefly trained model (whose BatchNorm statistics have not
    settled) predicts log-sizes of 10^20, ``exp`` overflows, and its boxes
    are ``[-inf, -inf, inf, inf]``. Here the log-size is clamped at
    :data:`MAX_LOG_SIZE` (with a warning, once), predicted boxes are clipped
    to the image as mmdet's other heads clip theirs, and any box still not
    finite (a model with NaN weights) is dropped. Arguments are mmdet's.
    """

    warned = False

    def _bbox_decode(self, priors, bbox_preds):
        sizes = bbox_preds[..., 2:]
        if not self.warned and bool((sizes.detach() > MAX_LOG_SIZE).any()):
            self.warned = True
            largest = sizes.detach().nan_to_num(nan=0.0).max().item()
            print_log(f'{type(self).__name__}: predicted box sizes overflow '
                      f'(log-size up to {largest:.3g}; the model '
                      'is not trained enough): clamped, and boxes clipped to '
                      'the image', logger='current', level=logging.WARNING)
        bbox_preds = torch.cat(
            [bbox_preds[..., :2], sizes.clamp(max=MAX_LOG_SIZE)], dim=-1)
        return super()._bbox_decode(priors, bbox_preds)

    def _bbox_post_process(self, results, cfg, rescale=False, with_nms=True,
                           img_meta=None):
        if img_meta is not None and 'img_shape' in img_meta:
            height, width = img_meta['img_shape'][:2]
            results.bboxes[:, 0::2] = results.bboxes[:, 0::2].clamp(0, width)
            results.bboxes[:, 1::2] = results.bboxes[:, 1::2].clamp(0, height)
        finite = torch.isfinite(results.bboxes).all(dim=-1) \
            & torch.isfinite(results.scores)
        if not bool(finite.all()):
            print_log(f'{type(self).__name__}: dropped {int((~finite).sum())} '
                      'boxes that are not finite', logger='current',
                      level=logging.WARNING)
            results = results[finite]
        return super()._bbox_post_process(results, cfg, rescale=rescale,
                                          with_nms=with_nms, img_meta=img_meta)
