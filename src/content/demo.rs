//! The Mainz demo content, compiled into the binary (by `build.rs`): when the
//! configured content folder does not exist, `serve` loads this copy, so an
//! installed `sachstand` runs without the repository.

use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/demo_content.rs"));

/// A folder holding the embedded demo content; removed when dropped.
pub struct Unpacked {
    dir: PathBuf,
}

impl Unpacked {
    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Unpacked {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writes the embedded demo content into a new private temporary folder.
pub fn unpack() -> std::io::Result<Unpacked> {
    let dir = std::env::temp_dir().join(format!("sachstand-demo-{}-{}", std::process::id(), rand::random::<u64>()));
    std::fs::create_dir(&dir)?;
    let unpacked = Unpacked { dir };
    for (relative, bytes) in FILES {
        let path = unpacked.dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
    }
    Ok(unpacked)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_copy_is_the_content_folder() {
        let unpacked = super::unpack().unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for (relative, bytes) in super::FILES {
            assert_eq!(std::fs::read(root.join(relative)).unwrap(), *bytes, "{relative}");
            assert!(unpacked.path().join(relative).is_file());
        }
        assert!(super::FILES.iter().any(|(p, _)| *p == "mainz/city.toml"));
        assert!(super::FILES.iter().any(|(p, _)| *p == "musterstadt/city.toml"));
        let dir = unpacked.path().to_path_buf();
        drop(unpacked);
        assert!(!dir.exists(), "removed after use");
    }
}
