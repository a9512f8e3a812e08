# The part of Guild AI's `guild.batch_util` that an operation used as a batch's optimizer calls
# (written by the Swift `guild` binary): `batch_run()` for the current batch run and its proto,
# and `run_trial(batch_run, flags)`, which makes and runs one trial through `guild run`.

import os
import subprocess
import sys
import uuid


class CurrentRunNotBatchError(Exception):
    pass


class Run:
    """A run directory with its attrs, as Guild AI's `guild.run.Run` reads them."""

    def __init__(self, id, path):
        self.id = id
        self.dir = self.path = path

    def guild_path(self, *subpath):
        return os.path.join(self.dir, ".guild", *subpath)

    def get(self, name, default=None):
        try:
            with open(self.guild_path("attrs", name)) as f:
                text = f.read()
        except OSError:
            return default
        val = _decode_yaml(text)
        return default if val is None else val

    @property
    def batch_proto(self):
        path = self.guild_path("proto")
        return Run("", path) if os.path.exists(path) else None

    def __repr__(self):
        return f"<guild.run.Run '{self.id}'>"


def _decode_yaml(text):
    try:
        import yaml
    except ImportError:
        from guild import _op_main_util

        return _op_main_util.decode_yaml(text)
    return yaml.safe_load(text)


def batch_run():
    run_dir = os.getenv("RUN_DIR")
    if not run_dir:
        raise CurrentRunNotBatchError("no current run")
    run = Run(os.path.basename(run_dir), run_dir)
    if run.batch_proto is None:
        raise CurrentRunNotBatchError(f"missing proto {run.guild_path('proto')}")
    return run


def run_trial(batch_run, flag_vals):
    """Makes a trial from the batch's proto with `flag_vals` and runs it; a trial that fails
    raises SystemExit with its exit status, as Guild AI's does."""
    trial_id = uuid.uuid4().hex
    trial_dir = os.path.join(os.path.dirname(batch_run.dir), trial_id)
    os.symlink(os.path.join("..", trial_id), os.path.join(batch_run.dir, trial_id))
    flags = " ".join(f"{name}={_encode(val)}" for name, val in sorted(flag_vals.items()))
    _log(f"Running trial {trial_id}: {_op_name(batch_run)} ({flags.replace(' ', ', ')})")
    cmd = [
        os.getenv("GUILD_EXECUTABLE") or "guild",
        "run", "-y", "--proto", batch_run.batch_proto.dir, "--run-dir", trial_dir, "--run-id", trial_id,
    ]
    label = batch_run.batch_proto.get("label")
    if label:
        cmd += ["--label", str(label)]
    cmd += [f"{name}={_encode(val)}" for name, val in sorted(flag_vals.items())]
    env = dict(os.environ)
    env["NO_WARN_RUNDIR"] = "1"
    for name in ("RUN_DIR", "RUN_ID"):
        env.pop(name, None)
    sys.stdout.flush()
    # From the project, as the batch's own `guild run` started: a script op is found from there.
    cwd = os.getenv("CMD_DIR") or os.getenv("PROJECT_DIR") or None
    status = subprocess.call(cmd, env=env, cwd=cwd)
    if status != 0:
        raise SystemExit(status)
    return Run(trial_id, trial_dir)


def _op_name(batch_run):
    opref = open(batch_run.batch_proto.guild_path("opref")).read().split()
    return opref[-1] if opref else "?"


def _encode(val):
    if val is True:
        return "yes"
    if val is False:
        return "no"
    if val is None:
        return "null"
    return str(val)


def _log(msg):
    sys.stderr.write(f"INFO: [guild] {msg}\n")
    sys.stderr.flush()
