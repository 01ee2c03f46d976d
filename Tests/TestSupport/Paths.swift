import Foundation

/// Where tests find the repository, its fixtures and the shared real data.
public enum TestPaths {
    /// The repository root (the folder holding Package.swift).
    public static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// Small fixtures committed with the tests.
    public static let fixtures = repoRoot.appendingPathComponent("Tests/Fixtures")

    /// `../shared/data` beside the checkout, or nil when it is absent (a bare clone): tests over it skip.
    public static let sharedData: URL? = {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// The default city's data shipped in the repo.
    public static let mapData = repoRoot.appendingPathComponent("MapData")

    /// A fresh temporary directory, removed by the caller when it wants.
    public static func temporaryDirectory(_ name: String = "beacon-test") -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
