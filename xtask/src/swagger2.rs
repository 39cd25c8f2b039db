//! The Swagger 2.0 part of `cargo xtask corpus`: the documents listed in
//! `xtask/swagger2-corpus.txt`, from Debian's go-openapi packages (fetched
//! with `apt-get download`, SHA-256 checked, unpacked into
//! `target/corpus-swagger2/`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use crate::workspace_root;

/// A Debian package, pinned.
struct DebianPackage {
    name: &'static str,
    version: &'static str,
    sha256: &'static str,
}

const PACKAGES: [DebianPackage; 4] = [
    DebianPackage {
        name: "golang-github-go-openapi-spec-dev",
        version: "1:0.20.4-2",
        sha256: "b81fd4b0a8d88fef9e79e415518c8bca12c8acbae0652bb46b73b6134e8f2dfc",
    },
    DebianPackage {
        name: "golang-github-go-openapi-validate-dev",
        version: "0.21.0-1",
        sha256: "3a20f4ef611b9907dde799cacc96e48e5ef5565ac841e48d1d640b7c360c5b1d",
    },
    DebianPackage {
        name: "golang-github-go-openapi-analysis-dev",
        version: "0.21.2-1",
        sha256: "00a8ef7105d14212a078d2d2fb2ebedebc984df4521ea00454128f1f6fc250e2",
    },
    DebianPackage {
        name: "golang-github-go-openapi-loads-dev",
        version: "0.21.1-2",
        sha256: "4f44dd60b8741add94b3d32486350d4cc8f56cec77deec8d093945da4c24f97f",
    },
];

/// The fixed list (see its header for how it was sorted).
const LIST: &str = include_str!("../swagger2-corpus.txt");

/// The documents of the list, fetched if needed; each a path on disk.
pub fn documents() -> Result<(PathBuf, Vec<PathBuf>)> {
    let root = fetch()?;
    let files: Vec<PathBuf> = LIST
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| root.join(line))
        .collect();
    if let Some(missing) = files.iter().find(|f| !f.is_file()) {
        bail!("{} is listed but not in the packages", missing.display());
    }
    Ok((root, files))
}

/// Unpacks the packages (once: a marker holds their hashes) and returns the
/// folder the list's paths are relative to.
fn fetch() -> Result<PathBuf> {
    let work = workspace_root().join("target/corpus-swagger2");
    let root = work.join("usr/share/gocode/src/github.com/go-openapi");
    let marker = work.join(".sha256");
    let expected: Vec<&str> = PACKAGES.iter().map(|p| p.sha256).collect();
    if root.is_dir() && std::fs::read_to_string(&marker).is_ok_and(|m| m.trim() == expected.join(" ")) {
        return Ok(root);
    }
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    let debs = work.join("debs");
    std::fs::create_dir_all(&debs)?;
    for package in &PACKAGES {
        println!("fetching {} {} (Debian) …", package.name, package.version);
        let pinned = format!("{}={}", package.name, package.version);
        let status = Command::new("apt-get")
            // As root, apt warns that its sandbox user cannot write here.
            .args(["download", "-q", "-o", "APT::Sandbox::User=root", &pinned])
            .current_dir(&debs)
            .status()
            .context("could not run `apt-get`: the Swagger 2.0 corpus comes from Debian's packages")?;
        if !status.success() {
            bail!("`apt-get download {pinned}` failed ({status}); is Debian's archive reachable?");
        }
        let deb = deb_file(&debs, package.name)?;
        let actual: String = Sha256::digest(std::fs::read(&deb)?)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if actual != package.sha256 {
            bail!(
                "{} has SHA-256 {actual}, expected {}: refusing to use it",
                deb.display(),
                package.sha256
            );
        }
        let status = Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&work).status()?;
        if !status.success() {
            bail!("unpacking {} failed ({status})", deb.display());
        }
    }
    std::fs::remove_dir_all(&debs)?;
    std::fs::write(&marker, expected.join(" "))?;
    Ok(root)
}

/// The `.deb` apt-get wrote for `name` (its file name spells the version
/// with `%3a` for `:`).
fn deb_file(dir: &Path, name: &str) -> Result<PathBuf> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if file.starts_with(&format!("{name}_")) && file.ends_with(".deb") {
            return Ok(path);
        }
    }
    bail!("apt-get wrote no package file for {name}")
}
