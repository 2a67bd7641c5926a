# yolox_n_aquarium.py with AdamW (lr 1e-3, weight decay 0.05) instead of SGD.
_base_ = ['./yolox_n_aquarium.py']

optim_wrapper = dict(optimizer=dict(_delete_=True, type='AdamW', lr=0.001,
                                    weight_decay=0.05))
