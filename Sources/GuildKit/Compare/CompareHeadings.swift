/// The column headings of a comparison, each given an id when first met, and the order Guild
/// shows them in: the headings of the core section over all runs, then those of the op's
/// section, then the user's, each in the order the runs (newest first) first show them. Runs
/// may be met in any order: each heading keeps the earliest run and place it was seen at.
struct CompareHeadings {
    private var ids: [String: Int] = [:]
    private(set) var names: [String] = []
    /// Per heading id, per section: the first (run position, place in that run's section).
    private var firstSeen: [[(run: Int, place: Int)?]] = []
    private let sections: Int
    /// Per section, the last names asked for and their ids: runs of one op mostly repeat them,
    /// and comparing them costs less than hashing each name again.
    private var lastNames: [[String]]
    private var lastIds: [[Int]]

    init(sections: Int) {
        self.sections = sections
        lastNames = Array(repeating: [], count: sections)
        lastIds = Array(repeating: [], count: sections)
    }

    /// The ids of the headings of `section` of the run at `run`, noted as seen there.
    mutating func ids(of names: [String], section: Int, run: Int) -> [Int] {
        if names != lastNames[section] {
            lastNames[section] = names
            lastIds[section] = names.map { id($0) }
        }
        let ids = lastIds[section]
        for (place, id) in ids.enumerated() { saw(id, section: section, run: run, place: place) }
        return ids
    }

    /// The id of heading `name`.
    private mutating func id(_ name: String) -> Int {
        if let id = ids[name] { return id }
        let id = names.count
        ids[name] = id
        names.append(name)
        firstSeen.append(Array(repeating: nil, count: sections))
        return id
    }

    /// Notes that heading `id` is at `place` in section `section` of the run at `run`.
    private mutating func saw(_ id: Int, section: Int, run: Int, place: Int) {
        if let seen = firstSeen[id][section], (seen.run, seen.place) <= (run, place) { return }
        firstSeen[id][section] = (run, place)
    }

    /// Heading ids in the order they are shown.
    func ordered() -> [Int] {
        func key(_ id: Int) -> (Int, Int, Int) {
            for section in 0..<sections {
                if let seen = firstSeen[id][section] { return (section, seen.run, seen.place) }
            }
            return (sections, 0, id)
        }
        return names.indices.sorted { key($0) < key($1) }
    }
}
