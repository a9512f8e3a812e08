import Testing

extension Tag {
    /// Tests that run the built `guild` binary.
    @Tag static var e2e: Self
    /// Tests that need Guild AI 0.9.0 installed.
    @Tag static var interop: Self
}
