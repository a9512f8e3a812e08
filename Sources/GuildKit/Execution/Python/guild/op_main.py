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


def run_as_main():
    """What `python -m guild.op_main` runs. The Swift `guild` records that
    command but starts ops with `python -c` calling this instead (see
    `PythonBootstrap.launchArguments`), which skips importing `runpy`."""
    try:
        main()
    except Exception:
        if _LOG_LEVEL is not None and _LOG_LEVEL <= 10:
            raise
        if len(__argv0) < 2 or not _util().print_script_error(__file__):
            raise
        sys.exit(1)


if __name__ == "__main__":
    run_as_main()
