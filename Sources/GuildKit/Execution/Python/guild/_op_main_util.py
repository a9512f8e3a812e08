# Support code for `guild.op_main` (written by the Swift `guild` binary).
# Imported only when needed: logging setup, YAML patch, flag decoding
# for the globals/dict/namespace destinations, error printing.

import os
import sys

# =================================================================
# Logging and YAML patch (called by op_main's post-import hook)
# =================================================================


def configure_logging(logging, level):
    """Configures the root logger as Guild's op_main does."""
    fmt = os.getenv("LOG_FORMAT", "%(levelname)s: [%(name)s] %(message)s")
    try:
        isatty = sys.stderr.isatty()
    except Exception:
        isatty = False
    shell = os.getenv("SHELL")

    class Formatter(logging.Formatter):
        def format(self, record):
            s = super().format(record)
            if isatty and shell:
                if record.levelno >= logging.ERROR:
                    s = f"\033[31m{s}\033[0m"
                elif record.levelno >= logging.WARNING:
                    s = f"\033[33m{s}\033[0m"
            if not isatty:
                s = _strip_ansi(s)
            return s

    class ConsoleLogHandler(logging.StreamHandler):
        def __init__(self):
            super().__init__()
            self.setFormatter(Formatter(fmt))

    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(level)
    root.addHandler(ConsoleLogHandler())


def _strip_ansi(s):
    if "\033" not in s:
        return s
    import re

    return re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", s)


# PyYAML's float resolver as Guild patches it (`1e2` is a float); `_op_main_yaml` decodes with it.
FLOAT_PATTERN = r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$"""


def patch_yaml_resolver(yaml, _level=None):
    """Same float resolver patch Guild applies (e.g. `1e2` is a float)."""
    import re

    yaml.resolver.Resolver.add_implicit_resolver(
        "tag:yaml.org,2002:float", re.compile(FLOAT_PATTERN, re.X), list("-+0123456789.")
    )


# =================================================================
# Flags for globals, global:NAME, dict:NAME and namespace:NAME
# =================================================================


def globals_dest(args):
    flags, base_args = args_to_flags(args)
    return "globals", base_args, flags


def global_dict_dest(args, global_name):
    flags, base_args = args_to_flags(args)
    flags = _nested_config(flags)
    return "globals", base_args, _global_dest(global_name, flags)


def global_simple_namespace_dest(args, global_name):
    _dest, base_args, global_dest = global_dict_dest(args, global_name)
    for name, val in global_dest.items():
        global_dest[name] = _dict_to_simple_namespace(val)
        break
    return "globals", base_args, global_dest


def _dict_to_simple_namespace(d):
    from types import SimpleNamespace

    return SimpleNamespace(
        **{
            name: _dict_to_simple_namespace(val) if isinstance(val, dict) else val
            for name, val in d.items()
        }
    )


def split_args_for_flags(args):
    """Returns `flag_args, other_args` split at the last `--`."""
    for i in range(len(args) - 1, -1, -1):
        if args[i] == "--":
            return args[i + 1 :], args[:i]
    return args, []


def args_to_flags(args):
    """Returns `flags, other_args` for `args` (see Guild's op_util)."""
    flags = {}
    flag_args, other_args = split_args_for_flags(args)
    name = None
    for arg in flag_args:
        if arg[:2] == "--":
            _maybe_switch(flags, name)
            name = arg[2:]
        elif arg[:1] == "-":
            maybe_num = decode_yaml(arg)
            if isinstance(maybe_num, (int, float)):
                _set_or_append_flag(flags, name, maybe_num)
            elif len(arg) == 2:
                _maybe_switch(flags, name)
                name = arg[1]
            elif len(arg) > 2:
                _maybe_switch(flags, name)
                name = arg[1]
                _set_or_append_flag(flags, name, arg[2:])
        elif name is not None:
            _set_or_append_flag(flags, name, decode_yaml(arg))
        else:
            other_args.append(arg)
    _maybe_switch(flags, name)
    return flags, other_args


def _maybe_switch(flags, name):
    if name is not None and name not in flags:
        flags[name] = True


def _set_or_append_flag(flags, name, val):
    try:
        existing = flags[name]
    except KeyError:
        flags[name] = val
    else:
        if isinstance(existing, list):
            existing.append(val)
        else:
            flags[name] = [existing, val]


def _nested_config(kv):
    nested = {}
    for name, val in sorted(kv.items()):
        parts = name.split(".")
        cur = nested
        for i in range(0, len(parts) - 1):
            cur = cur.setdefault(parts[i], {})
            if not isinstance(cur, dict):
                conflicts_with = ".".join(parts[0 : i + 1])
                raise ValueError(
                    f"{name!r} cannot be nested: conflicts with "
                    f"{{{conflicts_with!r}: {cur}}}"
                )
        cur[parts[-1]] = val
    return nested


def _global_dest(global_name, flags):
    dest = cur = {}
    for name in global_name.split("."):
        cur = cur.setdefault(name, {})
    cur.update(flags)
    return dest


# =================================================================
# Flag value decoding
# =================================================================

_SIMPLE_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-"
)


def _is_simple(s):
    """True if `s` decodes here exactly as PyYAML would decode it."""
    if not s or s == "-" or s.startswith(("---", "...")):
        return False
    return all(c in _SIMPLE_CHARS for c in s)


_NULLS = ("", "~", "null", "Null", "NULL")
_BOOLS = {
    "yes": True, "Yes": True, "YES": True,
    "true": True, "True": True, "TRUE": True,
    "on": True, "On": True, "ON": True,
    "no": False, "No": False, "NO": False,
    "false": False, "False": False, "FALSE": False,
    "off": False, "Off": False, "OFF": False,
}
_DIGITS = frozenset("0123456789")
_DIGITS_ = frozenset("0123456789_")


def resolve_simple(v):
    """Resolves a plain scalar made of `_SIMPLE_CHARS` like PyYAML.

    Same results as PyYAML's SafeLoader implicit resolvers (YAML 1.1,
    plus Guild's float patch) without importing `re`.
    """
    if v in _NULLS:
        return None
    b = _BOOLS.get(v)
    if b is not None:
        return b
    if _is_int(v):
        return _int(v)
    if _is_float(v):
        return _float(v)
    if _is_date(v):
        import datetime

        return datetime.date(int(v[0:4]), int(v[5:7]), int(v[8:10]))
    return v


def _is_int(v):
    body = v[1:] if v[:1] in ("-", "+") else v
    if body[:2] == "0b":
        return len(body) > 2 and set(body[2:]) <= set("01_")
    if body[:2] == "0x":
        return len(body) > 2 and set(body[2:]) <= set("0123456789abcdefABCDEF_")
    if body[:1] == "0":
        return len(body) == 1 or set(body[1:]) <= set("01234567_")
    return body[:1] in set("123456789") and set(body) <= _DIGITS_


def _int(value):
    # PyYAML's SafeConstructor.construct_yaml_int
    value = value.replace("_", "")
    sign = +1
    if value[0] == "-":
        sign = -1
    if value[0] in "+-":
        value = value[1:]
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if value[0] == "0":
        return sign * int(value, 8)
    if ":" in value:
        return sign * _base60(value, int)
    return sign * int(value)


def _base60(value, cast):
    # PyYAML's sexagesimal numbers: 1:30 is 90.
    total = cast(0)
    for part in value.split(":"):
        total = total * 60 + cast(part)
    return total


def _is_float(v):
    body = v[1:] if v[:1] in ("-", "+") else v
    signed = body is not v
    if body in (".inf", ".Inf", ".INF"):
        return True
    if body in (".nan", ".NaN", ".NAN"):
        return not signed
    if not body:
        return False
    if body[0] == ".":
        # \.[0-9_]+(?:[eE][-+][0-9]+)?  (no leading sign)
        if signed:
            return False
        mant, exp = _split_exp(body[1:])
        return bool(mant) and set(mant) <= _DIGITS_ and _exp_ok(exp, False)
    if body[0] not in _DIGITS:
        return False
    mant, exp = _split_exp(body)
    if "." in mant:
        int_part, _, frac = mant.partition(".")
        return (
            set(int_part) <= _DIGITS_
            and set(frac) <= _DIGITS_
            and _exp_ok(exp, True)
        )
    return exp is not None and set(mant) <= _DIGITS_ and _exp_ok(exp, True)


def _split_exp(s):
    for i, c in enumerate(s):
        if c in "eE":
            return s[:i], s[i + 1 :]
    return s, None


def _exp_ok(exp, sign_optional):
    if exp is None:
        return True
    if exp[:1] in ("-", "+"):
        exp = exp[1:]
    elif not sign_optional:
        return False
    return bool(exp) and set(exp) <= _DIGITS


def _float(value):
    # PyYAML's SafeConstructor.construct_yaml_float
    value = value.replace("_", "").lower()
    sign = 1
    if value[0] == "-":
        sign = -1
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    if ":" in value:
        return sign * _base60(value, float)
    return sign * float(value)


def _is_date(v):
    return (
        len(v) == 10
        and v[4] == "-"
        and v[7] == "-"
        and (v[0:4] + v[5:7] + v[8:10]).isdigit()
        and (v[0:4] + v[5:7] + v[8:10]).isascii()
    )


_pyyaml_decode = None


def decode_yaml(s):
    """Decodes a flag value like Guild's `yaml_util.decode_yaml`.

    Simple tokens (numbers, bools, null, words) are decoded by our own
    PyYAML-compatible resolver to avoid importing PyYAML; everything
    else uses PyYAML when it is importable, else the same fallback.
    """
    if _is_simple(s):
        return resolve_simple(s)
    global _pyyaml_decode
    if _pyyaml_decode is None:
        _pyyaml_decode = _init_pyyaml_decode() or _fallback_decode
    return _pyyaml_decode(s)


def _init_pyyaml_decode():
    if os.getenv("GUILD_OP_MAIN_NO_PYYAML") == "1":
        return None
    try:
        import yaml
    except Exception:
        return None

    def decode(s):
        try:
            return yaml.safe_load(s)
        except yaml.scanner.ScannerError as e:
            raise ValueError(e) from e

    return decode


def _fallback_decode(s):
    from guild import _op_main_yaml

    return _op_main_yaml.decode(s)


# =================================================================
# Compile with globals (Guild's python_util.exec_script node filter)
# =================================================================


def compile_with_globals(src, filename, globals):
    # `_ast` with PyCF_ONLY_AST is what `ast.parse` uses, minus the
    # cost of importing `ast` (and `enum`).
    import _ast as ast

    root = compile(src, filename, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    _filter_nodes(root, _node_filter_for_globals(globals))
    return compile(root, filename, "exec", dont_inherit=True)


def _node_filter_for_globals(globals):
    """Removes initial assigns of any names occurring in `globals`."""
    import _ast as ast

    names = set(globals.keys())
    removed = set()

    def f(node):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if not isinstance(target, ast.Name) or target.id in removed:
                    return True
                if target.id in names:
                    removed.add(target.id)
                    return False
        return True

    return f


def _filter_nodes(root, node_filter):
    import _ast as ast

    if isinstance(root, (ast.Module, ast.If)):
        body = [
            _filter_nodes(node, node_filter)
            for node in root.body
            if node_filter(node)
        ]
        if not body and isinstance(root, ast.If):
            body = [ast.Pass(lineno=root.lineno, col_offset=root.col_offset)]
        root.body = body
    return root


# =================================================================
# Errors
# =================================================================


def print_script_error(op_main_file):
    """Prints the current exception like Guild (without op_main frames).

    Returns False if the exception should be re-raised instead.
    """
    import traceback

    exc_lines = traceback.format_exception(*sys.exc_info())
    if len(exc_lines) < 3:
        return False
    # Print exception starting with the first frame outside this package
    filtered_exc_lines = []
    this_dir = os.path.dirname(op_main_file)
    for line in exc_lines[1:]:
        if filtered_exc_lines or this_dir not in line:
            filtered_exc_lines.append(line)
    if not filtered_exc_lines:
        return False
    sys.stderr.write(exc_lines[0])
    for line in filtered_exc_lines:
        sys.stderr.write(line)
    if os.getenv("BREAK_ON_ERROR") == "1":
        sys.stderr.write("Entering post mortem debug session\n")
        import pdb

        pdb.post_mortem()
    return True
