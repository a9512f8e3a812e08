"""Renders custom `guild publish` templates with Jinja2.

`python3 render_templates.py REQUEST.json`. The request (written by guild) holds:

- `mode`: `run` (every file of a template directory into a published run's directory) or
  `index` (one template file into `DEST/README.md`);
- `template`: the template directory (`run`) or file (`index`);
- `dest`: the published run's directory (`run`) or the index file (`index`);
- `templates_home`: the directory holding `publish-default/`, which templates extend and include;
- `vars`: `run` and `flags` (`run`), or `runs` (`index`), as the templates see them. `scalars`,
  `runfiles`, `sourcecode` (CSV rows) and `output` are read from the run's directory.

Files whose names start with `_` are parts for other templates and are not written. Exit 3:
Jinja2 is not installed; exit 2: a template error, described on stderr.
"""

import csv
import datetime
import json
import os
import shutil
import sys


def main():
    with open(sys.argv[1]) as f:
        request = json.load(f)
    try:
        import jinja2
    except ImportError:
        sys.stderr.write("custom publish templates need Python's jinja2 (pip install jinja2)\n")
        sys.exit(3)
    try:
        if request["mode"] == "index":
            _render_file(jinja2, request["template"], request["dest"], request["vars"], request, None)
        else:
            _render_run(jinja2, request)
    except jinja2.TemplateError as e:
        sys.stderr.write(_error_text(e) + "\n")
        sys.exit(2)


def _render_run(jinja2, request):
    template_dir = request["template"]
    run_dest = request["dest"]
    template_vars = dict(request["vars"])
    for name in ("scalars", "runfiles", "sourcecode"):
        template_vars[name] = _read_csv(os.path.join(run_dest, name + ".csv"))
    template_vars["output"] = _read_text(os.path.join(run_dest, "output.txt"))
    for root, _dirs, names in os.walk(template_dir):
        for name in sorted(names):
            if name.startswith("_"):
                continue
            src = os.path.join(root, name)
            dest = os.path.join(run_dest, os.path.relpath(src, template_dir))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            if _is_text(src):
                _render_file(jinja2, src, dest, template_vars, request, run_dest)
            else:
                shutil.copyfile(src, dest)


def _render_file(jinja2, src, dest, template_vars, request, run_dest):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([os.path.dirname(src), request["templates_home"]]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
    )
    env.filters.update(_filters(jinja2, run_dest))
    template = env.get_template(os.path.basename(src))
    with open(dest, "w") as f:
        for part in template.generate(template_vars):
            f.write(part)
        f.write(os.linesep)


def _error_text(e):
    filename = getattr(e, "filename", None)
    if not filename:
        return str(e)
    text = filename
    if getattr(e, "lineno", None):
        text += ":" + str(e.lineno)
    if e.message:
        text += ": " + e.message
    return text


def _read_csv(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return list(csv.reader(f))


def _read_text(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read()


def _is_text(path):
    with open(path, "rb") as f:
        sample = f.read(1024)
    if b"\0" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _filters(jinja2, run_dest):
    def empty(val):
        if val in (None, "") or isinstance(val, jinja2.Undefined):
            return ""
        return val

    def flag_val(val):
        if isinstance(val, jinja2.Undefined):
            return ""
        return _format_attr(val)

    def runfile_link(path):
        if run_dest is None:
            raise jinja2.TemplateError("runfile_link cannot be used in this context (not publishing a run)")
        if not isinstance(path, str):
            return ""
        if os.path.isfile(os.path.join(run_dest, "runfiles", path)):
            return "runfiles/" + path
        return None

    def utc_date(val, unit="s"):
        if not isinstance(val, (int, float, str)):
            return ""
        try:
            val = int(val)
        except (ValueError, TypeError):
            return ""
        scale = {"s": 1000000, "ms": 1000, "us": 1}.get(unit)
        if scale is None:
            raise ValueError(f"unsupported unit {unit!r} (expected s, ms, or us)")
        if not val:
            return None
        when = datetime.datetime.fromtimestamp(val * scale / 1000000, datetime.timezone.utc)
        return when.strftime("%Y-%m-%d %H:%M:%S UTC")

    def file_size(val):
        if not isinstance(val, (int, float, str)):
            return ""
        try:
            return _format_bytes(int(val))
        except (ValueError, TypeError):
            return ""

    def scalar_key(row):
        if not isinstance(row, dict):
            return ""
        prefix, tag = row.get("prefix"), row.get("tag")
        if not prefix or prefix == ".guild":
            return tag
        return f"{prefix}#{tag}"

    def csv_dict_rows(rows):
        if not rows:
            return []
        return [dict(zip(rows[0], row)) for row in rows[1:]]

    return {
        "csv_dict_rows": csv_dict_rows,
        "empty": empty,
        "file_size": file_size,
        "flag_val": flag_val,
        "nbhyph": lambda s: s.replace("-", "&#8209;") if s else s,
        "nbsp": lambda x: x if x else "&nbsp;",
        "runfile_link": runfile_link,
        "scalar_key": scalar_key,
        "short_id": lambda i: i[:8] if isinstance(i, str) else "",
        "utc_date": utc_date,
    }


def _format_attr(val):
    if val is None:
        return ""
    if isinstance(val, str):
        return val
    if isinstance(val, bool):
        return "yes" if val else "no"
    if isinstance(val, (int, float)):
        return repr(val)
    if isinstance(val, list):
        return "\n" + "\n".join(f"  {_format_attr(item)}" for item in val)
    if isinstance(val, dict):
        return "\n" + "\n".join(f"  {key}: {_format_attr(val[key])}" for key in sorted(val))
    return str(val)


def _format_bytes(n):
    for unit in (None, "K", "M", "G", "T", "P", "E"):
        if abs(n) < 1024:
            return str(n) if unit is None else f"{n:.1f}{unit}"
        n /= 1024.0
    return f"{n:.1f}Z"


if __name__ == "__main__":
    main()
