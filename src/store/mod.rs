//! The encrypted SQLite (SQLCipher) file: its key, schema, the single writer and the readers.
//!
//! Every function that reads or writes rows takes a `&Connection` (a `Transaction` derefs to
//! one), so the same code runs inside the writer's transactions and on reader connections.

pub mod accounts;
pub mod blocklist;
pub mod conversations;
mod key;
pub mod media;
pub mod messages;
pub mod omemo;
pub mod outbox;
pub mod profiles;
pub mod rooms;
pub mod roster;
pub(crate) mod schema;
pub mod sync;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use zeroize::Zeroizing;

use crate::core::{Error, ErrorKind};

pub use key::{KeySource, PASSPHRASE_ENV, stretch};
/// What a read runs on: callers pass it to this module's functions and write no SQL.
pub use rusqlite::Connection;
pub use schema::SCHEMA_VERSION;
pub use writer::Writer;

/// The database file inside a profile directory.
pub const DATABASE_FILE: &str = "tidings.db";

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        let message = format!("database error: {e}");
        Error::with_source(ErrorKind::Database, message, e)
    }
}

/// An open profile: one writer, any number of readers. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub writer: Writer,
    pub readers: Readers,
    /// The profile's media cache (media::cache), beside the database.
    media: Arc<Path>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

impl Store {
    /// Opens (or creates) the profile in `dir`. `passphrase` is used when the profile is
    /// passphrase-protected, or to create a new one when no keyring is wanted or available.
    /// A wrong key is an error of kind `WrongKey` and nothing on disk is changed.
    pub fn open(dir: &Path, passphrase: Option<Zeroizing<String>>) -> Result<Store, Error> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(DATABASE_FILE);
        let key = key::database_key(dir, path.exists(), passphrase)?;
        let mut conn = open_connection(&path, &key)?;
        schema::migrate(&mut conn)?;
        // Before any session runs: cached files no message names any more.
        let media = dir.join(crate::media::cache::FOLDER);
        crate::media::cache::sweep(&media, &self::media::cache_files(&conn)?);
        let readers = Readers {
            inner: Arc::new(ReaderPool {
                path: path.clone(),
                key: key.clone(),
                idle: Mutex::new(Vec::new()),
            }),
        };
        Ok(Store {
            writer: Writer::spawn(conn),
            readers,
            media: media.into(),
        })
    }

    /// Where the window's downloads are kept sealed.
    pub fn media_dir(&self) -> &Path {
        &self.media
    }
}

/// The raw 256-bit key as SQLCipher's blob literal.
pub(crate) fn key_pragma(key: &[u8; 32]) -> Zeroizing<String> {
    Zeroizing::new(format!("x'{}'", hex::encode(key)))
}

/// Opens one connection and proves the key by reading the schema.
fn open_connection(path: &Path, key: &Zeroizing<[u8; 32]>) -> Result<Connection, Error> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "key", key_pragma(key).as_str())?;
    // A wrong key shows on the first read: "file is not a database".
    if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        return Err(Error::with_source(
            ErrorKind::WrongKey,
            "the key or passphrase does not open this database",
            e,
        ));
    }
    // Temporary tables and indices stay in memory: no plain text in temp files.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // Messages and the outbox must survive a power cut once committed.
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(conn)
}

struct ReaderPool {
    path: PathBuf,
    key: Zeroizing<[u8; 32]>,
    idle: Mutex<Vec<Connection>>,
}

/// Cloneable read access. Queries run on tokio's blocking pool, never on the caller's thread.
#[derive(Clone)]
pub struct Readers {
    inner: Arc<ReaderPool>,
}

impl Readers {
    /// Runs `query` on an idle read connection (opening one if none is idle).
    pub fn read_blocking<T>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let idle = self.inner.idle.lock().ok().and_then(|mut v| v.pop());
        let conn = match idle {
            Some(c) => c,
            None => open_connection(&self.inner.path, &self.inner.key)?,
        };
        let result = query(&conn);
        if let Ok(mut idle) = self.inner.idle.lock() {
            idle.push(conn);
        }
        result
    }

    pub async fn read<T: Send + 'static>(
        &self,
        query: impl FnOnce(&Connection) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let readers = self.clone();
        tokio::task::spawn_blocking(move || readers.read_blocking(query))
            .await
            .map_err(|e| Error::new(ErrorKind::ServiceGone, format!("reader task failed: {e}")))?
    }
}

/// Milliseconds since the epoch, the timestamp unit of every table.
pub(crate) fn to_millis(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_millis(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Parses a conversation's peer column (conversations::key): the contact or room, and the
/// occupant's nickname of a private conversation.
pub(crate) fn peer(text: &str) -> rusqlite::Result<(crate::core::BareJid, Option<String>)> {
    if !text.contains('/') {
        return Ok((bare(text)?, None));
    }
    let full: jid::FullJid = text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok((full.to_bare(), Some(full.resource().to_string())))
}

/// Parses a bare JID read back from our own tables.
pub(crate) fn bare(text: &str) -> rusqlite::Result<crate::core::BareJid> {
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}
