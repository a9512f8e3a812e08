"""Reads a Python script's flags as Guild AI's python_script plugin does.

usage: import_flags.py SCRIPT PACKAGE FLAGS_DEST BASE_ARGS OUTPUT

FLAGS_DEST is empty to detect it from the script's imports (`args` for argparse,
`args:click` for click, else `globals`). BASE_ARGS is one shell-quoted string.
OUTPUT.data receives Guild's flags data, `$dest` included, written as Guild AI
caches it in `GUILD_HOME/cache/import-flags`. OUTPUT receives a JSON object with
what went wrong, if anything:

- `{"syntax-error": {"line": N, "text": ..., "offset": N}}`;
- `{"error": MESSAGE}`: the script failed while its parser was read;
- `{"warnings": [...]}`.

The script is parsed, never run, for globals. For argparse and click it runs with
`parse_known_args` or `click.Command.__call__` patched to record the options and stop.
"""

import ast
import io
import json
import os
import re
import shlex
import sys
import traceback

script_path, package, flags_dest, base_args, out_path = sys.argv[1:6]
base_args = shlex.split(base_args)
result = {}
warnings = []


def write():
    if warnings:
        result["warnings"] = warnings
    with open(out_path, "w") as f:
        json.dump(result, f)


# =================================================================
# Script parse: imports and module-level literal assignments
# =================================================================


class Namespace(dict):
    """A SimpleNamespace(...) call's keywords."""


def literal(node):
    if isinstance(node, ast.Constant):
        if node.value is None or isinstance(node.value, (bool, int, float, str)):
            return node.value
        raise TypeError(node)
    if isinstance(node, ast.Name) and node.id in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.id]
    if isinstance(node, ast.List):
        return [literal(x) for x in node.elts]
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        val = node.operand.value
        if isinstance(val, (int, float)) and not isinstance(val, bool):
            if isinstance(node.op, ast.USub):
                return -val
            if isinstance(node.op, ast.UAdd):
                return +val
        raise TypeError(node)
    if isinstance(node, ast.Dict):
        return {literal(k): literal(v) for k, v in zip(node.keys, node.values)}
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.endswith("SimpleNamespace")
    ):
        return Namespace({kw.arg: literal(kw.value) for kw in node.keywords})
    raise TypeError(node)


def parse_script(path):
    with open(path) as f:
        tree = ast.parse(f.read())
    imports, params = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.module:
                imports.append(node.module)
            imports.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            imports.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.Assign) and node.col_offset == 0:
            try:
                val = literal(node.value)
            except TypeError:
                continue
            for target in node.targets:
                # Later assignments of a name are ignored (Guild AI #442).
                if isinstance(target, ast.Name) and target.id not in params:
                    params[target.id] = val
    return imports, params


# =================================================================
# Flag data
# =================================================================


def encode_yaml_scalar(val):
    """PyYAML's `safe_dump` of a scalar, as Guild encodes list flag values."""
    try:
        import yaml
    except ImportError:
        return fallback_yaml_scalar(val)
    encoded = yaml.safe_dump(val, default_flow_style=False, indent=2).strip()
    return encoded[:-4].strip() if encoded.endswith("\n...") else encoded


def fallback_yaml_scalar(val):
    if val is True or val is False:
        return str(val).lower()
    if val is None:
        return "null"
    if not isinstance(val, str):
        return repr(val)
    plain = re.compile(
        r"^(|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
        r"|on|On|ON|off|Off|OFF|[-+]?[0-9_.]+([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$"
    )
    return "'" + val.replace("'", "''") + "'" if plain.match(val) else val


def splittable(vals):
    """A global's list default, as Guild's flags_import_util encodes it."""
    return " ".join(shlex.quote(encode_yaml_scalar(x)) for x in vals)


def splittable_flag_vals(vals):
    """An argparse list default, as Guild's flag_util.join_splittable_flag_vals encodes it."""
    return " ".join(shlex.quote(encode_flag_val(x)) for x in vals)


def encode_flag_val(val):
    if val is True or val is False:
        return "yes" if val else "no"
    if val is None:
        return "null"
    return encode_yaml_scalar(val)


def flag_data_for_val(val):
    if isinstance(val, list):
        default, arg_split = splittable(val), True
    else:
        default, arg_split = val, None
    if isinstance(val, str):
        flag_type = "string"
    elif isinstance(val, bool):
        flag_type = "boolean"
    elif isinstance(val, (int, float)):
        flag_type = "number"
    else:
        flag_type = None
    return {"default": default, "type": flag_type, "arg-split": arg_split}


def nested_config(val, prefix=""):
    out = {}
    for name, item in val.items():
        key = f"{prefix}{name}"
        if isinstance(item, dict):
            out.update(nested_config(item, key + "."))
        else:
            out[key] = item
    return out


def assigns_flags_data(params):
    return {
        str(name): flag_data_for_val(val)
        for name, val in params.items()
        if str(name)[:1] != "_" and not isinstance(val, dict)
    }


def global_param_flags_data(params, name):
    val = params.get(name)
    if isinstance(val, dict):
        return assigns_flags_data(nested_config(val))
    kind = "NoneType" if val is None else type(val).__name__
    warnings.append(
        f"cannot import flags for param '{name}' in '{os.path.relpath(script_path)}': "
        f"param must be a dict or SimpleNamespace (got {kind})"
    )
    return {}


def encodable(val):
    try:
        json.dumps(val)
        return val
    except TypeError:
        return str(val)


# =================================================================
# argparse
# =================================================================

ARGPARSE_TYPES = {str: "string", float: "float", int: "int", bool: "boolean"}


def argparse_action_flag(action):
    attrs = {}
    if action.help:
        attrs["description"] = action.help
    if action.default is not None:
        attrs["default"] = encodable(action.default)
    if action.choices:
        attrs["choices"] = encodable(list(action.choices))
    if action.required:
        attrs["required"] = True
    if action.type:
        if action.type in ARGPARSE_TYPES:
            attrs["type"] = ARGPARSE_TYPES[action.type]
        else:
            attrs["type"] = None
    kind = action.__class__.__name__
    if kind == "_StoreTrueAction":
        attrs["arg-switch"] = True
        attrs["choices"] = [True, False]
    elif kind == "_StoreFalseAction":
        attrs["arg-switch"] = False
        attrs["choices"] = [True, False]
    elif kind == "BooleanOptionalAction":
        opts = action.option_strings
        if len(opts) == 2 and opts[0][:2] == "--" and opts[1][:2] == "--":
            attrs["choices"] = [True, False]
            attrs["arg-name"] = opts[1][2:] if action.default else opts[0][2:]
            attrs["arg-switch"] = not action.default
    nargs = action.nargs
    if nargs in ("+", "*") or (isinstance(nargs, (int, float)) and nargs > 1):
        attrs["arg-split"] = True
        if isinstance(attrs.get("default"), list):
            attrs["default"] = splittable_flag_vals(attrs["default"])
    if attrs.get("type", 0) is None:
        del attrs["type"]
    return attrs


class FlagsRead(BaseException):
    pass


def argparse_flags():
    import argparse

    flags = {}

    def capture(parser, *_args, **_kw):
        for action in parser._actions:
            name = next((o[2:] for o in action.option_strings if o.startswith("--")), None)
            if not name:
                continue
            if action.__class__.__name__ not in (
                "_StoreAction",
                "_StoreTrueAction",
                "_StoreFalseAction",
                "BooleanOptionalAction",
            ):
                continue
            flags[name] = argparse_action_flag(action)
        raise FlagsRead()

    argparse.ArgumentParser.parse_known_args = capture
    run_script()
    return flags


# =================================================================
# click
# =================================================================


def click_flags():
    import click

    flags = {}

    def capture(cmd, *_args, **_kw):
        for arg in base_args:
            try:
                cmd = cmd.commands[arg]
            except (AttributeError, KeyError):
                break
        for param in cmd.params:
            name = next((o[2:] for o in param.opts if o.startswith("--")), None)
            if not name or not isinstance(param, click.Option):
                continue
            attrs = flags[name] = {}
            if param.help:
                attrs["description"] = param.help
            if param.default is not None:
                attrs["default"] = encodable(param.default)
            if isinstance(param.type, click.Choice):
                attrs["choices"] = encodable(list(param.type.choices))
            if param.required:
                attrs["required"] = True
            if param.is_flag:
                attrs["arg-switch"] = not param.default
            t = param.type
            if t in (bool, click.BOOL) or isinstance(t, click.types.BoolParamType):
                attrs["type"] = "boolean"
            elif t in (int, click.INT) or isinstance(t, click.types.IntParamType):
                attrs["type"] = "int"
            elif t in (float, click.FLOAT) or isinstance(t, click.types.FloatParamType):
                attrs["type"] = "float"
            elif t in (str, click.STRING) or isinstance(t, click.types.StringParamType):
                attrs["type"] = "string"
        raise FlagsRead()

    click.Command.__call__ = capture
    run_script()
    return flags


def run_script():
    """Runs the script as __main__ with output discarded, until its parser is read."""
    import runpy

    sys.argv = [script_path] + base_args + ["--help"]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script_path)))
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    try:
        runpy.run_path(script_path, run_name=f"{package}.__main__" if package else "__main__")
    except FlagsRead:
        pass
    except SystemExit:
        pass
    except BaseException:
        sys.stdout, sys.stderr = saved
        result["error"] = traceback.format_exc().strip().split("\n")[-1]
        write()
        os._exit(0)
    finally:
        sys.stdout, sys.stderr = saved


# =================================================================
# Main
# =================================================================


def main():
    try:
        imports, params = parse_script(script_path)
    except SyntaxError as e:
        result["syntax-error"] = {
            "line": e.lineno or 0,
            "text": (e.text or "").rstrip(),
            "offset": e.offset or 1,
        }
        write()
        return
    dest = flags_dest
    if not dest:
        if "argparse" in imports:
            dest = "args"
        elif "click" in imports:
            dest = "args:click"
        else:
            dest = "globals"
    if dest == "args":
        data = argparse_flags()
    elif dest == "args:click":
        data = click_flags()
    elif dest == "globals":
        data = assigns_flags_data(params)
    elif dest.startswith("global:"):
        data = global_param_flags_data(params, dest[7:])
    elif dest.startswith("dict:"):
        data = global_param_flags_data(params, dest[5:])
    elif dest.startswith("namespace:"):
        data = global_param_flags_data(params, dest[10:])
    else:
        data = {}
    apply_abs_paths(data)
    data["$dest"] = dest
    with open(out_path + ".data", "w") as f:
        json.dump(data, f)
    write()
    os._exit(0)


def apply_abs_paths(data):
    script_dir = os.path.dirname(script_path)
    for attrs in data.values():
        if not isinstance(attrs, dict):
            continue
        default = attrs.get("default")
        if not default or not isinstance(default, str) or os.path.sep not in default:
            continue
        path = os.path.join(script_dir, default)
        if os.path.exists(path):
            attrs["default"] = path


main()
