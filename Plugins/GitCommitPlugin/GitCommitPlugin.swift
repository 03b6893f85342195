import Foundation
import PackagePlugin

/// Records the git commit a binary is built from, for `--version`, with plain `swift build` as
/// with `make install`: a build command asks git for the checkout's HEAD (and whether tracked
/// files differ from it) and writes `BuildCommit.swift` into the build folder — never into the
/// tree, so a build leaves the checkout clean. Without git or a checkout (a source tarball) the
/// commit is nil and `--version` says "unknown commit".
///
/// Not a prebuild command: SwiftPM runs those only when it plans the build afresh, not on every
/// build as documented (swiftlang/swift-package-manager#5476), so after a commit that added no
/// file `--version` kept naming the previous commit. A build command runs whenever one of its
/// inputs changes: git's HEAD, index and branch ref (a commit, checkout, merge or pull writes
/// them) and the package's sources (an edit can make the checkout modified). The file is
/// rewritten only when the answer changes, so nothing is recompiled when it does not.
@main
struct GitCommitPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuildCommit")
      .appendingPathComponent("BuildCommit.swift")
    let package = context.package.directoryURL
    let sources = context.package.targets.flatMap { target in
      (target as? SourceModuleTarget).map { Array($0.sourceFiles.map(\.url)) } ?? []
    }
    return [
      .buildCommand(
        displayName: "Recording the git commit for \(target.name)",
        executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: ["-c", Self.script, "git-commit", package.path, output.path],
        inputFiles: Self.gitFiles(of: package) + sources,
        outputFiles: [output])
    ]
  }

  /// The files git rewrites when HEAD moves: HEAD, the index, and the branch's ref (loose or
  /// packed), in the checkout's git folder — `.git`, or where a worktree's `.git` file points,
  /// its refs in the common folder. Only files that exist: there are none outside a checkout.
  static func gitFiles(of package: URL) -> [URL] {
    let dotGit = package.appendingPathComponent(".git")
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isFolder) else { return [] }
    var gitFolder = dotGit
    if !isFolder.boolValue {
      guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir: ") else { return [] }
      let path = text.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
      gitFolder = path.hasPrefix("/") ? URL(fileURLWithPath: path) : package.appendingPathComponent(path)
    }
    var common = gitFolder
    if let text = try? String(contentsOf: gitFolder.appendingPathComponent("commondir"), encoding: .utf8) {
      let path = text.trimmingCharacters(in: .whitespacesAndNewlines)
      common = path.hasPrefix("/") ? URL(fileURLWithPath: path) : gitFolder.appendingPathComponent(path)
    }
    var files = [gitFolder.appendingPathComponent("HEAD"), gitFolder.appendingPathComponent("index")]
    if let head = try? String(contentsOf: files[0], encoding: .utf8), head.hasPrefix("ref: ") {
      let ref = head.dropFirst("ref: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
      files.append(common.appendingPathComponent(ref))
    }
    files.append(common.appendingPathComponent("packed-refs"))
    return files.filter { FileManager.default.fileExists(atPath: $0.path) }
  }

  /// `$1` the package folder, `$2` the file to write. `--no-optional-locks` keeps `git status`
  /// from refreshing the index: asking must not write, not even inside `.git`.
  static let script = #"""
    repo="$1"; out="$2"; mkdir -p "$(dirname "$out")"
    commit=$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null) || commit=""
    if [ -n "$commit" ]; then
      if [ -n "$(git -C "$repo" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        value="\"$commit, modified\""
      else
        value="\"$commit\""
      fi
    else
      value=nil
    fi
    text="/// Written by GitCommitPlugin at build time: the checkout's commit, nil outside a git checkout.
    enum BuildCommit { static let hash: String? = $value }"
    if [ "$(cat "$out" 2>/dev/null)" != "$text" ]; then
      printf '%s\n' "$text" > "$out.tmp" && mv "$out.tmp" "$out"
    fi
    """#
}
