/// A basemap that cannot be read: a damaged or missing resource file. Input data never raises
/// it (a place that cannot be placed is a finding, not an error).
public struct GeographyError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "basemap: " + message }
}
