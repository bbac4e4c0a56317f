//! OMEMO state at rest: our own device, others' device lists, sessions and trust. The blobs
//! are serialised by src/omemo; this file only keeps them, so it knows no cryptography.

use rusqlite::{Connection, OptionalExtension, params};

use super::{bare, from_millis};
use crate::core::{AccountId, BareJid, ConversationId, Device, Error, OmemoNamespace, Trust};

/// Our own device: its id and the serialised key material.
#[derive(Clone)]
pub struct OwnRecord {
    pub device_id: u32,
    pub state: Vec<u8>,
}

impl std::fmt::Debug for OwnRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The state holds private keys.
        write!(f, "OwnRecord({})", self.device_id)
    }
}

/// One entry of a device list as its owner published it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: u32,
    pub label: Option<String>,
}

/// Where a session or device lives: whose, which namespace, which device.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeviceAddress {
    pub jid: BareJid,
    pub namespace: OmemoNamespace,
    pub id: u32,
}

pub fn own(conn: &Connection, account: AccountId) -> Result<Option<OwnRecord>, Error> {
    Ok(conn
        .query_row(
            "SELECT device_id, state FROM omemo_own WHERE account = ?1",
            [account.0],
            |r| {
                Ok(OwnRecord {
                    device_id: r.get(0)?,
                    state: r.get(1)?,
                })
            },
        )
        .optional()?)
}

pub fn set_own(conn: &Connection, account: AccountId, own: &OwnRecord) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO omemo_own (account, device_id, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (account) DO UPDATE SET device_id = excluded.device_id, state = excluded.state",
        params![account.0, own.device_id, own.state],
    )?;
    Ok(())
}

/// Replaces `jid`'s device list in one namespace: listed devices become active (new ones are
/// added), the others inactive. Returns the ids that were not known before.
pub fn set_list(
    conn: &Connection,
    account: AccountId,
    jid: &BareJid,
    namespace: OmemoNamespace,
    listed: &[Listed],
    now_ms: i64,
) -> Result<Vec<u32>, Error> {
    conn.execute(
        "UPDATE omemo_devices SET active = 0 WHERE account = ?1 AND jid = ?2 AND namespace = ?3",
        params![account.0, jid.as_str(), namespace.code()],
    )?;
    let mut fresh = Vec::new();
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO omemo_devices (account, jid, namespace, device_id, label, first_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut update = conn.prepare_cached(
        "UPDATE omemo_devices SET active = 1, label = ?5
         WHERE account = ?1 AND jid = ?2 AND namespace = ?3 AND device_id = ?4",
    )?;
    for d in listed {
        let args = params![
            account.0,
            jid.as_str(),
            namespace.code(),
            d.id,
            d.label,
            now_ms
        ];
        if insert.execute(args)? > 0 {
            fresh.push(d.id);
        } else {
            update.execute(params![
                account.0,
                jid.as_str(),
                namespace.code(),
                d.id,
                d.label
            ])?;
        }
    }
    Ok(fresh)
}

/// Records the identity key a device's verified bundle (or key exchange) carries; a device
/// not seen in a list yet is added, as active: it just spoke. A device whose key changed
/// loses its session: the old one was with somebody else. Returns whether it changed.
pub fn set_fingerprint(
    conn: &Connection,
    account: AccountId,
    device: &DeviceAddress,
    fingerprint: &str,
) -> Result<bool, Error> {
    let old: Option<Option<String>> = conn
        .query_row(
            "SELECT fingerprint FROM omemo_devices
             WHERE account = ?1 AND jid = ?2 AND namespace = ?3 AND device_id = ?4",
            params![
                account.0,
                device.jid.as_str(),
                device.namespace.code(),
                device.id
            ],
            |r| r.get(0),
        )
        .optional()?;
    match old {
        None => {
            conn.execute(
                "INSERT INTO omemo_devices
                   (account, jid, namespace, device_id, active, fingerprint, first_seen)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6)",
                params![
                    account.0,
                    device.jid.as_str(),
                    device.namespace.code(),
                    device.id,
                    fingerprint,
                    chrono::Utc::now().timestamp_millis()
                ],
            )?;
            Ok(true)
        }
        Some(Some(old)) if old == fingerprint => Ok(false),
        Some(previous) => {
            conn.execute(
                "UPDATE omemo_devices SET fingerprint = ?5
                 WHERE account = ?1 AND jid = ?2 AND namespace = ?3 AND device_id = ?4",
                params![
                    account.0,
                    device.jid.as_str(),
                    device.namespace.code(),
                    device.id,
                    fingerprint
                ],
            )?;
            if previous.is_some() {
                delete_session(conn, account, device)?;
            }
            Ok(true)
        }
    }
}

/// The devices of `jid` (our own when it is our JID), active ones first.
pub fn devices(conn: &Connection, account: AccountId, jid: &BareJid) -> Result<Vec<Device>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.jid, d.namespace, d.device_id, d.label, d.active, d.fingerprint, t.trust,
                d.first_seen
         FROM omemo_devices d
         LEFT JOIN omemo_trust t
           ON t.account = d.account AND t.jid = d.jid AND t.fingerprint = d.fingerprint
         WHERE d.account = ?1 AND d.jid = ?2
         ORDER BY d.active DESC, d.namespace, d.device_id",
    )?;
    let rows = stmt.query_map(params![account.0, jid.as_str()], |r| {
        let namespace: i64 = r.get(1)?;
        Ok(Device {
            jid: bare(&r.get::<_, String>(0)?)?,
            namespace: OmemoNamespace::from_code(namespace).unwrap_or(OmemoNamespace::Legacy),
            id: r.get(2)?,
            label: r.get(3)?,
            active: r.get(4)?,
            fingerprint: r.get(5)?,
            trust: r
                .get::<_, Option<i64>>(6)?
                .map(Trust::from_code)
                .unwrap_or(Trust::Undecided),
            first_seen: from_millis(r.get(7)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The trust of the key a device last showed, if its key is known.
pub fn device_trust(
    conn: &Connection,
    account: AccountId,
    device: &DeviceAddress,
) -> Result<Option<Trust>, Error> {
    Ok(conn
        .query_row(
            "SELECT t.trust FROM omemo_devices d
             JOIN omemo_trust t
               ON t.account = d.account AND t.jid = d.jid AND t.fingerprint = d.fingerprint
             WHERE d.account = ?1 AND d.jid = ?2 AND d.namespace = ?3 AND d.device_id = ?4",
            params![
                account.0,
                device.jid.as_str(),
                device.namespace.code(),
                device.id
            ],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .map(Trust::from_code))
}

/// The trust the user gave a key of `jid`, if any.
pub fn trust(
    conn: &Connection,
    account: AccountId,
    jid: &BareJid,
    fingerprint: &str,
) -> Result<Option<Trust>, Error> {
    Ok(conn
        .query_row(
            "SELECT trust FROM omemo_trust WHERE account = ?1 AND jid = ?2 AND fingerprint = ?3",
            params![account.0, jid.as_str(), fingerprint],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .map(Trust::from_code))
}

pub fn set_trust(
    conn: &Connection,
    account: AccountId,
    jid: &BareJid,
    fingerprint: &str,
    trust: Trust,
) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO omemo_trust (account, jid, fingerprint, trust) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account, jid, fingerprint) DO UPDATE SET trust = excluded.trust",
        params![account.0, jid.as_str(), fingerprint, trust.code()],
    )?;
    Ok(())
}

/// Blind Trust Before Verification: the trust a key of `jid` gets when first seen. Blind
/// while the user has verified none of this contact's keys; after that, the user decides.
pub fn first_trust(conn: &Connection, account: AccountId, jid: &BareJid) -> Result<Trust, Error> {
    let verified: i64 = conn.query_row(
        "SELECT COUNT(*) FROM omemo_trust WHERE account = ?1 AND jid = ?2 AND trust = ?3",
        params![account.0, jid.as_str(), Trust::Verified.code()],
        |r| r.get(0),
    )?;
    Ok(if verified > 0 {
        Trust::Undecided
    } else {
        Trust::Blind
    })
}

/// Records a key seen for the first time with the trust BTBV gives it; keeps an existing
/// decision. Returns the key's trust.
pub fn note_key(
    conn: &Connection,
    account: AccountId,
    jid: &BareJid,
    fingerprint: &str,
) -> Result<Trust, Error> {
    if let Some(known) = trust(conn, account, jid, fingerprint)? {
        return Ok(known);
    }
    let first = first_trust(conn, account, jid)?;
    set_trust(conn, account, jid, fingerprint, first)?;
    Ok(first)
}

/// The devices our newest encrypted message in `conversation` went to (replaces the last).
pub fn set_encrypted_for(
    conn: &Connection,
    conversation: ConversationId,
    devices: &[(BareJid, u32)],
) -> Result<(), Error> {
    conn.execute(
        "DELETE FROM encrypted_for WHERE conversation = ?1",
        [conversation.0],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO encrypted_for (conversation, jid, device_id) VALUES (?1, ?2, ?3)",
    )?;
    for (jid, id) in devices {
        insert.execute(params![conversation.0, jid.as_str(), id])?;
    }
    Ok(())
}

/// The devices our newest encrypted message in `conversation` went to; empty before one.
pub fn encrypted_for(
    conn: &Connection,
    conversation: ConversationId,
) -> Result<Vec<(BareJid, u32)>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT jid, device_id FROM encrypted_for WHERE conversation = ?1 ORDER BY jid, device_id",
    )?;
    let rows = stmt.query_map([conversation.0], |r| {
        Ok((bare(&r.get::<_, String>(0)?)?, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn session(
    conn: &Connection,
    account: AccountId,
    device: &DeviceAddress,
) -> Result<Option<Vec<u8>>, Error> {
    Ok(conn
        .query_row(
            "SELECT state FROM omemo_sessions
             WHERE account = ?1 AND jid = ?2 AND namespace = ?3 AND device_id = ?4",
            params![
                account.0,
                device.jid.as_str(),
                device.namespace.code(),
                device.id
            ],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn set_session(
    conn: &Connection,
    account: AccountId,
    device: &DeviceAddress,
    state: &[u8],
) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO omemo_sessions (account, jid, namespace, device_id, state)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (account, jid, namespace, device_id) DO UPDATE SET state = excluded.state",
        params![
            account.0,
            device.jid.as_str(),
            device.namespace.code(),
            device.id,
            state
        ],
    )?;
    Ok(())
}

pub fn delete_session(
    conn: &Connection,
    account: AccountId,
    device: &DeviceAddress,
) -> Result<(), Error> {
    conn.execute(
        "DELETE FROM omemo_sessions
         WHERE account = ?1 AND jid = ?2 AND namespace = ?3 AND device_id = ?4",
        params![
            account.0,
            device.jid.as_str(),
            device.namespace.code(),
            device.id
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (Connection, AccountId) {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::schema::migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO accounts (jid, password, resource) VALUES ('me@example.org', 'x', 'r')",
            [],
        )
        .unwrap();
        let account = AccountId(conn.last_insert_rowid());
        (conn, account)
    }

    fn jid(s: &str) -> BareJid {
        s.parse().unwrap()
    }

    fn listed(ids: &[u32]) -> Vec<Listed> {
        ids.iter().map(|&id| Listed { id, label: None }).collect()
    }

    #[test]
    fn a_device_list_marks_new_and_departed_devices() {
        let (c, a) = db();
        let bob = jid("bob@example.org");
        let fresh = set_list(&c, a, &bob, OmemoNamespace::Legacy, &listed(&[1, 2]), 5).unwrap();
        assert_eq!(fresh, vec![1, 2]);
        let fresh = set_list(&c, a, &bob, OmemoNamespace::Legacy, &listed(&[2, 3]), 6).unwrap();
        assert_eq!(fresh, vec![3]);
        let all = devices(&c, a, &bob).unwrap();
        let active: Vec<u32> = all.iter().filter(|d| d.active).map(|d| d.id).collect();
        assert_eq!(active, vec![2, 3]);
        assert!(all.iter().any(|d| d.id == 1 && !d.active));
        // The other namespace's list is separate.
        set_list(&c, a, &bob, OmemoNamespace::V2, &listed(&[9]), 7).unwrap();
        assert_eq!(devices(&c, a, &bob).unwrap().len(), 4);
    }

    #[test]
    fn blind_trust_until_the_first_verification() {
        let (c, a) = db();
        let bob = jid("bob@example.org");
        assert_eq!(note_key(&c, a, &bob, "aa").unwrap(), Trust::Blind);
        set_trust(&c, a, &bob, "aa", Trust::Verified).unwrap();
        assert_eq!(note_key(&c, a, &bob, "bb").unwrap(), Trust::Undecided);
        // A decision is kept when the key is seen again.
        assert_eq!(note_key(&c, a, &bob, "aa").unwrap(), Trust::Verified);
        // Another contact is unaffected.
        assert_eq!(
            note_key(&c, a, &jid("carol@example.org"), "cc").unwrap(),
            Trust::Blind
        );
    }

    #[test]
    fn a_changed_identity_key_drops_the_session() {
        let (c, a) = db();
        let device = DeviceAddress {
            jid: jid("bob@example.org"),
            namespace: OmemoNamespace::V2,
            id: 7,
        };
        set_list(&c, a, &device.jid, device.namespace, &listed(&[7]), 1).unwrap();
        assert!(set_fingerprint(&c, a, &device, "aa").unwrap());
        set_session(&c, a, &device, b"state").unwrap();
        assert!(!set_fingerprint(&c, a, &device, "aa").unwrap());
        assert!(session(&c, a, &device).unwrap().is_some());
        assert!(set_fingerprint(&c, a, &device, "bb").unwrap());
        assert!(session(&c, a, &device).unwrap().is_none());
        let shown = devices(&c, a, &device.jid).unwrap();
        assert_eq!(shown[0].fingerprint.as_deref(), Some("bb"));
    }

    #[test]
    fn own_device_round_trips() {
        let (c, a) = db();
        assert!(own(&c, a).unwrap().is_none());
        let record = OwnRecord {
            device_id: 42,
            state: vec![1, 2, 3],
        };
        set_own(&c, a, &record).unwrap();
        let back = own(&c, a).unwrap().unwrap();
        assert_eq!(format!("{back:?}"), "OwnRecord(42)");
        assert_eq!((back.device_id, back.state), (42, vec![1, 2, 3]));
    }
}
