//! Compiles the Mainz demo content into the binary, so that an installed
//! `sachstand` serves the demo from any working folder (see `content::demo`).

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("content folder").map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut all = Vec::new();
    files(&root, &mut all);
    let mut code = String::from(
        "/// Every file of the demo content: path relative to the folder, bytes.\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for path in &all {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(&root).unwrap().to_str().expect("UTF-8 file names");
        code.push_str(&format!("    ({relative:?}, include_bytes!({:?})),\n", path.to_str().unwrap()));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("demo_content.rs");
    std::fs::write(out, code).unwrap();
}
