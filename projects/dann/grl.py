"""Gradient reversal (Ganin & Lempitsky, 2015)."""
import torch


class _ReverseGrad(torch.autograd.Function):

    @staticmethod
    def forward(ctx, x, coeff):
        ctx.coeff = coeff
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad_output):
        return -ctx.coeff * grad_output, None


def reverse_grad(x: torch.Tensor, coeff: float = 1.0) -> torch.Tensor:
    """Identity forward; multiplies the gradient by ``-coeff`` backward."""
    return _ReverseGrad.apply(x, coeff)
