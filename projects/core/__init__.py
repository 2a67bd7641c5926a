"""What every plugin shares: the registries, bad-sample errors and the engine
(checkpoints that hold only plain data, exact resume, CPU launch, config
errors). Importing it changes no other library's state."""
