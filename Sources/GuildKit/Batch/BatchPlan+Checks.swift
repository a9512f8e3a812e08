import Foundation

extension BatchPlan {
    /// The trials to run, show or save; a grid with none is an error.
    public func checkedTrials() throws -> [[String: YAMLValue]] {
        let trials = try trials()
        if optimizer == .grid && trials.isEmpty { throw GuildError("the batch has no trials to run") }
        if request.printTrials && optimizer.isSequential { throw GuildError("optimizer does not support printing trials") }
        if let path = request.saveTrials, !request.printTrials {
            if optimizer.isSequential { throw GuildError("optimizer does not support saving trials") }
            let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
            guard ["csv", "json", ""].contains(ext) else {
                throw GuildError("Unsupported extension '.\(ext)' - use '.csv', '.json', or no extension")
            }
        }
        return trials
    }
}
