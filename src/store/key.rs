//! Where the database key comes from: a random 256-bit key in the OS keyring, or, without a
//! keyring, a passphrase stretched with Argon2id. Never a plaintext database.
//!
//! `key.json` beside the database says which (and holds the Argon2 salt and parameters, which
//! are not secret).

use std::path::Path;
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::core::{Error, ErrorKind};

/// The environment variable the CLI reads a passphrase from.
pub const PASSPHRASE_ENV: &str = "TIDINGS_PASSPHRASE";
const KEY_FILE: &str = "key.json";
const KEYRING_SERVICE: &str = "im.tidings.Tidings";
/// Argon2id cost: 64 MiB, two passes (B10: unlock <= 250 ms on our reference machine).
const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
const ARGON2_PASSES: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "lowercase")]
pub enum KeySource {
    Keyring,
    Passphrase {
        salt: String,
        memory_kib: u32,
        passes: u32,
    },
}

pub(super) fn database_key(
    dir: &Path,
    database_exists: bool,
    passphrase: Option<Zeroizing<String>>,
) -> Result<Zeroizing<[u8; 32]>, Error> {
    let key_file = dir.join(KEY_FILE);
    if database_exists {
        let text = std::fs::read_to_string(&key_file).map_err(|e| {
            Error::with_source(
                ErrorKind::NoKeySource,
                format!(
                    "{} is missing: cannot tell how to unlock the database",
                    key_file.display()
                ),
                e,
            )
        })?;
        let source: KeySource = serde_json::from_str(&text).map_err(|e| {
            Error::with_source(
                ErrorKind::NoKeySource,
                format!("{} is damaged", key_file.display()),
                e,
            )
        })?;
        return match source {
            KeySource::Keyring => keyring_get(dir),
            KeySource::Passphrase {
                salt,
                memory_kib,
                passes,
            } => {
                let passphrase = passphrase.ok_or_else(|| {
                    Error::new(ErrorKind::NoKeySource, "this profile needs its passphrase")
                })?;
                let salt = hex::decode(salt).map_err(|_| {
                    Error::new(
                        ErrorKind::NoKeySource,
                        format!("{} is damaged", key_file.display()),
                    )
                })?;
                stretch(&passphrase, &salt, memory_kib, passes)
            }
        };
    }
    let (source, key) = match passphrase {
        Some(passphrase) => {
            let salt: [u8; 16] = rand::random();
            let key = stretch(&passphrase, &salt, ARGON2_MEMORY_KIB, ARGON2_PASSES)?;
            let source = KeySource::Passphrase {
                salt: hex::encode(salt),
                memory_kib: ARGON2_MEMORY_KIB,
                passes: ARGON2_PASSES,
            };
            (source, key)
        }
        None => (KeySource::Keyring, keyring_create(dir)?),
    };
    let text = serde_json::to_string_pretty(&source).expect("key source serializes");
    std::fs::write(&key_file, text)?;
    Ok(key)
}

/// Argon2id over the passphrase. Public for the unlock benchmark.
pub fn stretch(
    passphrase: &str,
    salt: &[u8],
    memory_kib: u32,
    passes: u32,
) -> Result<Zeroizing<[u8; 32]>, Error> {
    let params = Params::new(memory_kib, passes, 1, Some(32))
        .map_err(|e| Error::new(ErrorKind::InvalidInput, format!("argon2 parameters: {e}")))?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| Error::new(ErrorKind::InvalidInput, format!("argon2: {e}")))?;
    Ok(key)
}

fn keyring_user(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    format!("database key for {}", dir.display())
}

const NO_KEYRING: &str = "no system keyring is available: give a passphrase with --passphrase-file or TIDINGS_PASSPHRASE";

/// Keyring calls may wait on D-Bus; a keyring that does not answer in time counts as absent.
fn with_keyring<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, keyring::Error> + Send + 'static,
) -> Result<T, Error> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(job());
    });
    match rx.recv_timeout(Duration::from_secs(5)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(Error::with_source(ErrorKind::NoKeySource, NO_KEYRING, e)),
        Err(_) => Err(Error::new(ErrorKind::NoKeySource, NO_KEYRING)),
    }
}

fn keyring_create(dir: &Path) -> Result<Zeroizing<[u8; 32]>, Error> {
    let user = keyring_user(dir);
    let key = Zeroizing::new(rand::random::<[u8; 32]>());
    let secret = Zeroizing::new(key.to_vec());
    with_keyring(move || {
        let entry = keyring::Entry::new(KEYRING_SERVICE, &user)?;
        entry.set_secret(&secret)?;
        // Read it back: a keyring that accepts but forgets would lock us out later.
        let stored = Zeroizing::new(entry.get_secret()?);
        if stored.as_slice() != secret.as_slice() {
            return Err(keyring::Error::Invalid(
                "key".into(),
                "read back differs".into(),
            ));
        }
        Ok(())
    })?;
    Ok(key)
}

fn keyring_get(dir: &Path) -> Result<Zeroizing<[u8; 32]>, Error> {
    let user = keyring_user(dir);
    let secret = with_keyring(move || {
        keyring::Entry::new(KEYRING_SERVICE, &user)?
            .get_secret()
            .map(Zeroizing::new)
    })?;
    let bytes: [u8; 32] = secret
        .as_slice()
        .try_into()
        .map_err(|_| Error::new(ErrorKind::WrongKey, "the keyring holds a malformed key"))?;
    Ok(Zeroizing::new(bytes))
}
