//! Store benchmarks (docs/performance.md): B9 search and B10 unlock. Each prints our
//! figure, a reference measured in the same run, and the ratio.
//!
//! cargo bench --bench store            (TIDINGS_BENCH_MESSAGES=N to change the 1M default)

#[path = "common/mod.rs"]
mod common;

use std::time::Instant;

use common::{Shape, percentile, report};
use tidings::store::{Store, messages};

fn main() {
    let count: usize = std::env::var("TIDINGS_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    // B10: unlock with a passphrase (Argon2id + open) against opening with the raw key.
    let dir = tempfile::tempdir().unwrap();
    let pass = common::passphrase;
    let empty = Shape {
        messages: 0,
        conversations: 200,
        big: 0,
    };
    drop(common::build(dir.path(), &empty));
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
    let dir = tempfile::tempdir().unwrap();
    let shape = Shape {
        messages: count,
        conversations: 200,
        big: 0,
    };
    let profile = common::build(dir.path(), &shape);
    let store = profile.store;
    println!(
        "profile: {count} messages in {:.1} s ({:.0} msg/s through messages::insert)",
        profile.built_in.as_secs_f64(),
        count as f64 / profile.built_in.as_secs_f64()
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
