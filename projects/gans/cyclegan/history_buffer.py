"""A history of generated images for discriminator updates (Shrivastava et
al., 2017; the CycleGAN paper's image buffer, without random swapping)."""
from collections import deque

import torch
from torch import Tensor, nn


class FakeHistoryBuffer(nn.Module):
    """One fake image from each of the last ``capacity`` minibatches.

    :meth:`mix` returns the current fakes followed by as many fakes drawn
    from the history (without replacement while the history has enough, with
    replacement otherwise; none before the first push), so each
    discriminator update sees both in its loss. :meth:`push` then keeps one
    random image of the batch, dropping the oldest beyond ``capacity``.
    Draws use torch's global generator, so runs resume exactly; the history
    is the module's extra state, so it is saved in checkpoints.

    Args:
        capacity (int): Number of minibatches remembered. Defaults to 50.
    """

    def __init__(self, capacity: int = 50):
        super().__init__()
        if capacity < 1:
            raise ValueError(f'capacity must be >= 1, got {capacity}')
        self.capacity = capacity
        self.images = deque(maxlen=capacity)

    def __len__(self) -> int:
        return len(self.images)

    def mix(self, fakes: Tensor) -> Tensor:
        """The current fakes and ``len(fakes)`` past ones, concatenated."""
        if not self.images:
            return fakes
        num = len(fakes)
        if len(self.images) >= num:
            picks = torch.randperm(len(self.images))[:num]
        else:
            picks = torch.randint(len(self.images), (num, ))
        past = torch.stack([self.images[i] for i in picks.tolist()])
        return torch.cat([fakes, past.to(fakes)])

    def push(self, fakes: Tensor) -> None:
        """Remember one random image of this minibatch (detached)."""
        pick = torch.randint(len(fakes), ()).item()
        self.images.append(fakes[pick].detach().clone())

    def get_extra_state(self) -> dict:
        images = torch.stack(list(self.images)) if self.images else None
        return dict(images=images)

    def set_extra_state(self, state: dict) -> None:
        self.images.clear()
        if state['images'] is not None:
            self.images.extend(state['images'][-self.capacity:].unbind(0))

    def extra_repr(self) -> str:
        return f'capacity={self.capacity}, stored={len(self.images)}'
