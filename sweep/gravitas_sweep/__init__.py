"""Hyperparameter sweeps of Gravitas' training commands, driven by Optuna.

Each trial runs a release command (`cosmo fit`, `gnn train`) as a child process with its own run
folder, follows its `--metrics-jsonl` stream to report each epoch to Optuna, and stops it with
SIGTERM when the pruner says so. No search algorithm or storage format lives here: Optuna samples,
prunes and stores.
"""
