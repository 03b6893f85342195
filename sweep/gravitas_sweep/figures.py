"""The study's figures, as the rest of Gravitas writes them: NAME.dat + NAME.gp (+ NAME.png when
gnuplot is installed), and Optuna's own matplotlib figures beside them when matplotlib is."""
import os
import pathlib
import shutil
import subprocess
import warnings

import optuna
from optuna.trial import TrialState

HEADER = "# Gravitas figure '{name}': run `gnuplot {name}.gp` in this directory to redraw\n# {name}.png from {name}.dat.\n"
PREAMBLE = """if (!exists("outfile")) outfile = '{name}.png'
set encoding utf8
set terminal pngcairo size 1000,700 enhanced font 'DejaVu Sans,14' linewidth 1.2
set output outfile
set grid lc rgb '#d0d0d0'
set border lw 1.2
set key top right box opaque samplen 2 spacing 1.2
set title '{title}' noenhanced
set xlabel '{xlabel}' noenhanced
set ylabel '{ylabel}' noenhanced
"""


def write(study, tool, folder):
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = [_history(study, tool, folder)]
    importances = _importances(study, tool, folder)
    if importances:
        written.append(importances)
    written += _matplotlib(study, folder)
    return written


def _history(study, tool, folder):
    name = "optimization-history"
    complete = sorted((t for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))), key=lambda t: t.number)
    pruned = sorted((t for t in study.get_trials(deepcopy=False, states=(TrialState.PRUNED,))), key=lambda t: t.number)
    rows = ["# block 0: completed trials: trial, objective, best so far"]
    best = None
    for trial in complete:
        best = trial.value if best is None else min(best, trial.value)
        rows.append(f"{trial.number} {trial.value!r} {best!r}")
    rows += ["", "", "# block 1: pruned trials: trial, last value reported to the pruner (step)"]
    for trial in pruned:
        if trial.intermediate_values:
            step = max(trial.intermediate_values)
            rows.append(f"{trial.number} {trial.intermediate_values[step]!r} {step}")
    script = PREAMBLE.format(name=name, title=f"{study.study_name}: optimisation history",
                             xlabel="trial", ylabel=tool.objective)
    script += "set logscale y\nset offsets 0.5, 0.5, 0, 0\n"
    plot = [f"'{name}.dat' index 0 using 1:2 with points pointtype 7 pointsize 1.2 linecolor rgb '#1f77b4' title 'completed' noenhanced",
            f"'{name}.dat' index 0 using 1:3 with steps linewidth 2 linecolor rgb '#d62728' title 'best so far' noenhanced"]
    if pruned:
        plot.append(f"'{name}.dat' index 1 using 1:2 with points pointtype 6 pointsize 1.2 linecolor rgb '#7f7f7f' "
                    f"title 'pruned (last reported {tool.intermediate})' noenhanced")
    script += "plot " + ", \\\n     ".join(plot) + "\n"
    return _save(folder, name, "\n".join(rows) + "\n", script)


def _importances(study, tool, folder):
    name = "param-importances"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        try:
            import sklearn  # noqa: F401 -- Optuna's default evaluator, fANOVA, needs it
            evaluator, method = None, "fANOVA"
        except ImportError:
            evaluator, method = optuna.importance.PedAnovaImportanceEvaluator(), "PED-ANOVA"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            importances = optuna.importance.get_param_importances(study, evaluator=evaluator)
    except (ValueError, RuntimeError):
        return None  # fewer than two completed trials, or no parameter varied
    if not importances:
        return None
    rows = [f"# index, importance ({method}, normalised to sum 1), parameter"]
    rows += [f"{index} {value!r} {key}" for index, (key, value) in enumerate(importances.items())]
    script = PREAMBLE.format(name=name, title=f"{study.study_name}: parameter importances for {tool.objective}",
                             xlabel="", ylabel="importance")
    script += ("set style fill solid 0.6\nset boxwidth 0.6\nset yrange [0:*]\nset xtics rotate by -30\nunset key\n"
               f"plot '{name}.dat' using 1:2:xtic(3) with boxes linecolor rgb '#1f77b4' notitle\n")
    return _save(folder, name, "\n".join(rows) + "\n", script)


def _save(folder, name, data, script):
    _atomic(folder / f"{name}.dat", HEADER.format(name=name) + data)
    _atomic(folder / f"{name}.gp", HEADER.format(name=name) + script)
    if shutil.which("gnuplot"):
        # Rendered to a temporary name, then renamed: several workers may finish together.
        temporary = f".{name}.{os.getpid()}.png"
        result = subprocess.run(["gnuplot", "-e", f"outfile='{temporary}'", f"{name}.gp"], cwd=folder,
                                capture_output=True, text=True)
        if result.returncode == 0:
            os.replace(folder / temporary, folder / f"{name}.png")
            return folder / f"{name}.png"
    return folder / f"{name}.gp"


def _matplotlib(study, folder):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as pyplot
        from optuna.visualization import matplotlib as plots
    except ImportError:
        return []
    written = []
    for name, draw in [("optuna-optimization-history", plots.plot_optimization_history),
                       ("optuna-param-importances", plots.plot_param_importances),
                       ("optuna-intermediate-values", plots.plot_intermediate_values)]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
                axes = draw(study)
        except (ValueError, RuntimeError, ImportError):
            continue
        path = folder / f"{name}.png"
        temporary = folder / f".{name}.{os.getpid()}.png"
        axes.figure.savefig(temporary, dpi=110, bbox_inches="tight")
        pyplot.close(axes.figure)
        os.replace(temporary, path)
        written.append(path)
    return written


def _atomic(path, text):
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
