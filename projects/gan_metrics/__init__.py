"""GAN evaluators: FID, Inception Score and inception accuracy."""
