#!/usr/bin/env python3
"""Every target declares exactly the modules it imports, and imports every module it declares.

Swift lets a target import any module built before it, declared or not (CosmoCLI once imported
NN, Plot and TensorCore through its dependencies' dependencies), so Package.swift can drift from
the code without a build noticing. This compares each target's `import X` lines (with
@testable, and `import struct X.Y` forms) with its dependencies in `swift package dump-package`.
Modules of the toolchain and the OS are not dependencies. Exit status 1 names every mismatch.

    scripts/check-imports.py            # from the repository root
"""
import json
import pathlib
import re
import subprocess
import sys

# The toolchain's and the platform's modules: imported without being declared.
SYSTEM = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML", "Dispatch",
    "Glibc", "Musl", "Darwin", "WinSDK", "ucrt", "Android", "XCTest", "Testing", "Synchronization",
    "RegexBuilder", "Observation", "_Concurrency", "Swift", "PackageDescription", "PackagePlugin",
}
# Declared without a Swift import, and why.
LINK_ONLY = {}

# Multi-line string literals (a test's Python script, say) hold no Swift imports.
STRING_BLOCK = re.compile(r'"""[\s\S]*?"""')
IMPORT = re.compile(r"^\s*(?:@\w+\s+)*import\s+(?:(?:struct|class|enum|protocol|typealias|func|let|var)\s+)?(\w+)", re.M)


def dependencies(target):
    names = set()
    for dependency in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                names.add(dependency[kind][0])  # a product's module has the product's name here
    return names


def source_folder(root, target):
    if target.get("path"):
        return root / target["path"]
    base = {"test": "Tests", "plugin": "Plugins"}.get(target["type"], "Sources")
    return root / base / target["name"]


def imports(folder):
    found = set()
    for path in folder.rglob("*.swift"):
        if "Fixtures" in path.relative_to(folder).parts:
            continue
        found.update(IMPORT.findall(STRING_BLOCK.sub("", path.read_text(encoding="utf-8"))))
    return found - SYSTEM


def main():
    root = pathlib.Path.cwd()
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True,
                                        capture_output=True, text=True).stdout)
    problems = []
    for target in package["targets"]:
        if target["type"] == "system":
            continue
        folder = source_folder(root, target)
        if not any(folder.rglob("*.swift")):
            continue  # a C target
        name, declared, imported = target["name"], dependencies(target), imports(folder)
        for module in sorted(imported - declared - {name}):
            problems.append(f"{name}: imports {module} but does not declare it in Package.swift")
        for module in sorted(declared - imported - set(LINK_ONLY.get(name, []))):
            problems.append(f"{name}: declares {module} in Package.swift but never imports it")
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        return 1
    print(f"check-imports: {len(package['targets'])} targets: declarations match the imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
