import GuildKit

/// Every `guild run` option Guild AI 0.9 records in the `run_params` attr, at its default.
enum RunParams {
    static let defaults: [String: YAMLValue] = {
        var p: [String: YAMLValue] = [:]
        for name in [
            "background", "break_on_error", "edit_batch_comment", "edit_comment", "edit_flags",
            "fail_on_trial_error", "force_deps", "force_flags", "force_sourcecode", "help_model", "help_op",
            "keep_batch", "keep_run", "needed", "no_gpus", "no_wait", "optimize", "print_cmd", "print_env",
            "print_trials", "quiet", "stage", "stage_trials", "test_flags", "test_sourcecode", "yes",
        ] {
            p[name] = .bool(false)
        }
        for name in [
            "batch_comment", "batch_label", "comment", "debug_sourcecode", "gpus", "label", "max_trials", "maximize",
            "minimize", "opspec", "optimizer", "pidfile", "proto", "random_seed", "remote", "restart", "run_dir",
            "run_id", "save_trials", "stop_after", "test_output_scalars",
        ] {
            p[name] = .null
        }
        for name in ["additional_deps", "batch_tags", "break_", "flags", "opt_flags", "tags"] {
            p[name] = .list([])
        }
        return p
    }()
}
