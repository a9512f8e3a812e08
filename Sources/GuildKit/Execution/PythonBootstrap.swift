import Foundation

/// The small `guild` Python package that Python operations run through:
/// `python -um guild.op_main MODULE [ARGS...] [-- FLAG_ARGS...]`.
///
/// A dependency-free re-implementation of Guild AI 0.9.0's `guild.op_main`
/// (it does not need Guild AI or PyYAML installed). `install(in:)` writes it
/// under the Guild cache directory; the returned directory goes on
/// `PYTHONPATH`, right after the source code paths (see `pythonPath`).
///
/// Environment read by `op_main` (all optional):
/// - `FLAGS_DEST`: `args` (default; also `args:*`), `globals`, `global:NAME`,
///   `dict:NAME`, `namespace:NAME`; `none`, `config:*` and anything else drop
///   the flag args.
/// - `LOG_LEVEL` (int; default 30), `LOG_FORMAT`, `LOG_INIT_SKIP=1`: root
///   logger setup done when the script imports `logging`; `LOG_LEVEL<=10`
///   also shows warnings, op_main debug lines and full tracebacks.
/// - `HANDLE_KEYBOARD_INTERRUPT`: non-empty lets `KeyboardInterrupt`
///   propagate (Python dies by SIGINT); otherwise Ctrl-C exits 0 quietly.
/// - `SCRIPT_DIR` (replaces `sys.path[0]`), `NO_SYS_PATH_MODIFY=1` (keeps
///   cwd on `sys.path`), `NO_PATCH_YAML=1`, `BREAK_ON_ERROR=1`,
///   `GUILD_OP_MAIN_NO_PYYAML=1` (never import PyYAML; for tests).
public enum PythonBootstrap {
    /// `guild/__init__.py`: nearly empty; sets `__version__ = "0.9.0"` like Guild AI plus a `__bootstrap__` marker.
    public static let initSource: String = #"""
        # Minimal `guild` package written by the Swift `guild` binary so that
        # `python -m guild.op_main` works without Guild AI installed. It only
        # provides `guild.op_main`; Guild AI's Python API (guild.ipy, guild._api,
        # guild.summary, ...) is not available here.

        import os

        __pkgdir__ = os.path.dirname(os.path.dirname(__file__))

        __version__ = "0.9.0"

        __bootstrap__ = True
        """#

    /// `guild/op_main.py`: the hot path (sys.path, module lookup, FLAGS_DEST dispatch, exec, exit codes).
    public static let opMainSource: String = #"""
        # Minimal, dependency-free re-implementation of Guild AI 0.9.0
        # `guild.op_main`, written to disk by the Swift `guild` binary.
        #
        #   python -um guild.op_main MODULE [MAIN_ARGS...] [-- FLAG_ARGS...]
        #
        # Run with cwd = run dir. MODULE is `mod`, `pkg.mod` or `sub/dir/mod`.
        # `FLAGS_DEST` selects how flag args reach the script. Only the hot
        # path lives here; everything else is in `guild._op_main_util`, which
        # is imported only when needed (load time adds to every run).

        import os
        import sys

        __argv0 = sys.argv

        NO_FLAGS_DEST = object()

        _LOG_LEVEL = None  # effective level of Guild's log


        class ModuleInfo:
            def __init__(self, mod_path, package):
                self.mod_path = mod_path
                self.package = package


        def main():
            _init_sys_path()
            _init_logging()
            _init_warnings()
            _debug("cwd: %s", os.getcwd())
            _debug("sys.path: %s", os.path.pathsep.join(sys.path))
            if len(sys.argv) < 2:
                _internal_error("missing required arg\n")
            _try_module(sys.argv[1], sys.argv[2:])


        def _init_sys_path():
            script_dir = os.getenv("SCRIPT_DIR")
            if script_dir is not None:
                sys.path[0] = script_dir
            elif os.getenv("NO_SYS_PATH_MODIFY") != "1":
                # Remove cwd from Python path to rely on `PYTHONPATH` exclusively
                del sys.path[0]


        def _init_logging():
            global _LOG_LEVEL
            _LOG_LEVEL = 30
            if os.getenv("LOG_INIT_SKIP") != "1":
                try:
                    _LOG_LEVEL = int(os.getenv("LOG_LEVEL", "30"))
                except ValueError:
                    pass
                # Guild configures the root logger before the script runs. We
                # do the same, but only once `logging` is actually imported.
                _post_import.add("logging", "configure_logging")
            if os.getenv("NO_PATCH_YAML") != "1":
                _post_import.add("yaml", "patch_yaml_resolver")
            _post_import.install()


        def _init_warnings():
            if _LOG_LEVEL > 10:
                import warnings

                warnings.simplefilter("ignore", Warning)


        def _debug(msg, *args):
            if _LOG_LEVEL is not None and _LOG_LEVEL <= 10:
                import logging

                logging.getLogger("guild").debug(msg, *args)


        class _PostImportHook:
            """Meta path finder calling `_op_main_util.<callback>(module)` after
            a module is loaded (lets us configure `logging` and patch `yaml`
            exactly as Guild does without paying for them up front)."""

            def __init__(self):
                self.callbacks = {}
                self.installed = False

            def add(self, name, callback):
                mod = sys.modules.get(name)
                if mod is not None:
                    _call_util(callback, mod)
                else:
                    self.callbacks[name] = callback

            def install(self):
                if self.callbacks and not self.installed:
                    sys.meta_path.insert(0, self)
                    self.installed = True

            def find_spec(self, name, path=None, target=None):
                if name not in self.callbacks:
                    return None
                spec = None
                for finder in list(sys.meta_path):
                    find_spec = getattr(finder, "find_spec", None)
                    if finder is not self and find_spec is not None:
                        spec = find_spec(name, path, target)
                        if spec is not None:
                            break
                exec_module = getattr(spec and spec.loader, "exec_module", None)
                if exec_module is None:
                    return spec

                def exec_module_and_apply(module):
                    exec_module(module)
                    callback = self.callbacks.pop(name, None)
                    if not self.callbacks and self.installed:
                        self.installed = False
                        try:
                            sys.meta_path.remove(self)
                        except ValueError:
                            pass
                    if callback is not None:
                        _call_util(callback, module)

                try:
                    spec.loader.exec_module = exec_module_and_apply
                except Exception:
                    pass
                return spec

            def invalidate_caches(self):
                pass


        def _call_util(name, arg):
            try:
                from guild import _op_main_util

                getattr(_op_main_util, name)(arg, _LOG_LEVEL)
            except Exception:
                pass


        _post_import = _PostImportHook()


        # =================================================================
        # Module lookup
        # =================================================================


        def _try_module(arg1, args):
            module_spec = arg1.replace(os.path.sep, "/")
            parts = module_spec.rsplit("/", 1)
            package_path, module = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
            if package_path:
                package_path = _try_resolve_package_path(package_path)
                _debug("using package path '%s'", package_path)
                sys.path.insert(1, package_path)
            _debug("finding module '%s'", module)
            try:
                module_info = _find_module(module)
            except ImportError as e:
                _error(str(e))
            else:
                _dispatch_module_exec(_flags_interface(args), module_info)


        def _try_resolve_package_path(package_path):
            for path in sys.path:
                maybe_resolved = os.path.join(path, package_path)
                if os.path.exists(maybe_resolved):
                    return maybe_resolved
            return package_path


        def _find_module(module):
            # Intermediate package dirs need no `__init__.py`, as with Guild.
            parts = module.split(".")
            module_path = parts[0:-1]
            package = ".".join(module_path)
            name = parts[-1]
            for sys_path_item in sys.path:
                cur_path = os.path.join(sys_path_item, *module_path)
                path, is_package = _find_module_in_dir(name, cur_path)
                if path is None:
                    continue
                if is_package:
                    path = _find_package_main(path)
                    if path is None:
                        raise ImportError(
                            f"No module named {module}.__main__ ('{module}' is "
                            "a package and cannot be directly executed)"
                        )
                return ModuleInfo(path, package)
            raise ImportError(f"No module named {module}")


        def _find_module_in_dir(name, dir):
            # Like `imp.find_module(name, [dir])` for source and bytecode.
            package_dir = os.path.join(dir, name)
            for init_name in ("__init__.py", "__init__.pyc"):
                if os.path.isfile(os.path.join(package_dir, init_name)):
                    return package_dir, True
            for suffix in (".py", ".pyc"):
                path = os.path.join(dir, name + suffix)
                if os.path.isfile(path):
                    return path, False
            return None, False


        def _find_package_main(mod_path):
            for name in ("__main__.py", "__main__.pyc"):
                path = os.path.join(mod_path, name)
                if os.path.exists(path):
                    return path
            return None


        # =================================================================
        # Flags interface
        # =================================================================


        def _flags_interface(args):
            dest = os.getenv("FLAGS_DEST", "args")
            if dest == "args" or dest.startswith("args:"):
                flag_args, base_args = split_args_for_flags(args)
                return "args", base_args + flag_args, {}
            if dest == "globals":
                return _util().globals_dest(args)
            if dest.startswith("global:"):
                return _util().global_dict_dest(args, dest[7:])
            if dest.startswith("dict:"):
                return _util().global_dict_dest(args, dest[5:])
            if dest.startswith("namespace:"):
                return _util().global_simple_namespace_dest(args, dest[10:])
            if dest != "none":
                _debug("guild.op_main ignoring flags dest %r", dest)
            _flag_args, base_args = split_args_for_flags(args)
            return NO_FLAGS_DEST, base_args, {}


        def split_args_for_flags(args):
            """Returns `flag_args, other_args` split at the last `--`."""
            for i in range(len(args) - 1, -1, -1):
                if args[i] == "--":
                    return args[i + 1 :], args[:i]
            return args, []


        def _util():
            from guild import _op_main_util

            return _op_main_util


        # =================================================================
        # Exec
        # =================================================================


        def _dispatch_module_exec(flags_interface, module_info):
            dest, args, flags = flags_interface
            if dest in ("args", NO_FLAGS_DEST):
                _exec_module(module_info, args)
            elif dest == "globals":
                _exec_module(module_info, args, flags)
            else:
                assert False, flags_interface


        def _exec_module(module_info, args, globals=None):
            sys.argv = [module_info.mod_path] + args
            _debug("argv: %s", sys.argv)
            if module_info.package:
                mod_name = f"{module_info.package}.__main__"
            else:
                mod_name = "__main__"
            _debug("loading module from '%s'", module_info.mod_path)
            # Without HANDLE_KEYBOARD_INTERRUPT, Ctrl-C ends the op quietly
            # with exit 0 (as Guild does); with it, KeyboardInterrupt propagates.
            handle_interrupt = not os.getenv("HANDLE_KEYBOARD_INTERRUPT")
            log_interrupt = _LOG_LEVEL <= 10
            try:
                exec_script(module_info.mod_path, globals, mod_name=mod_name)
            except KeyboardInterrupt:
                if not handle_interrupt:
                    raise
                if log_interrupt:
                    import logging

                    logging.getLogger("guild").exception("interrupted")


        def exec_script(filename, globals=None, mod_name="__main__"):
            """Executes a Python script as code (not as an imported module).

            Names in `globals` are set before the script runs and the first
            top-level assignment to each of them is removed from the script.
            """
            globals = globals or {}
            parts = mod_name.split(".")
            package_name, mod_name = ".".join(parts[:-1]), parts[-1]
            if package_name:
                __import__(package_name)
            with open(filename, "rb") as f:
                src = f.read()
            if filename.endswith(".pyc"):
                import marshal

                code = marshal.loads(src[16:])
            elif globals:
                code = _util().compile_with_globals(src, filename, globals)
            else:
                code = compile(src, filename, "exec", dont_inherit=True)
            script_globals = dict(globals)
            script_globals.update(
                {
                    "__package__": package_name,
                    "__name__": mod_name,
                    "__file__": filename,
                }
            )
            exec(code, script_globals)
            return script_globals


        # =================================================================
        # Errors
        # =================================================================


        def _internal_error(msg):
            sys.stderr.write(f"guild.op_main: {msg}\n")
            sys.exit(2)


        def _error(msg):
            sys.stderr.write(f"guild: {msg}\n")
            sys.exit(1)


        if __name__ == "__main__":
            try:
                main()
            except Exception:
                if _LOG_LEVEL is not None and _LOG_LEVEL <= 10:
                    raise
                if len(__argv0) < 2 or not _util().print_script_error(__file__):
                    raise
                sys.exit(1)
        """#

    /// `guild/_op_main_util.py`: imported only when needed (logging setup, YAML float patch, globals/dict/namespace flags, AST filter, error printing).
    public static let opMainUtilSource: String = #"""
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


        def patch_yaml_resolver(yaml, _level=None):
            """Same float resolver patch Guild applies (e.g. `1e2` is a float)."""
            import re

            yaml.resolver.Resolver.add_implicit_resolver(
                "tag:yaml.org,2002:float",
                re.compile(
                    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                            |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                            |\.[0-9_]+(?:[eE][-+][0-9]+)?
                            |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                            |[-+]?\.(?:inf|Inf|INF)
                            |\.(?:nan|NaN|NAN))$""",
                    re.X,
                ),
                list("-+0123456789."),
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
        """#

    /// `guild/_op_main_yaml.py`: YAML flow-value decoder used when PyYAML is not importable.
    public static let opMainYamlSource: String = #"""
        # Flag value decoder used by `guild.op_main` when PyYAML is not
        # importable (written by the Swift `guild` binary). Decodes the YAML
        # subset used for flag values: plain scalars follow PyYAML's YAML 1.1
        # implicit resolvers (with Guild's float patch), plus quoted strings,
        # flow sequences and flow mappings.

        import re

        # PyYAML's int and float constructors, shared with the fast decoder (already imported: this
        # module is only loaded from it).
        from guild._op_main_util import _float, _int


        def decode(s):
            return _decoder.decode(s)


        class FallbackYaml:
            """Decodes the YAML subset used for flag values without PyYAML.

            Plain scalars follow PyYAML's YAML 1.1 implicit resolvers (with
            Guild's float patch); also handles quoted strings, flow sequences
            and flow mappings. Anything it cannot parse is returned as the
            stripped string.
            """

            _BOOLS = {
                "yes": True, "Yes": True, "YES": True,
                "true": True, "True": True, "TRUE": True,
                "on": True, "On": True, "ON": True,
                "no": False, "No": False, "NO": False,
                "false": False, "False": False, "FALSE": False,
                "off": False, "Off": False, "OFF": False,
            }
            _NULLS = ("", "~", "null", "Null", "NULL")
            _ESCAPES = {
                "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t",
                "n": "\n", "v": "\x0b", "f": "\x0c", "r": "\r", "e": "\x1b",
                " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
                "_": "\xa0", "L": "\u2028", "P": "\u2029",
            }
            _ESCAPE_CODES = {"x": 2, "u": 4, "U": 8}

            def __init__(self):
                self._int_p = re.compile(
                    r"""^(?:[-+]?0b[0-1_]+
                        |[-+]?0[0-7_]+
                        |[-+]?(?:0|[1-9][0-9_]*)
                        |[-+]?0x[0-9a-fA-F_]+
                        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
                    re.X,
                )
                self._float_p = re.compile(
                    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                        |\.[0-9_]+(?:[eE][-+][0-9]+)?
                        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                        |[-+]?\.(?:inf|Inf|INF)
                        |\.(?:nan|NaN|NAN))$""",
                    re.X,
                )
                self._date_p = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")

            def decode(self, s):
                text = s.strip()
                if text == "-" or text.startswith(("- ", "-\t")):
                    # Single item block sequence
                    return [self.decode(text[1:])]
                try:
                    val, pos = self._node(text, 0, False)
                    pos = self._skip_ws(text, pos)
                    if pos < len(text) and text[pos] == ":" and self._is_map_sep(text, pos):
                        # Single `key: value` block mapping
                        key = val
                        rest = text[pos + 1 :]
                        return {self._hashable(key): self.decode(rest)}
                    if pos != len(text):
                        return text
                    return val
                except Exception:
                    return text

            # ---- parser

            @staticmethod
            def _skip_ws(s, pos):
                n = len(s)
                while pos < n and s[pos] in " \t\r\n":
                    pos += 1
                if pos < n and s[pos] == "#" and (pos == 0 or s[pos - 1] in " \t\r\n"):
                    return n
                return pos

            @staticmethod
            def _is_map_sep(s, pos):
                return pos + 1 >= len(s) or s[pos + 1] in " \t\r\n,[]{}"

            def _node(self, s, pos, in_flow):
                pos = self._skip_ws(s, pos)
                if pos >= len(s):
                    return None, pos
                c = s[pos]
                if c == "[":
                    return self._seq(s, pos + 1)
                if c == "{":
                    return self._map(s, pos + 1)
                if c == "'":
                    return self._single(s, pos + 1)
                if c == '"':
                    return self._double(s, pos + 1)
                if c in "]},":
                    if in_flow:
                        return None, pos
                    raise ValueError(s)
                return self._plain(s, pos, in_flow)

            def _plain(self, s, pos, in_flow):
                start = pos
                n = len(s)
                end = pos
                while pos < n:
                    c = s[pos]
                    if c == ":" and self._is_map_sep(s, pos):
                        break
                    if c == "#" and pos > start and s[pos - 1] in " \t":
                        break
                    if in_flow and c in ",[]{}":
                        break
                    pos += 1
                    if c not in " \t\r\n":
                        end = pos
                text = s[start:end]
                if "\n" in text:
                    text = " ".join(line.strip() for line in text.splitlines() if line.strip())
                return self._resolve(text), end

            def _seq(self, s, pos):
                items = []
                while True:
                    pos = self._skip_ws(s, pos)
                    if pos >= len(s):
                        raise ValueError(s)
                    if s[pos] == "]":
                        return items, pos + 1
                    item, pos = self._node(s, pos, True)
                    pos = self._skip_ws(s, pos)
                    if pos < len(s) and s[pos] == ":" and self._is_map_sep(s, pos):
                        val, pos = self._node(s, pos + 1, True)
                        item = {self._hashable(item): val}
                        pos = self._skip_ws(s, pos)
                    items.append(item)
                    if pos < len(s) and s[pos] == ",":
                        pos += 1
                    elif pos < len(s) and s[pos] == "]":
                        continue
                    else:
                        raise ValueError(s)

            def _map(self, s, pos):
                result = {}
                while True:
                    pos = self._skip_ws(s, pos)
                    if pos >= len(s):
                        raise ValueError(s)
                    if s[pos] == "}":
                        return result, pos + 1
                    key, pos = self._node(s, pos, True)
                    pos = self._skip_ws(s, pos)
                    val = None
                    if pos < len(s) and s[pos] == ":":
                        val, pos = self._node(s, pos + 1, True)
                        pos = self._skip_ws(s, pos)
                    result[self._hashable(key)] = val
                    if pos < len(s) and s[pos] == ",":
                        pos += 1
                    elif pos < len(s) and s[pos] == "}":
                        continue
                    else:
                        raise ValueError(s)

            @staticmethod
            def _hashable(key):
                if isinstance(key, (list, dict)):
                    raise ValueError(key)
                return key

            @staticmethod
            def _single(s, pos):
                out = []
                n = len(s)
                while pos < n:
                    c = s[pos]
                    if c == "'":
                        if pos + 1 < n and s[pos + 1] == "'":
                            out.append("'")
                            pos += 2
                            continue
                        return "".join(out), pos + 1
                    out.append(c)
                    pos += 1
                raise ValueError(s)

            def _double(self, s, pos):
                out = []
                n = len(s)
                while pos < n:
                    c = s[pos]
                    if c == '"':
                        return "".join(out), pos + 1
                    if c == "\\":
                        pos += 1
                        if pos >= n:
                            break
                        e = s[pos]
                        if e in self._ESCAPES:
                            out.append(self._ESCAPES[e])
                            pos += 1
                        elif e in self._ESCAPE_CODES:
                            length = self._ESCAPE_CODES[e]
                            out.append(chr(int(s[pos + 1 : pos + 1 + length], 16)))
                            pos += 1 + length
                        else:
                            raise ValueError(s)
                        continue
                    out.append(c)
                    pos += 1
                raise ValueError(s)

            # ---- scalar resolution (PyYAML SafeLoader semantics)

            def _resolve(self, v):
                if v in self._NULLS:
                    return None
                b = self._BOOLS.get(v)
                if b is not None:
                    return b
                if self._int_p.match(v):
                    return _int(v)
                if self._float_p.match(v):
                    return _float(v)
                m = self._date_p.match(v)
                if m:
                    import datetime

                    return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                return v



        _decoder = FallbackYaml()
        """#

    /// Files of the package, relative to the directory put on `PYTHONPATH`.
    public static let files: [(relativePath: String, contents: String)] = [
        ("guild/__init__.py", initSource),
        ("guild/op_main.py", opMainSource),
        ("guild/_op_main_util.py", opMainUtilSource),
        ("guild/_op_main_yaml.py", opMainYamlSource),
    ]

    /// Identifies the sources; part of the install directory name. Derived
    /// from the sources (FNV-1a 64), so it changes whenever they change.
    public static let version: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (path, contents) in files {
            for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            hash = (hash ^ 0) &* 0x0000_0100_0000_01b3
            for byte in contents.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            hash = (hash ^ 0) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "0.9.0-" + String(repeating: "0", count: 16 - hex.count) + hex
    }()

    /// Writes the package to `<cacheDirectory>/python-bootstrap-<version>/guild/`
    /// unless it is already there, and returns `<cacheDirectory>/python-bootstrap-<version>`
    /// (the directory to put on `PYTHONPATH`).
    ///
    /// Safe when several processes race: files are written into a private
    /// temporary directory that is then renamed into place; the loser of the
    /// rename discards its copy.
    /// When `python` is given, the package is also byte-compiled with it: Guild sets
    /// PYTHONDONTWRITEBYTECODE for ops, so otherwise every run compiles op_main (~8 ms).
    @discardableResult
    public static func install(in cacheDirectory: URL, python: String? = nil) throws -> URL {
        let fm = FileManager.default
        let target = directory(in: cacheDirectory)
        if isComplete(target) { return target }

        try fm.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        let temp = cacheDirectory.appendingPathComponent(
            ".python-bootstrap-\(version).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)",
            isDirectory: true
        )
        defer { try? fm.removeItem(at: temp) }
        try write(into: temp, atomically: false)
        if let python { compile(temp, with: python) }
        do {
            try fm.moveItem(at: temp, to: target)
        } catch {
            // Lost a race with another process, or `target` exists but is
            // incomplete: (re)write any missing file in place, atomically.
            if !isComplete(target) {
                try write(into: target, atomically: true)
            }
        }
        return target
    }

    /// Where `install(in:)` puts the package; it may not exist yet.
    public static func directory(in cacheDirectory: URL) -> URL {
        cacheDirectory.appendingPathComponent("python-bootstrap-\(version)", isDirectory: true)
    }

    /// Byte-compiles the package; a failure only costs speed, so it is ignored.
    private static func compile(_ directory: URL, with python: String) {
        _ = HelperCommand.output([python, "-m", "compileall", "-q", directory.path])
    }

    /// `PYTHONPATH` as Guild builds it: source code paths (relative to the
    /// run dir, usually `.`), then the bootstrap directory, then the inherited
    /// `PYTHONPATH`, without duplicates.

    public static func pythonPath(sourceCodePaths: [String], bootstrapDirectory: URL, inherited: String?) -> String {
        var paths = sourceCodePaths + [bootstrapDirectory.path]
        if let inherited, !inherited.isEmpty {
            paths += inherited.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }.joined(separator: ":")
    }

    private static func isComplete(_ directory: URL) -> Bool {
        let fm = FileManager.default
        return files.allSatisfy { fm.fileExists(atPath: directory.appendingPathComponent($0.relativePath).path) }
    }

    private static func write(into directory: URL, atomically: Bool) throws {
        let fm = FileManager.default
        for (relativePath, contents) in files {
            let url = directory.appendingPathComponent(relativePath)
            if atomically, fm.fileExists(atPath: url.path) { continue }
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url, options: atomically ? [.atomic] : [])
        }
    }
}
