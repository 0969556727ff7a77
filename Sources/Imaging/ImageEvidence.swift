import SellerGraph

/// What reading a dataset's images gave: the network with the links read from them, the
/// extractions per image, and the images that could not be read.
public struct ImageEvidence: Sendable {
    /// The network with a `uses` link per identifier read (``SellerNetwork/addingReadings(_:)``).
    public var network: SellerNetwork
    /// For each image, what was extracted from it (empty if skipped or nothing was found).
    public var extractions: [[Extraction]]
    /// The images read, by their path in the dataset (for the manifest's inputs).
    public var files: [String]
    /// One warning per image that could not be read (`images.csv:LINE:COLUMN: warning: …`).
    public var warnings: [DatasetError]
    /// Seconds spent reading (decoding, preprocessing, recognition; cache hits are near 0).
    public var seconds: Double

    /// Reads every usable image of `network` with `reader` and links what it names.
    ///
    /// An image that cannot be read (not an image, too large, damaged, over the time limit) is
    /// skipped with a warning naming its row of images.csv and the `file` column; the others are
    /// read. Identifiers become links (``SellerNetwork/addingReadings(_:)``); address text is
    /// kept in ``extractions`` for the referral, not linked.
    public init(reading network: SellerNetwork, in directory: String, with reader: ImageReader,
                progress: (@Sendable (Int, Int) -> Void)? = nil) {
        let started = monotonicSeconds()
        var images = network.images
        let results = reader.read(images, in: directory, progress: progress)
        var extractions = [[Extraction]](repeating: [], count: images.count)
        var links: [ImageLink] = []
        var files: [String] = []
        for image in 0 ..< images.count {
            guard let result = results[image] else { continue }
            switch result {
            case .failure(let error):
                images.skip(Int32(image), because: error.description)
            case .success(let text):
                files.append(images.files[image])
                extractions[image] = TextExtractor.extract(from: text)
                for item in extractions[image] {
                    guard case .identifier(let kind) = item.kind else { continue }
                    links.append(ImageLink(kind: kind, reading: ImageReading(image: Int32(image), box: item.box, confidence: item.confidence,
                                                                             text: item.text, value: item.value),
                                           onlyIfKnown: !item.isLabelled))
                }
            }
        }
        var updated = network
        updated.images = images
        self.network = updated.addingReadings(links)
        self.extractions = extractions
        self.files = files
        warnings = (0 ..< images.count).compactMap { image in network.images.isUsable(Int32(image)) ? images.skipped[image] : nil }
        seconds = monotonicSeconds() - started
    }
}
