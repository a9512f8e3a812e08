import Foundation
import Testing

@testable import GuildKit

@Suite struct DvcStageMainTests {
    @Test("the stage and project dir come from Guild's op_main command, as recorded in any run")
    func invocation() {
        let python = ["/usr/bin/python3", "-um", "guild.op_main"]
        #expect(
            DvcStageMain.invocation(in: python + ["guild.plugins.dvc_stage_main", "faketrain", "--", "--x", "0.1"])
                == .init(stage: "faketrain", projectDirectory: nil))
        #expect(
            DvcStageMain.invocation(
                in: python + ["guild.plugins.dvc_stage_main", "--project-dir", "/p q", "train", "--"])
                == .init(stage: "train", projectDirectory: "/p q"))
        #expect(
            DvcStageMain.invocation(in: python + ["guild.plugins.dvc_stage_main", "--project-dir=/p", "s"])
                == .init(stage: "s", projectDirectory: "/p"))
        #expect(DvcStageMain.invocation(in: python + ["train", "--"]) == nil)
        #expect(DvcStageMain.invocation(in: python + ["guild.plugins.dvc_stage_main", "--", "--stage", "x"]) == nil)
        #expect(DvcStageMain.invocation(in: ["dvc", "repro", "guild.plugins.dvc_stage_main"]) == nil)
    }

    @Test("deps are grouped as Guild groups them: project deps first, then upstream stages by name")
    func dependencyGroups() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dvc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("dvc.yaml")
        try """
        stages:
          b-prep: {cmd: x, outs: [b.npy]}
          a-prep: {cmd: x, outs: [data/]}
          eval:
            cmd: x
            deps: [b.npy, eval.py, data/a.csv, model.bin, data/more.csv]
          fit: {cmd: x, outs: [model.bin]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let pipeline = try DvcPipeline.load(file)
        let groups = DvcStageMain.depsByProducer(try #require(pipeline.stage("eval")), in: pipeline)
        #expect(groups.map(\.0) == [nil, "a-prep", "b-prep", "fit"])
        #expect(groups.map(\.1) == [["eval.py"], ["data/a.csv", "data/more.csv"], ["b.npy"], ["model.bin"]])
    }
}
