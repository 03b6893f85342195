"""The search space file (YAML): what a trial varies, what it keeps fixed, what runs first.

    command: cosmo            # optional: must match the subcommand it is used with
    fixed:                    # options every trial gets (name without --: value; true = flag)
      features: x1,c
    params:                   # what Optuna samples, one entry per command option
      hidden: {type: categorical, choices: ["32", "64", "32,32"]}
      lr: {type: float, low: 1.0e-4, high: 3.0e-2, log: true}
      epochs: {type: int, low: 500, high: 4000, step: 500}
    enqueue:                  # trials run first, before any sampling (e.g. the default as baseline)
      - {hidden: "32", lr: 0.01, epochs: 2000}
    pruner: {n_startup_trials: 2, n_warmup_steps: 50}   # optional, passed to the pruner

A `seed` in `fixed` gives every trial the same seed (for cosmo: the same folds); otherwise each
trial's seed is derived from the study seed and the trial number.
"""
import math

import yaml

PARAM_TYPES = ("float", "int", "categorical")
# Options the driver sets itself for every trial.
RESERVED = {"out", "plots", "metrics-jsonl", "resume", "quiet"}


class SpaceError(ValueError):
    """A search space file that cannot be used; the message names the file and the entry."""


class SearchSpace:
    def __init__(self, path, command=None):
        self.path = str(path)
        try:
            with open(path, encoding="utf-8") as handle:
                document = yaml.safe_load(handle)
        except (OSError, yaml.YAMLError) as error:
            raise SpaceError(f"{path}: cannot read the search space: {error}") from None
        if not isinstance(document, dict):
            raise SpaceError(f"{path}: expected a mapping with 'params' at the top level")
        unknown = set(document) - {"command", "fixed", "params", "enqueue", "pruner"}
        if unknown:
            raise SpaceError(f"{path}: unknown top-level keys {sorted(unknown)}")
        if command and document.get("command", command) != command:
            raise SpaceError(f"{path}: written for '{document['command']}', used with '{command}'")
        self.fixed = self._mapping(document.get("fixed") or {}, "fixed")
        self.params = self._mapping(document.get("params") or {}, "params")
        self.pruner_options = self._mapping(document.get("pruner") or {}, "pruner")
        if not self.params:
            raise SpaceError(f"{path}: 'params' is empty: nothing to search")
        for name, spec in self.params.items():
            self._check_param(name, spec)
        for name in list(self.fixed) + list(self.params):
            if name in RESERVED:
                raise SpaceError(f"{path}: '{name}' is set by the driver for every trial")
        both = set(self.fixed) & set(self.params)
        if both:
            raise SpaceError(f"{path}: {sorted(both)} both fixed and searched")
        self.enqueue = document.get("enqueue") or []
        if not isinstance(self.enqueue, list) or not all(isinstance(e, dict) for e in self.enqueue):
            raise SpaceError(f"{path}: 'enqueue' must be a list of mappings of parameter values")
        for entry in self.enqueue:
            extra = set(entry) - set(self.params)
            if extra:
                raise SpaceError(f"{path}: enqueued trial {entry} names {sorted(extra)}, not in 'params'")

    def _mapping(self, value, key):
        if not isinstance(value, dict):
            raise SpaceError(f"{self.path}: '{key}' must be a mapping")
        return {str(k): v for k, v in value.items()}

    def _check_param(self, name, spec):
        where = f"{self.path}: params.{name}"
        if not isinstance(spec, dict) or spec.get("type") not in PARAM_TYPES:
            raise SpaceError(f"{where}: needs 'type', one of {', '.join(PARAM_TYPES)}")
        kind = spec["type"]
        if kind == "categorical":
            choices = spec.get("choices")
            if not isinstance(choices, list) or not choices:
                raise SpaceError(f"{where}: needs a non-empty list 'choices'")
            if not all(isinstance(c, (str, int, float, bool)) for c in choices):
                raise SpaceError(f"{where}: choices must be strings, numbers or booleans")
            return
        for bound in ("low", "high"):
            value = spec.get(bound)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise SpaceError(f"{where}: '{bound}' must be a finite number")
        if kind == "int" and not all(isinstance(spec[b], int) for b in ("low", "high")):
            raise SpaceError(f"{where}: an int parameter needs integer bounds")
        if spec["low"] > spec["high"]:
            raise SpaceError(f"{where}: low {spec['low']} > high {spec['high']}")
        if spec.get("log") and spec["low"] <= 0:
            raise SpaceError(f"{where}: a log scale needs low > 0")

    def suggest(self, trial):
        """The trial's values of every searched option, sampled (or enqueued) through Optuna."""
        values = {}
        for name, spec in self.params.items():
            kind = spec["type"]
            if kind == "categorical":
                values[name] = trial.suggest_categorical(name, spec["choices"])
            elif kind == "float":
                values[name] = trial.suggest_float(name, float(spec["low"]), float(spec["high"]),
                                                   log=bool(spec.get("log", False)), step=spec.get("step"))
            else:
                values[name] = trial.suggest_int(name, spec["low"], spec["high"], log=bool(spec.get("log", False)),
                                                 step=spec.get("step", 1))
        return values


def option_arguments(options):
    """Command-line arguments for {name: value}: `--name value`, or `--name` alone for true."""
    arguments = []
    for name, value in options.items():
        if isinstance(value, bool):
            if value:
                arguments.append(f"--{name}")
            continue
        if isinstance(value, float):
            text = repr(value)
        else:
            text = str(value)
        arguments += [f"--{name}", text]
    return arguments
