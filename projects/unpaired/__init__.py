"""Unpaired image domains in the CycleGAN layout (trainA/trainB/testA/testB)."""
