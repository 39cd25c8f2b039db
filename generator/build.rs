//! Embeds the runtime crate (`../templates`) for `--inline-runtime`: every
//! file of it, listed here at build time, so no list is kept by hand.

use std::path::{Path, PathBuf};

fn files(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.strip_prefix(root).expect("under the root").to_path_buf());
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates");
    let root = root.canonicalize().expect("templates/ exists beside generator/");
    println!("cargo:rerun-if-changed={}", root.join("src").display());
    println!("cargo:rerun-if-changed={}", root.join("examples").display());
    println!("cargo:rerun-if-changed={}", root.join("Cargo.toml").display());
    let mut listed = vec![PathBuf::from("Cargo.toml")];
    files(&root.join("src"), &root, &mut listed);
    if root.join("examples").is_dir() {
        files(&root.join("examples"), &root, &mut listed);
    }
    let entries: String = listed
        .iter()
        .map(|relative| {
            let absolute = root.join(relative);
            format!(
                "    ({:?}, include_str!({:?})),\n",
                relative.to_string_lossy().replace('\\', "/"),
                absolute
            )
        })
        .collect();
    let code = format!("/// The runtime crate's files: path relative to its root, and text.\npub const RUNTIME_FILES: &[(&str, &str)] = &[\n{entries}];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("runtime_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
