/// Attrs Guild AI 0.9.0 treats as core or legacy: `runs info` lists every other public attr
/// after `pid`, and the view's `otherAttrs` holds them.
public enum CoreRunAttributes {
    public static let names: Set<String> = [
        "cmd", "comments", "compare", "deps", "env", "exit_status", "flags", "host", "id", "initialized", "label",
        "marked", "objective", "op", "pip_freeze", "platform", "plugins", "random_seed", "run_params",
        "sourcecode_digest", "started", "stopped", "tags", "user", "user_flags", "vcs_commit", "r_sys_info",
        "r_packages_loaded", "resolved_deps", "opdef",
    ]
}
