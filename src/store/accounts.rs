//! Accounts and their connection settings.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::bare;
use crate::core::{Account, AccountId, BareJid, ConnectionSettings, Error, ErrorKind};

#[derive(Clone)]
pub struct NewAccount {
    pub jid: BareJid,
    pub password: String,
    pub settings: ConnectionSettings,
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        write!(f, "NewAccount({}, {:?})", self.jid, self.settings)
    }
}

/// Adds an account, or updates its password and settings if it exists (and clears a
/// previous authentication failure).
pub fn upsert(conn: &Connection, account: &NewAccount) -> Result<AccountId, Error> {
    let resource = format!("tidings.{}", &crate::core::new_stanza_id()[..8]);
    let s = &account.settings;
    conn.execute(
        "INSERT INTO accounts (jid, password, resource, host, port, direct_tls, ca_file, pinned_cert)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (jid) DO UPDATE SET password = excluded.password, host = excluded.host,
             port = excluded.port, direct_tls = excluded.direct_tls, ca_file = excluded.ca_file,
             pinned_cert = excluded.pinned_cert, auth_failed = 0",
        params![
            account.jid.as_str(),
            account.password,
            resource,
            s.host,
            s.port,
            s.direct_tls,
            s.ca_file,
            s.pinned_cert
        ],
    )?;
    let id = conn.query_row(
        "SELECT id FROM accounts WHERE jid = ?1",
        [account.jid.as_str()],
        |r| r.get(0),
    )?;
    Ok(AccountId(id))
}

fn from_row(r: &Row) -> rusqlite::Result<Account> {
    Ok(Account {
        id: AccountId(r.get(0)?),
        jid: bare(&r.get::<_, String>(1)?)?,
        password: r.get(2)?,
        resource: r.get(3)?,
        settings: ConnectionSettings {
            host: r.get(4)?,
            port: r.get(5)?,
            direct_tls: r.get(6)?,
            ca_file: r.get(7)?,
            pinned_cert: r.get(8)?,
        },
        auth_failed: r.get(9)?,
    })
}

const COLUMNS: &str =
    "id, jid, password, resource, host, port, direct_tls, ca_file, pinned_cert, auth_failed";

pub fn all(conn: &Connection) -> Result<Vec<Account>, Error> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM accounts ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: AccountId) -> Result<Account, Error> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1"),
        [id.0],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::new(ErrorKind::NotFound, format!("no account {id}")))
}

/// The only account, or the one named by `jid`: what a CLI command acts on.
pub fn pick(conn: &Connection, jid: Option<&BareJid>) -> Result<Account, Error> {
    let accounts = all(conn)?;
    match jid {
        Some(jid) => accounts.into_iter().find(|a| &a.jid == jid).ok_or_else(|| {
            Error::new(
                ErrorKind::NotFound,
                format!("no account {jid} in this profile"),
            )
        }),
        None => {
            let mut accounts = accounts.into_iter();
            match (accounts.next(), accounts.next()) {
                (Some(a), None) => Ok(a),
                (None, _) => Err(Error::new(
                    ErrorKind::NotFound,
                    "no account yet: add one with `tidings account add JID --password-stdin`",
                )),
                (Some(_), Some(_)) => Err(Error::new(
                    ErrorKind::InvalidInput,
                    "this profile has several accounts: name one with --account",
                )),
            }
        }
    }
}

pub fn set_auth_failed(conn: &Connection, id: AccountId, failed: bool) -> Result<(), Error> {
    conn.execute(
        "UPDATE accounts SET auth_failed = ?2 WHERE id = ?1",
        params![id.0, failed],
    )?;
    Ok(())
}

/// The server accepted a new password: keep it, and forget an earlier refusal.
pub fn set_password(conn: &Connection, id: AccountId, password: &str) -> Result<(), Error> {
    conn.execute(
        "UPDATE accounts SET password = ?2, auth_failed = 0 WHERE id = ?1",
        params![id.0, password],
    )?;
    Ok(())
}

pub fn roster_version(conn: &Connection, id: AccountId) -> Result<Option<String>, Error> {
    Ok(conn.query_row(
        "SELECT roster_ver FROM accounts WHERE id = ?1",
        [id.0],
        |r| r.get(0),
    )?)
}

pub fn set_roster_version(
    conn: &Connection,
    id: AccountId,
    ver: Option<&str>,
) -> Result<(), Error> {
    conn.execute(
        "UPDATE accounts SET roster_ver = ?2 WHERE id = ?1",
        params![id.0, ver],
    )?;
    Ok(())
}
