#!/usr/bin/env python3
"""Reads a sweep's (or any folder of runs') TensorBoard logs with TensorBoard's own HParams
plugin — the code behind the HParams tab, called as the browser calls it — and checks that every
run is a session with its options as hyperparameters and, once finished, its final metrics.

    scripts/check-tensorboard-hparams.py LOGDIR [--metric hparams/cv_chi2_per_n] [--sessions N]

Needs the `tensorboard` package (pip install tensorboard); CI runs it from the sweep's venv.
Exits non-zero naming what is missing.
"""
import argparse
import json
import sys

from tensorboard import context
from tensorboard.backend.event_processing import data_provider, plugin_event_multiplexer
from tensorboard.plugins import base_plugin
from tensorboard.plugins.hparams import hparams_plugin
from werkzeug.test import EnvironBuilder

ALL_STATUSES = ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"]


def hparams_routes(logdir):
    multiplexer = plugin_event_multiplexer.EventMultiplexer()
    multiplexer.AddRunsFromDirectory(logdir)
    multiplexer.Reload()
    provider = data_provider.MultiplexerDataProvider(multiplexer, logdir)
    plugin = hparams_plugin.HParamsPlugin(base_plugin.TBContext(logdir=logdir, multiplexer=multiplexer,
                                                                data_provider=provider))
    apps = plugin.get_plugin_apps()

    def call(route, body):
        environ = EnvironBuilder(method="POST", path=f"/data/plugin/hparams{route}", data=json.dumps(body),
                                 content_type="application/json").get_environ()
        context.set_in_environ(environ, context.RequestContext())
        status = []
        reply = b"".join(apps[route](environ, lambda code, headers: status.append(code)))
        if not status or not status[0].startswith("200"):
            sys.exit(f"{logdir}: the hparams plugin answered {route} with {status}: {reply[:300]!r}")
        return json.loads(reply)

    return call


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("logdir")
    parser.add_argument("--metric", action="append", default=[], help="a metric tag every finished session must have")
    parser.add_argument("--sessions", type=int, help="how many sessions (runs) there must be")
    arguments = parser.parse_args()
    call = hparams_routes(arguments.logdir)

    experiment = call("/experiment", {"experimentName": ""})
    hparams = {info["name"]: info for info in experiment.get("hparamInfos", [])}
    metrics = [info["name"]["tag"] for info in experiment.get("metricInfos", [])]
    groups = call("/session_groups", {"experimentName": "", "allowedStatuses": ALL_STATUSES, "colParams": [],
                                      "startIndex": 0, "sliceSize": 100000})
    sessions = [session for group in groups.get("sessionGroups", []) for session in group["sessions"]]
    problems = []
    if not sessions:
        problems.append("no HParams session found")
    if arguments.sessions is not None and len(sessions) != arguments.sessions:
        problems.append(f"{len(sessions)} sessions, expected {arguments.sessions}")
    differing = sorted(name for name, info in hparams.items() if info.get("differs"))
    print(f"{arguments.logdir}: {len(sessions)} sessions, {len(hparams)} hyperparameters "
          f"(differing: {', '.join(differing) or 'none'}), {len(metrics)} metrics")
    by_name = {group["name"]: group for group in groups.get("sessionGroups", [])}
    for session in sorted(sessions, key=lambda s: s["name"]):
        group = by_name.get(session["name"], {})
        values = {m["name"]["tag"]: m.get("value") for m in session.get("metricValues", []) if not m["name"].get("group")}
        shown = ", ".join(f"{name}={group.get('hparams', {}).get(name)}" for name in differing)
        print(f"  {session['name']}: {session.get('status', 'STATUS_UNKNOWN')}; {shown}; "
              + ", ".join(f"{tag}={values[tag]:.6g}" for tag in arguments.metric if tag in values))
        if not group.get("hparams"):
            problems.append(f"{session['name']}: no hyperparameters")
        if session.get("status") == "STATUS_SUCCESS":
            problems += [f"{session['name']}: finished without metric {tag}" for tag in arguments.metric if tag not in values]
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
