//! Archive (MAM) cursors and the gap markers left by failed catch-up pages.

use rusqlite::{Connection, OptionalExtension, params};

use crate::core::{AccountId, Error};

pub fn cursor(
    conn: &Connection,
    account: AccountId,
    archive: &str,
) -> Result<Option<String>, Error> {
    Ok(conn
        .query_row(
            "SELECT last_id FROM mam_cursors WHERE account = ?1 AND archive = ?2",
            params![account.0, archive],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn set_cursor(
    conn: &Connection,
    account: AccountId,
    archive: &str,
    last_id: &str,
) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO mam_cursors (account, archive, last_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (account, archive) DO UPDATE SET last_id = excluded.last_id",
        params![account.0, archive, last_id],
    )?;
    Ok(())
}

pub fn note_gap(
    conn: &Connection,
    account: AccountId,
    archive: &str,
    after_id: Option<&str>,
) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO gaps (account, archive, after_id, noted_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            account.0,
            archive,
            after_id,
            chrono::Utc::now().timestamp_millis()
        ],
    )?;
    Ok(())
}

pub fn gap_count(conn: &Connection, account: AccountId) -> Result<i64, Error> {
    Ok(conn.query_row(
        "SELECT count(*) FROM gaps WHERE account = ?1",
        [account.0],
        |r| r.get(0),
    )?)
}
