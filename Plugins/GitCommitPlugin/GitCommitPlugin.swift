import Foundation
import PackagePlugin

/// Records the git commit a binary is built from, for `--version`, with plain `swift build` as
/// with `make install`: a prebuild command asks git for the checkout's HEAD (and whether tracked
/// files differ from it) and writes `BuildCommit.swift` into the build folder — never into the
/// tree, so a build leaves the checkout clean. The file is rewritten only when the answer
/// changes, so an unchanged checkout recompiles nothing. Without git or a checkout (a source
/// tarball) the commit is nil and `--version` says "unknown commit".
@main
struct GitCommitPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuildCommit")
    return [
      .prebuildCommand(
        displayName: "Recording the git commit for \(target.name)",
        executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: ["-c", Self.script, "git-commit", context.package.directoryURL.path, output.path],
        outputFilesDirectory: output)
    ]
  }

  /// `$1` the package folder, `$2` the output folder. `--no-optional-locks` keeps `git status`
  /// from refreshing the index: asking must not write, not even inside `.git`.
  static let script = #"""
    repo="$1"; out="$2"; mkdir -p "$out"
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
    if [ "$(cat "$out/BuildCommit.swift" 2>/dev/null)" != "$text" ]; then
      printf '%s\n' "$text" > "$out/BuildCommit.swift.tmp" && mv "$out/BuildCommit.swift.tmp" "$out/BuildCommit.swift"
    fi
    """#
}
