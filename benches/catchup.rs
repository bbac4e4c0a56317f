//! B6 (docs/performance.md): catch-up of a large archive from a local Prosody, against a raw
//! SQLCipher insert of the same rows measured in the same run.
//!
//! Needs Prosody with SQLite storage (Debian: prosody, lua-dbi-sqlite3); scripts/bench
//! installs both. cargo bench --bench catchup   (TIDINGS_BENCH_ARCHIVE=N, default 100,000)

#[allow(dead_code)]
#[path = "../tests/it/harness.rs"]
mod harness;
#[allow(dead_code)]
#[path = "../tests/it/raw.rs"]
mod raw;

use std::time::{Duration, Instant};

use harness::{Device, Live, Server, Tls};
use tidings::core::{ConnectionSettings, Event};
use tidings::store::{Store, accounts, messages};
use zeroize::Zeroizing;

fn main() {
    let count: usize = std::env::var("TIDINGS_BENCH_ARCHIVE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    // The archive lives in SQLite on a RAM disk, so filling it is quick and serving it is
    // Prosody's own speed, not the disk's. No offline storage: the archive is the only path.
    let shm = tempfile::tempdir_in("/dev/shm").unwrap_or_else(|_| tempfile::tempdir().unwrap());
    let extra = format!(
        "storage = \"sql\"\nsql = {{ driver = \"SQLite3\", database = \"{}/prosody.sqlite\" }}\nmodules_disabled = {{ \"offline\" }}\n",
        shm.path().display()
    );
    let server = Server::start_tuned(Tls::Required, &["alice", "bob"], &extra);

    let filled = Instant::now();
    let mut bob = raw::Raw::login(&server, "bob");
    let mut batch = String::with_capacity(1 << 20);
    for i in 0..count {
        batch.push_str(&format!(
            "<message to='alice@localhost' type='chat' id='m{i}'><body>archived message {i}: \
             the quick brown fox jumps over the lazy dog</body></message>"
        ));
        if batch.len() > 512 * 1024 || i + 1 == count {
            bob.send(&batch);
            batch.clear();
        }
    }
    bob.set_read_timeout(Duration::from_secs(600));
    bob.barrier();
    println!(
        "B6 setup: {count} messages archived by Prosody in {:.1} s",
        filled.elapsed().as_secs_f64()
    );

    // The server's own ceiling: a raw client pages through the same archive, storing nothing.
    let alone = prosody_alone(&server, count);

    // Ours: a fresh device of alice catches up the whole archive.
    let alice = Device::new(&server, "alice");
    let mut live = Live::start(&alice);
    let started = Instant::now();
    let fetched = live.wait_for("catch-up", Duration::from_secs(3600), |e| match e {
        Event::CaughtUp { fetched, gap, .. } => {
            assert!(!gap, "a page failed");
            Some(*fetched)
        }
        _ => None,
    });
    let ours = started.elapsed();
    let account = live.account;
    let rows = live.read(move |c| messages::all(c, account));
    live.stop();
    assert_eq!(fetched, count, "fetched every archived message");
    assert_eq!(rows.len(), count, "stored every archived message");

    // Reference: the same rows inserted with one prepared statement in one transaction
    // into a fresh SQLCipher database with the same schema.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), Some(Zeroizing::new("bench".into()))).unwrap();
    let new = accounts::NewAccount {
        jid: "alice@localhost".parse().unwrap(),
        password: "x".into(),
        settings: ConnectionSettings::default(),
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let reference = runtime.block_on(async {
        let id = store
            .writer
            .write(move |tx| accounts::upsert(tx, &new))
            .await
            .unwrap();
        let started = Instant::now();
        store
            .writer
            .write(move |tx| {
                tx.execute(
                    "INSERT INTO conversations (account, peer) VALUES (?1, 'bob@localhost')",
                    [id.0],
                )?;
                let conversation = tx.last_insert_rowid();
                let mut insert = tx.prepare_cached(
                    "INSERT INTO messages (conversation, direction, sender, body, timestamp, state, stanza_id)
                     VALUES (?1, 0, ?2, ?3, ?4, 5, ?5)",
                )?;
                for m in &rows {
                    insert.execute(rusqlite::params![
                        conversation,
                        m.sender.as_str(),
                        m.body,
                        m.timestamp.timestamp_millis(),
                        m.stanza_id
                    ])?;
                }
                Ok(())
            })
            .await
            .unwrap();
        started.elapsed()
    });
    let rate = |d: Duration| count as f64 / d.as_secs_f64();
    println!(
        "B6 catch-up of {count} archived messages: {:.1} s, {:.0} msg/s; reference (raw SQLCipher insert of the same rows) {:.2} s, {:.0} msg/s; ratio {:.2} (goal >= 5,000 msg/s and >= 0.5)",
        ours.as_secs_f64(),
        rate(ours),
        reference.as_secs_f64(),
        rate(reference),
        rate(ours) / rate(reference)
    );
    println!(
        "B6 the server alone (raw client paging the same archive, storing nothing): {:.1} s, {:.0} msg/s; ours / server alone {:.2}",
        alone.as_secs_f64(),
        rate(alone),
        rate(ours) / rate(alone)
    );
}

/// Pages through alice's archive as fast as Prosody serves it, 250 per page like the session.
fn prosody_alone(server: &Server, count: usize) -> Duration {
    let mut raw = raw::Raw::login(server, "alice");
    let started = Instant::now();
    let (mut after, mut total) = (None::<String>, 0);
    loop {
        let set = after
            .as_ref()
            .map(|a| format!("<after>{a}</after>"))
            .unwrap_or_default();
        raw.send(&format!(
            "<iq type='set' id='page'><query xmlns='urn:xmpp:mam:2' queryid='bench'>\
             <set xmlns='http://jabber.org/protocol/rsm'><max>250</max>{set}</set></query></iq>"
        ));
        let text = raw.expect("</fin>");
        total += text.matches("<result ").count();
        let complete = text.contains("complete='true'") || text.contains("complete=\"true\"");
        after = text
            .rsplit("<last>")
            .next()
            .filter(|_| text.contains("<last>"))
            .and_then(|t| t.split("</last>").next())
            .map(str::to_string);
        if complete || after.is_none() {
            break;
        }
    }
    assert_eq!(total, count, "the raw client saw every archived message");
    started.elapsed()
}
