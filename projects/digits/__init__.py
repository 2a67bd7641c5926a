"""Digit domains for domain adaptation: MNIST, MNIST-M, USPS, SVHN, and source/target pairs."""
