/// Python's `difflib.SequenceMatcher(None, a, b).ratio()`: twice the matched elements over the
/// elements of both, where matches are found as difflib finds them (the longest common block,
/// earliest in `a` then in `b`, then the same on each side of it).
enum SequenceRatio {
    static func ratio<T: Hashable>(_ a: [T], _ b: [T]) -> Double {
        let total = a.count + b.count
        guard total > 0 else { return 1 }
        return 2 * Double(matches(a, 0, a.count, b, 0, b.count)) / Double(total)
    }

    private static func matches<T: Hashable>(_ a: [T], _ alo: Int, _ ahi: Int, _ b: [T], _ blo: Int, _ bhi: Int)
        -> Int
    {
        var best = (i: alo, j: blo, size: 0)
        var lengths: [Int: Int] = [:]
        for i in alo..<max(alo, ahi) {
            var next: [Int: Int] = [:]
            for j in blo..<max(blo, bhi) where a[i] == b[j] {
                let size = (lengths[j - 1] ?? 0) + 1
                next[j] = size
                if size > best.size { best = (i - size + 1, j - size + 1, size) }
            }
            lengths = next
        }
        guard best.size > 0 else { return 0 }
        return best.size + matches(a, alo, best.i, b, blo, best.j)
            + matches(a, best.i + best.size, ahi, b, best.j + best.size, bhi)
    }
}
