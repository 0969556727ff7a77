/// Splits `0 ..< count` into at most `parts` contiguous ranges of about equal `cost`, where
/// `prefix` is the running cost (`prefix[i]` = cost of `0 ..< i`, `prefix.count == count + 1`).
func balancedRanges(_ count: Int, parts: Int, prefix: (Int) -> Int) -> [Range<Int>] {
    guard parts > 1, count > 1 else { return [0 ..< count] }
    let total = prefix(count)
    var ranges: [Range<Int>] = []
    var start = 0
    for part in 1 ... parts {
        var end = count
        if part < parts {
            let goal = total / parts * part
            // First index whose prefix reaches the goal (binary search).
            var low = start, high = count
            while low < high {
                let middle = (low + high) / 2
                if prefix(middle) < goal { low = middle + 1 } else { high = middle }
            }
            end = low
        }
        if end > start { ranges.append(start ..< end) }
        start = end
    }
    return ranges
}
