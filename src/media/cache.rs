//! The profile's media cache: pictures and voice notes the window downloads to show and play,
//! kept sealed with AES-256-GCM in `<profile>/media`. Each file's key is in the encrypted
//! database only (attachments.cache_key), so the folder holds no plain text: an encrypted
//! file is kept as its sender's ciphertext (once its tag is checked), a plain one is sealed
//! with a fresh key. Saving a file is what puts its plain text on the disk.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rand::RngCore;

use super::aesgcm::FileKey;
use crate::core::{CachedFile, Error, ErrorKind, Secret};

/// The cache folder inside a profile directory.
pub const FOLDER: &str = "media";

fn io(e: std::io::Error) -> Error {
    Error::with_source(ErrorKind::Io, format!("cannot keep the file: {e}"), e)
}

/// Where `cached` is in `dir`; None for a name that would leave it (the database is ours,
/// but a name is only ever one of `put`'s).
pub fn path(dir: &Path, cached: &CachedFile) -> Option<PathBuf> {
    let plain_name = !cached.file.is_empty()
        && cached
            .file
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.');
    (plain_name && !cached.file.starts_with('.')).then(|| dir.join(&cached.file))
}

/// Writes `sealed` (ciphertext and tag, under `key`) as a new file in `dir`.
pub async fn put(dir: &Path, sealed: &[u8], key: &FileKey) -> Result<CachedFile, Error> {
    use tokio::io::AsyncWriteExt;
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let mut random = [0u8; 16];
    rand::rng().fill_bytes(&mut random);
    let file = format!("{}.sealed", hex::encode(random));
    let path = dir.join(&file);
    let written = async {
        let mut out = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await?;
        out.write_all(sealed).await?;
        out.flush().await
    }
    .await;
    if let Err(e) = written {
        let _ = tokio::fs::remove_file(&path).await;
        return Err(io(e));
    }
    Ok(CachedFile {
        file,
        key: Secret::new(key.hex().as_str()),
    })
}

/// The plain text of `cached`, checked against its tag. Blocking: callers run it off the
/// interface thread.
pub fn open(dir: &Path, cached: &CachedFile) -> Result<Vec<u8>, Error> {
    let path = path(dir, cached)
        .ok_or_else(|| Error::new(ErrorKind::InvalidInput, "not a cached file's name"))?;
    let mut data = std::fs::read(path).map_err(io)?;
    FileKey::from_hex(cached.key.expose())?.open(&mut data)?;
    Ok(data)
}

/// Removes files in `dir` that no attachment names (a message deleted, a download that
/// stopped between writing and recording); returns how many.
pub fn sweep(dir: &Path, keep: &HashSet<String>) -> usize {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file()
            && !keep.contains(&name)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_sealed_file_opens_only_with_its_key_and_holds_no_plain_text() {
        let dir = tempfile::tempdir().unwrap();
        let plain = b"a picture from a friend".to_vec();
        let key = FileKey::generate();
        let mut sealed = plain.clone();
        key.seal(&mut sealed).unwrap();
        let cached = put(dir.path(), &sealed, &key).await.unwrap();
        let on_disk = std::fs::read(dir.path().join(&cached.file)).unwrap();
        assert!(!on_disk.windows(plain.len()).any(|w| w == plain));
        assert_eq!(open(dir.path(), &cached).unwrap(), plain);

        let other = CachedFile {
            key: Secret::new(FileKey::generate().hex().as_str()),
            ..cached.clone()
        };
        assert!(open(dir.path(), &other).is_err());
        let escaping = CachedFile {
            file: "../tidings.db".into(),
            ..cached.clone()
        };
        assert!(path(dir.path(), &escaping).is_none());
        assert!(open(dir.path(), &escaping).is_err());
    }

    #[tokio::test]
    async fn the_sweep_keeps_only_what_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let key = FileKey::generate();
        let kept = put(dir.path(), b"kept", &key).await.unwrap();
        put(dir.path(), b"orphan", &key).await.unwrap();
        let keep = HashSet::from([kept.file.clone()]);
        assert_eq!(sweep(dir.path(), &keep), 1);
        assert!(dir.path().join(&kept.file).exists());
        assert_eq!(sweep(&dir.path().join("absent"), &keep), 0);
    }
}
