/// What `guild compare` shows (reference 7.3).
public struct CompareOptions: Sendable {
    /// `-c/--cols`: extra columns.
    public var columns: String?
    /// `-cc/--strict-cols`: only these columns (and the run id).
    public var strictColumns: String?
    /// `-r/--skip-core`: of the core columns, only `run`.
    public var skipCore = false
    /// `-e/--extra-cols`: the core columns plus `sourcecode`.
    public var extraColumns = false
    /// `-s/--all-scalars`: include `sys/*` scalars.
    public var allScalars = false
    /// `-u/--skip-unchanged`: drop columns whose value is the same in every row.
    public var skipUnchanged = false
    /// `--include-batch`: keep batch runs, which are left out by default.
    public var includeBatch = false
    /// `--min COL` / `--max COL`: sort on a column's header, missing values last.
    public var minColumn: String?
    public var maxColumn: String?
    /// `-n/--top N`: the first N rows (after sorting).
    public var top: Int?

    public init() {}
}
