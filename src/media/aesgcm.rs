//! XEP-0454 (OMEMO Media Sharing): a file in an encrypted conversation is uploaded encrypted
//! with AES-256-GCM, and the message names it as `aesgcm://host/path#IVKEY`, the IV and key
//! in hex in the fragment, which the HTTP request never sends. The ciphertext is followed by
//! its 16-byte tag. Senders use 12-byte IVs (Conversations, Dino, Gajim, us) or 16-byte ones
//! (older Conversations); both are read.

use aes_gcm::aead::consts::{U12, U16};
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::aes::Aes256;
use aes_gcm::{AesGcm, Tag};
use rand::RngCore;
use zeroize::Zeroizing;

use crate::core::{Error, ErrorKind};

const KEY_LEN: usize = 32;
const TAG_LEN: usize = 16;

/// The key and IV of one file, from its `aesgcm://` URL.
#[derive(Clone, PartialEq, Eq)]
pub struct FileKey {
    key: Zeroizing<[u8; KEY_LEN]>,
    /// 12 or 16 bytes.
    iv: Vec<u8>,
}

impl std::fmt::Debug for FileKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Logs never carry keys (security.md).
        write!(f, "FileKey({}-byte IV)", self.iv.len())
    }
}

/// An `aesgcm://` URL taken apart: where to fetch the ciphertext, and how to open it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedFile {
    /// The same URL with `https` and no fragment.
    pub https: String,
    pub key: FileKey,
}

fn bad(reason: &str) -> Error {
    Error::new(ErrorKind::InvalidInput, reason)
}

impl SharedFile {
    /// Reads `aesgcm://host/path#<IV hex><key hex>`; anything else is refused.
    pub fn parse(url: &str) -> Result<SharedFile, Error> {
        let rest = url
            .strip_prefix("aesgcm://")
            .ok_or_else(|| bad("not an aesgcm:// address"))?;
        let (location, fragment) = rest
            .split_once('#')
            .ok_or_else(|| bad("the aesgcm:// address carries no key"))?;
        if location.is_empty() || location.starts_with('/') {
            return Err(bad("the aesgcm:// address names no server"));
        }
        Ok(SharedFile {
            https: format!("https://{location}"),
            key: FileKey::from_hex(fragment)?,
        })
    }

    /// The `aesgcm://` form of an uploaded file's `https` address.
    pub fn url(https: &str, key: &FileKey) -> Result<String, Error> {
        let location = https
            .strip_prefix("https://")
            .ok_or_else(|| bad("the upload address is not https"))?;
        let location = location.split('#').next().unwrap_or(location);
        Ok(format!("aesgcm://{location}#{}", key.hex().as_str()))
    }
}

impl FileKey {
    /// The IV and then the key, in hex: an aesgcm:// fragment.
    pub fn hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode([self.iv.as_slice(), &self.key[..]].concat()))
    }

    /// Reads what `hex` wrote (a 12- or 16-byte IV).
    pub fn from_hex(text: &str) -> Result<FileKey, Error> {
        let secret = Zeroizing::new(
            hex::decode(text).map_err(|_| bad("the aesgcm:// key is not hexadecimal"))?,
        );
        let iv_len = match secret.len() {
            44 => 12,
            48 => 16,
            _ => return Err(bad("the aesgcm:// key has the wrong length")),
        };
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&secret[iv_len..]);
        Ok(FileKey {
            key,
            iv: secret[..iv_len].to_vec(),
        })
    }

    /// A fresh key with a 12-byte IV, for one file.
    pub fn generate() -> FileKey {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        let mut iv = vec![0u8; 12];
        rand::rng().fill_bytes(&mut key[..]);
        rand::rng().fill_bytes(&mut iv);
        FileKey { key, iv }
    }

    /// Encrypts `data` in place and appends the tag.
    pub fn seal(&self, data: &mut Vec<u8>) -> Result<(), Error> {
        let failed = |_| Error::new(ErrorKind::InvalidInput, "the file could not be encrypted");
        let tag: Tag = match self.iv.len() {
            12 => AesGcm::<Aes256, U12>::new_from_slice(&self.key[..])
                .map_err(|_| bad("bad key"))?
                .encrypt_in_place_detached(self.iv.as_slice().into(), b"", data)
                .map_err(failed)?,
            _ => AesGcm::<Aes256, U16>::new_from_slice(&self.key[..])
                .map_err(|_| bad("bad key"))?
                .encrypt_in_place_detached(self.iv.as_slice().into(), b"", data)
                .map_err(failed)?,
        };
        data.extend_from_slice(&tag);
        Ok(())
    }

    /// Checks the tag and decrypts in place; on any failure `data` is wiped, so nothing
    /// unverified is ever written as plain text.
    pub fn open(&self, data: &mut Vec<u8>) -> Result<(), Error> {
        let refused = || {
            Error::new(
                ErrorKind::InvalidInput,
                "the file is damaged or was not encrypted with this key",
            )
        };
        if data.len() < TAG_LEN {
            data.clear();
            return Err(refused());
        }
        let tag = Tag::clone_from_slice(&data[data.len() - TAG_LEN..]);
        data.truncate(data.len() - TAG_LEN);
        let result = match self.iv.len() {
            12 => AesGcm::<Aes256, U12>::new_from_slice(&self.key[..])
                .map_err(|_| refused())?
                .decrypt_in_place_detached(self.iv.as_slice().into(), b"", data, &tag),
            _ => AesGcm::<Aes256, U16>::new_from_slice(&self.key[..])
                .map_err(|_| refused())?
                .decrypt_in_place_detached(self.iv.as_slice().into(), b"", data, &tag),
        };
        result.map_err(|_| {
            data.clear();
            refused()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn urls_with_both_iv_lengths_are_read() {
        let twelve = format!(
            "aesgcm://upload.example.org/f/ab/photo.jpg#{}{KEY}",
            "a1".repeat(12)
        );
        let file = SharedFile::parse(&twelve).unwrap();
        assert_eq!(file.https, "https://upload.example.org/f/ab/photo.jpg");
        assert_eq!(file.key.iv, vec![0xa1; 12]);
        assert_eq!(SharedFile::url(&file.https, &file.key).unwrap(), twelve);

        let sixteen = format!("aesgcm://h.example/x#{}{KEY}", "0f".repeat(16));
        assert_eq!(SharedFile::parse(&sixteen).unwrap().key.iv.len(), 16);
    }

    #[test]
    fn malformed_urls_are_refused() {
        for url in [
            "https://h.example/x".to_string(),
            "aesgcm://h.example/x".to_string(),
            format!("aesgcm://h.example/x#{}", "ab".repeat(40)),
            format!("aesgcm://h.example/x#{}{KEY}", "zz".repeat(12)),
            format!("aesgcm:///x#{}{KEY}", "ab".repeat(12)),
        ] {
            assert!(SharedFile::parse(&url).is_err(), "{url}");
        }
    }

    #[test]
    fn sealed_files_open_and_tampering_is_caught() {
        let key = FileKey::generate();
        let plain = b"a voice note".to_vec();
        let mut data = plain.clone();
        key.seal(&mut data).unwrap();
        assert_eq!(data.len(), plain.len() + TAG_LEN);
        let mut copy = data.clone();
        key.open(&mut copy).unwrap();
        assert_eq!(copy, plain);

        data[0] ^= 1;
        assert!(key.open(&mut data).is_err());
        assert!(data.is_empty(), "nothing unverified is kept");
        assert!(FileKey::generate().open(&mut vec![0; 8]).is_err());
    }

    #[test]
    fn an_empty_file_is_just_a_tag() {
        let key = FileKey::generate();
        let mut data = Vec::new();
        key.seal(&mut data).unwrap();
        assert_eq!(data.len(), TAG_LEN);
        key.open(&mut data).unwrap();
        assert!(data.is_empty());
    }

    /// A known answer from NIST's GCM test vectors (AES-256, 96-bit IV, empty plaintext).
    #[test]
    fn matches_a_published_vector() {
        let url = format!(
            "aesgcm://h.example/x#{}{}",
            "00".repeat(12),
            "00".repeat(32)
        );
        let file = SharedFile::parse(&url).unwrap();
        let mut data = Vec::new();
        file.key.seal(&mut data).unwrap();
        assert_eq!(hex::encode(&data), "530f8afbc74536b9a963b4f1c4cb738b");
    }

    #[test]
    fn sixteen_byte_ivs_seal_and_open() {
        let url = format!("aesgcm://h.example/x#{}{KEY}", "0f".repeat(16));
        let key = SharedFile::parse(&url).unwrap().key;
        let mut data = b"old conversations".to_vec();
        key.seal(&mut data).unwrap();
        key.open(&mut data).unwrap();
        assert_eq!(data, b"old conversations");
    }
}
