//! Store benchmarks (docs/performance.md): B9 search and B10 unlock. Each prints our
//! figure, a reference measured in the same run, and the ratio.
//!
//! cargo bench --bench store            (TIDINGS_BENCH_MESSAGES=N to change the 1M default)

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use tidings::core::{AccountId, BareJid, ConnectionSettings, Delivery, Direction};
use tidings::store::{Store, accounts, messages};
use zeroize::Zeroizing;

const WORDS: &[&str] = &[
    "lunch", "tomorrow", "meeting", "photo", "holiday", "train", "coffee", "birthday", "project",
    "weekend", "call", "dinner", "music", "garden", "weather", "football", "book", "movie",
    "doctor", "office", "family", "beach", "mountain", "concert", "recipe", "bicycle", "market",
    "library", "airport", "hotel", "museum", "picnic",
];

/// Deterministic xorshift, so every run builds the same profile.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn report(id: &str, what: &str, ours: Duration, reference: Duration, reference_name: &str) {
    println!(
        "{id} {what}: {:.3} ms; reference ({reference_name}) {:.3} ms; ratio {:.2}",
        ours.as_secs_f64() * 1e3,
        reference.as_secs_f64() * 1e3,
        ours.as_secs_f64() / reference.as_secs_f64().max(1e-9)
    );
}

fn main() {
    let count: usize = std::env::var("TIDINGS_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let pass = || Some(Zeroizing::new("bench passphrase".to_string()));

    // B10: unlock with a passphrase (Argon2id + open) against opening with the raw key.
    let store = Store::open(dir.path(), pass()).unwrap();
    let own: BareJid = "me@example.org".parse().unwrap();
    let new = accounts::NewAccount {
        jid: own.clone(),
        password: "x".into(),
        settings: ConnectionSettings::default(),
    };
    let account: AccountId = store
        .writer
        .write_blocking(move |tx| accounts::upsert(tx, &new))
        .unwrap();
    drop(store);
    let mut unlock = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let s = Store::open(dir.path(), pass()).unwrap();
        unlock.push(t.elapsed());
        drop(s);
    }
    let key_json = std::fs::read_to_string(dir.path().join("key.json")).unwrap();
    let salt = key_json
        .split('"')
        .skip_while(|s| *s != "salt")
        .nth(2)
        .unwrap()
        .to_string();
    let key = tidings::store::stretch(
        "bench passphrase",
        &hex::decode(salt).unwrap(),
        64 * 1024,
        2,
    )
    .unwrap();
    let mut raw_open = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let c = rusqlite::Connection::open(dir.path().join(tidings::store::DATABASE_FILE)).unwrap();
        c.pragma_update(None, "key", format!("x'{}'", hex::encode(*key)))
            .unwrap();
        let _: i64 = c
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        raw_open.push(t.elapsed());
    }
    let unlock_median = percentile(&mut unlock, 0.5);
    report(
        "B10",
        "passphrase unlock, median of 5 (goal <= 250 ms)",
        unlock_median,
        percentile(&mut raw_open, 0.5),
        "raw-key open",
    );

    // Build the search profile: `count` messages over 200 conversations.
    let store = Store::open(dir.path(), pass()).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let started = Instant::now();
    let batch = 5_000;
    for chunk_start in (0..count).step_by(batch) {
        let rows: Vec<messages::NewMessage> = (chunk_start..(chunk_start + batch).min(count))
            .map(|i| {
                let words: Vec<&str> = (0..8)
                    .map(|_| WORDS[(rng.next() % WORDS.len() as u64) as usize])
                    .collect();
                let peer: BareJid = format!("friend{}@example.org", rng.next() % 200)
                    .parse()
                    .unwrap();
                messages::NewMessage {
                    account,
                    sender: peer.clone(),
                    peer,
                    direction: Direction::In,
                    body: format!("{} #{i}", words.join(" ")),
                    timestamp: Utc.timestamp_opt(1_600_000_000 + i as i64, 0).unwrap(),
                    state: Delivery::Received,
                    encrypted: false,
                    origin_id: Some(format!("o{i}")),
                    stanza_id: Some(format!("s{i}")),
                    reply_to: None,
                }
            })
            .collect();
        store
            .writer
            .write_blocking(move |tx| {
                for m in &rows {
                    messages::insert(tx, m)?;
                }
                Ok(())
            })
            .unwrap();
    }
    let built = started.elapsed();
    println!(
        "profile: {count} messages in {:.1} s ({:.0} msg/s through messages::insert)",
        built.as_secs_f64(),
        count as f64 / built.as_secs_f64()
    );

    // B9: newest 50 hits, term and prefix; reference: the bare FTS5 MATCH on the same table.
    for (label, query, goal) in [("term", "concert", 20.0), ("prefix", "mou", 50.0)] {
        let mut ours = Vec::new();
        let mut reference = Vec::new();
        for _ in 0..50 {
            let q = query.to_string();
            let t = Instant::now();
            let hits = store
                .readers
                .read_blocking(move |c| messages::search(c, &q, 50))
                .unwrap();
            ours.push(t.elapsed());
            assert_eq!(hits.len(), 50);
            let q = format!("\"{query}\"*");
            let t = Instant::now();
            let n: usize = store
                .readers
                .read_blocking(move |c| {
                    let mut stmt = c.prepare_cached("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY rowid DESC LIMIT 50")?;
                    Ok(stmt.query_map([q], |r| r.get::<_, i64>(0))?.count())
                })
                .unwrap();
            reference.push(t.elapsed());
            assert_eq!(n, 50);
        }
        let p95 = percentile(&mut ours, 0.95);
        report(
            "B9",
            &format!("search newest 50, {label}, p95 (goal <= {goal} ms)"),
            p95,
            percentile(&mut reference, 0.95),
            "bare FTS5 MATCH",
        );
    }
}
