//! The encrypted store on its own: keys, passphrases, migrations, and what reaches the disk.

use std::process::Command;

use tidings::core::ErrorKind;
use tidings::store::Store;
use zeroize::Zeroizing;

fn pass(text: &str) -> Option<Zeroizing<String>> {
    Some(Zeroizing::new(text.to_string()))
}

#[test]
fn wrong_passphrase_is_a_clear_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path(), pass("right")).unwrap());
    let before = snapshot(dir.path());
    let err = Store::open(dir.path(), pass("wrong")).expect_err("wrong passphrase must fail");
    assert_eq!(err.kind, ErrorKind::WrongKey, "{err}");
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a failed unlock changed files on disk"
    );
    let err = Store::open(dir.path(), None).expect_err("no passphrase must fail");
    assert_eq!(err.kind, ErrorKind::NoKeySource);
    Store::open(dir.path(), pass("right")).expect("the right passphrase still opens it");
}

/// Each file's name and SHA-256.
fn snapshot(dir: &std::path::Path) -> Vec<(String, String)> {
    use sha2::Digest;
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                hex::encode(sha2::Sha256::digest(std::fs::read(e.path()).unwrap())),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn plain_sqlite3_cannot_open_the_database() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path(), pass("secret")).unwrap());
    let db = dir.path().join(tidings::store::DATABASE_FILE);
    let out = Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT count(*) FROM sqlite_master;")
        .output();
    let out = out.expect("sqlite3 is installed by scripts/test");
    assert!(
        !out.status.success(),
        "plain sqlite3 read the database: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a database"));
    let header = std::fs::read(&db).unwrap();
    assert!(
        !header.starts_with(b"SQLite format 3"),
        "the file has a plaintext SQLite header"
    );
}

#[test]
fn no_keyring_and_no_passphrase_refuses_to_create_a_plaintext_database() {
    let dir = tempfile::tempdir().unwrap();
    // This machine has no Secret Service; CI neither. A keyring, if present, would be used.
    match Store::open(dir.path(), None) {
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::NoKeySource, "{e}");
            assert!(!dir.path().join(tidings::store::DATABASE_FILE).exists());
        }
        Ok(_) => {
            let key = std::fs::read_to_string(dir.path().join("key.json")).unwrap();
            assert!(key.contains("keyring"));
        }
    }
}

#[test]
fn schema_migrates_from_an_empty_database_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), pass("p")).unwrap();
    let version: i64 = store
        .readers
        .read_blocking(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
        .unwrap();
    assert_eq!(version as usize, tidings::store::SCHEMA_VERSION);
    drop(store);
    Store::open(dir.path(), pass("p")).unwrap();
}

#[test]
fn search_finds_corrected_text_and_not_retracted_messages() {
    use tidings::core::{BareJid, ConnectionSettings, Delivery, Direction};
    use tidings::store::{accounts, messages};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), pass("p")).unwrap();
    let own: BareJid = "me@example.org".parse().unwrap();
    let peer: BareJid = "friend@example.org".parse().unwrap();
    let ids = store
        .writer
        .write_blocking(move |tx| {
            let new = accounts::NewAccount {
                jid: own.clone(),
                password: "x".into(),
                settings: ConnectionSettings::default(),
            };
            let account = accounts::upsert(tx, &new)?;
            let mut ids = Vec::new();
            for (i, body) in [
                "see you at the lighthouse",
                "the lighthouse is closed",
                "typo in lihgthouse",
            ]
            .iter()
            .enumerate()
            {
                let m = messages::NewMessage {
                    account,
                    peer: peer.clone(),
                    sender: peer.clone(),
                    direction: Direction::In,
                    body: body.to_string(),
                    timestamp: chrono::Utc::now(),
                    state: Delivery::Received,
                    encrypted: false,
                    namespaces: Default::default(),
                    origin_id: Some(format!("o{i}")),
                    stanza_id: None,
                    reply_to: None,
                    nick: None,
                    occupant_id: None,
                    private: None,
                };
                match messages::insert(tx, &m)? {
                    messages::Stored::Inserted { id, .. } => ids.push(id),
                    other => panic!("{other:?}"),
                }
            }
            messages::retract(tx, ids[1])?;
            messages::correct(tx, ids[2], "typo fixed: lighthouse")?;
            Ok(ids)
        })
        .unwrap();
    let hits = store
        .readers
        .read_blocking(|c| messages::search(c, "lighthouse", 50))
        .unwrap();
    let found: Vec<_> = hits.iter().map(|m| m.id).collect();
    assert_eq!(
        found,
        vec![ids[2], ids[0]],
        "newest first, retracted gone, correction found"
    );
    assert!(
        store
            .readers
            .read_blocking(|c| messages::search(c, "closed", 50))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn outbox_ids_never_come_back_after_it_empties() {
    use tidings::core::{BareJid, ConnectionSettings};
    use tidings::store::{accounts, outbox};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), pass("p")).unwrap();
    let ids = store
        .writer
        .write_blocking(|tx| {
            let jid: BareJid = "me@example.org".parse().unwrap();
            let new = accounts::NewAccount {
                jid,
                password: "x".into(),
                settings: ConnectionSettings::default(),
            };
            let account = accounts::upsert(tx, &new)?;
            let first = outbox::enqueue(tx, account, None, "a", "<message/>")?;
            outbox::remove(tx, first)?;
            let second = outbox::enqueue(tx, account, None, "b", "<message/>")?;
            Ok((first, second))
        })
        .unwrap();
    assert!(ids.1 > ids.0, "an emptied outbox reused id {}", ids.0);
}

/// Each released schema version has a profile in tests/fixtures/schema/vN (passphrase
/// "fixture passphrase") holding one account, one conversation and two messages. Today's
/// build must open and migrate each, and find the rows.
#[test]
fn released_schema_fixtures_migrate() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema");
    let mut versions: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/fixtures/schema exists")
        .map(|e| e.unwrap().path())
        .collect();
    versions.sort();
    assert!(!versions.is_empty(), "no schema fixtures");
    for fixture in versions {
        let dir = tempfile::tempdir().unwrap();
        for file in std::fs::read_dir(&fixture).unwrap() {
            let file = file.unwrap();
            std::fs::copy(file.path(), dir.path().join(file.file_name())).unwrap();
        }
        let store = Store::open(dir.path(), pass("fixture passphrase"))
            .unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
        let (accounts, messages) = store
            .readers
            .read_blocking(|c| {
                let accounts = tidings::store::accounts::all(c)?;
                let messages = tidings::store::messages::all(c, accounts[0].id)?;
                Ok((accounts, messages))
            })
            .unwrap();
        assert_eq!(accounts.len(), 1, "{}", fixture.display());
        assert_eq!(accounts[0].jid.as_str(), "fixture@example.org");
        let bodies: Vec<_> = messages.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["first fixture message", "second fixture message"]);
    }
}
