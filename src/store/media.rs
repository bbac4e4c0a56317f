//! The files messages carry: what was sent or announced, and where their plain text is here.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::core::{Attachment, CachedFile, Error, MessageId, Secret};

/// Records the file `message` carries; a message carries one.
pub fn set(conn: &Connection, message: MessageId, a: &Attachment) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO attachments
             (message, url, name, size, media_type, local_path, cache_file, cache_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(message) DO UPDATE SET url = ?2, name = ?3, size = ?4, media_type = ?5,
             local_path = COALESCE(?6, local_path), cache_file = COALESCE(?7, cache_file),
             cache_key = COALESCE(?8, cache_key)",
        params![
            message.0,
            a.url,
            a.name,
            a.size.map(|n| n as i64),
            a.media_type,
            a.local_path.as_deref().and_then(Path::to_str),
            a.cached.as_ref().map(|c| c.file.as_str()),
            a.cached.as_ref().map(|c| c.key.expose()),
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, message: MessageId) -> Result<Option<Attachment>, Error> {
    Ok(conn
        .query_row(
            "SELECT url, name, size, media_type, local_path, cache_file, cache_key
             FROM attachments WHERE message = ?1",
            [message.0],
            |r| {
                Ok(Attachment {
                    url: r.get(0)?,
                    name: r.get(1)?,
                    size: r.get::<_, Option<i64>>(2)?.map(|n| n.max(0) as u64),
                    media_type: r.get(3)?,
                    local_path: r.get::<_, Option<String>>(4)?.map(Into::into),
                    cached: cached(r.get(5)?, r.get(6)?),
                })
            },
        )
        .optional()?)
}

/// The file is now at `path` (downloaded, or saved elsewhere by the user), `size` bytes.
pub fn set_local_path(
    conn: &Connection,
    message: MessageId,
    path: &Path,
    size: u64,
) -> Result<(), Error> {
    let Some(text) = path.to_str() else {
        return Err(Error::new(
            crate::core::ErrorKind::InvalidInput,
            "the download folder's path is not valid Unicode",
        ));
    };
    conn.execute(
        "UPDATE attachments SET local_path = ?2, size = ?3 WHERE message = ?1",
        params![message.0, text, size as i64],
    )?;
    Ok(())
}

/// The cache columns of a row as a CachedFile (both or neither are set).
pub(crate) fn cached(file: Option<String>, key: Option<String>) -> Option<CachedFile> {
    Some(CachedFile {
        file: file?,
        key: Secret::new(key?),
    })
}

/// The file is now sealed in the media cache as `cached`, `size` bytes of plain text (an
/// encrypted message may not have said).
pub fn set_cached(
    conn: &Connection,
    message: MessageId,
    cached: &CachedFile,
    size: u64,
) -> Result<(), Error> {
    conn.execute(
        "UPDATE attachments SET cache_file = ?2, cache_key = ?3, size = ?4 WHERE message = ?1",
        params![message.0, cached.file, cached.key.expose(), size as i64],
    )?;
    Ok(())
}

/// The names of every file the media cache should hold (the rest may go: media::cache::sweep).
pub fn cache_files(conn: &Connection) -> Result<std::collections::HashSet<String>, Error> {
    let mut stmt =
        conn.prepare_cached("SELECT cache_file FROM attachments WHERE cache_file IS NOT NULL")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Incoming files not downloaded yet in conversations with `account`'s contacts (as
/// roster::is_contact counts them) and in its rooms, newest first: what an auto-download policy looks at.
pub fn waiting(
    conn: &Connection,
    account: crate::core::AccountId,
) -> Result<Vec<(MessageId, Attachment)>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.message, a.url, a.name, a.size, a.media_type
         FROM attachments a
         JOIN messages m ON m.id = a.message
         JOIN conversations c ON c.id = m.conversation
         WHERE c.account = ?1 AND a.local_path IS NULL AND m.direction = 0 AND m.retracted = 0
           AND (EXISTS (SELECT 1 FROM rooms r WHERE r.conversation = c.id)
                OR EXISTS (SELECT 1 FROM roster ro WHERE ro.account = c.account
                           AND ro.jid = c.peer AND ro.subscription != 'none'))
         ORDER BY m.timestamp DESC",
    )?;
    let rows = stmt.query_map([account.0], |r| {
        Ok((
            MessageId(r.get(0)?),
            Attachment {
                url: r.get(1)?,
                name: r.get(2)?,
                size: r.get::<_, Option<i64>>(3)?.map(|n| n.max(0) as u64),
                media_type: r.get(4)?,
                local_path: None,
                cached: None,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
