"""Regenerate the Python stubs from `proto/` (grpcio for services, grpclib for the gateway).

Usage:
    python scripts/generate_protos.py          # write prism/<service>/v1/*_pb2*.py and *_grpc.py
    python scripts/generate_protos.py --check  # exit 1 if the committed stubs are stale

Generated modules live beside the proto package they come from: `prism.keys.v1` in
`proto/prism/keys/v1/keys.proto` becomes `prism/keys/v1/keys_pb2.py`.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import sys
import tempfile
from pathlib import Path

import grpc_tools
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "proto"
VENDORED = ROOT / "third_party" / "googleapis"
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py", "_grpc.py")


def proto_files() -> list[Path]:
    return sorted(PROTO_ROOT.rglob("*.proto"))


def generate(out_dir: Path) -> None:
    well_known = Path(grpc_tools.__file__).parent / "_proto"
    # protoc finds the grpclib plugin (protoc-gen-grpclib_python) on PATH: the venv's bin directory
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    files = [str(p.relative_to(PROTO_ROOT)) for p in proto_files()]
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_ROOT}",
        f"-I{VENDORED}",
        f"-I{well_known}",
        f"--python_out={out_dir}",
        f"--pyi_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        f"--grpclib_python_out={out_dir}",
        *files,
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed; see the message above")
    # Every generated directory is a regular package.
    for directory in {p.parent for p in out_dir.rglob("*.py")}:
        while directory != out_dir:
            init = directory / "__init__.py"
            if not init.exists():
                init.write_text("")
            directory = directory.parent


def generated_files(base: Path) -> dict[str, Path]:
    found = {}
    for path in base.rglob("*"):
        if path.is_file() and path.name.endswith(GENERATED_SUFFIXES):
            found[str(path.relative_to(base))] = path
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if committed stubs are stale")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate(out)
        fresh = generated_files(out / "prism")
        current = generated_files(ROOT / "prism")
        stale = sorted(
            name
            for name in fresh.keys() | current.keys()
            if name not in fresh or name not in current or not filecmp.cmp(fresh[name], current[name], shallow=False)
        )
        if options.check:
            if stale:
                print("generated stubs are stale; run: python scripts/generate_protos.py")
                for name in stale:
                    print(f"  prism/{name}")
                return 1
            print(f"generated stubs are up to date ({len(fresh)} files)")
            return 0
        for name in stale:
            target = ROOT / "prism" / name
            if name in fresh:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(fresh[name], target)
                for parent in target.relative_to(ROOT).parents:
                    init = ROOT / parent / "__init__.py"
                    if parent != Path(".") and not init.exists():
                        init.write_text("")
            else:
                target.unlink()
        print(f"wrote {len(stale)} changed file(s) of {len(fresh)} under prism/")
        return 0


if __name__ == "__main__":
    sys.exit(main())
