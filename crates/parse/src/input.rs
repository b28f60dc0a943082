//! Reading publication files into memory.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// One published file, in memory. `name` is what errors cite: the path as the
/// user gave it, or the URL it was downloaded from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// Path or URL, for error messages, and (file name part) for telling the
    /// files of a CSV set apart.
    pub name: String,
    /// The raw bytes, exactly as published (still compressed if the file is .gz).
    pub bytes: Vec<u8>,
}

impl Input {
    /// An input from a name and bytes.
    pub fn new(name: &str, bytes: Vec<u8>) -> Input {
        Input {
            name: name.to_string(),
            bytes,
        }
    }

    /// The last path (or URL) segment, lower-cased: `sdn.csv`, `conlist.csv.gz`.
    pub fn file_name(&self) -> String {
        let base = self.name.rsplit(['/', '\\']).next().unwrap_or(&self.name);
        base.to_ascii_lowercase()
    }
}

/// Reads the files at `paths`. A directory stands for the files directly in it
/// (a CSV set), in name order; subdirectories are not entered.
pub fn load_inputs(paths: &[PathBuf]) -> std::io::Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.is_file())
                .collect();
            files.sort();
            for file in files {
                inputs.push(read(&file)?);
            }
        } else {
            inputs.push(read(path)?);
        }
    }
    Ok(inputs)
}

fn read(path: &Path) -> std::io::Result<Input> {
    let bytes = std::fs::read(path)
        .map_err(|err| std::io::Error::new(err.kind(), format!("{}: {err}", path.display())))?;
    Ok(Input::new(&path.display().to_string(), bytes))
}

/// The content hash of a publication, so the same content never makes two
/// versions. For one file it is the SHA-256 of its bytes, so it equals what
/// `sha256sum` prints and does not depend on what the file was called (a
/// download named `consolidated.xml` and a copy named
/// `consolidated_2026-02-27.xml` are one publication). For a set of files,
/// where the name says which role a file plays (`sdn.csv`, `alt.csv`), it is
/// the SHA-256 over the lower-cased base names and bytes, in name order.
pub fn inputs_sha256(inputs: &[Input]) -> String {
    if let [single] = inputs {
        return hex::encode(Sha256::digest(&single.bytes));
    }
    let mut files: Vec<(String, &[u8])> = inputs
        .iter()
        .map(|input| (input.file_name(), input.bytes.as_slice()))
        .collect();
    files.sort();
    let mut hasher = Sha256::new();
    for (name, bytes) in files {
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_order_and_directory() {
        let a = Input::new("/x/sdn.csv", b"1".to_vec());
        let b = Input::new("/x/alt.csv", b"2".to_vec());
        let a2 = Input::new("/y/SDN.CSV", b"1".to_vec());
        assert_eq!(
            inputs_sha256(&[a.clone(), b.clone()]),
            inputs_sha256(&[b.clone(), a2])
        );
        assert_ne!(
            inputs_sha256(std::slice::from_ref(&a)),
            inputs_sha256(&[a.clone(), b])
        );
        let renamed = Input::new("/z/other-name.csv", b"1".to_vec());
        assert_eq!(inputs_sha256(&[a]), inputs_sha256(&[renamed]));
        // The SHA-256 of "1", as sha256sum prints it.
        assert_eq!(
            inputs_sha256(&[Input::new("x", b"1".to_vec())]),
            "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b"
        );
    }
}
