import Foundation
// TEMPORARY stubs until helpers deliver.
enum PythonBootstrap { static func install(in cacheDirectory: URL) throws -> URL { cacheDirectory }; static func directory(in c: URL) -> URL { c } }
