//! What the benchmarks share: the deterministic profile generator and the report format
//! (our figure, a reference measured in the same run, the ratio).

#![allow(dead_code)] // Each bench uses its own part.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use tidings::core::{AccountId, BareJid, ConnectionSettings, Delivery, Direction};
use tidings::store::{Store, accounts, messages};
use zeroize::Zeroizing;

pub const PASSPHRASE: &str = "bench passphrase";

pub fn passphrase() -> Option<Zeroizing<String>> {
    Some(Zeroizing::new(PASSPHRASE.to_string()))
}

const WORDS: &[&str] = &[
    "lunch", "tomorrow", "meeting", "photo", "holiday", "train", "coffee", "birthday", "project",
    "weekend", "call", "dinner", "music", "garden", "weather", "football", "book", "movie",
    "doctor", "office", "family", "beach", "mountain", "concert", "recipe", "bicycle", "market",
    "library", "airport", "hotel", "museum", "picnic",
];

/// Deterministic xorshift, so every run builds the same profile.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

pub fn report(id: &str, what: &str, ours: Duration, reference: Duration, reference_name: &str) {
    println!(
        "{id} {what}: {:.3} ms; reference ({reference_name}) {:.3} ms; ratio {:.2}",
        ours.as_secs_f64() * 1e3,
        reference.as_secs_f64() * 1e3,
        ours.as_secs_f64() / reference.as_secs_f64().max(1e-9)
    );
}

/// The shape of a generated profile.
pub struct Shape {
    pub messages: usize,
    pub conversations: u64,
    /// Messages of the first conversation ("big@example.org"); the rest share the others.
    pub big: usize,
}

/// A profile as people have them: one account, many conversations, one very long one.
pub struct Profile {
    pub store: Store,
    pub account: AccountId,
    pub built_in: Duration,
}

/// Builds `shape` in `dir` through the store's own insert, 5,000 rows per transaction.
/// Every third message is ours; one in twenty has an emoji. The big conversation and
/// friend1 get the newest messages, so they lead the conversation list.
pub fn build(dir: &Path, shape: &Shape) -> Profile {
    let store = Store::open(dir, passphrase()).unwrap();
    let own: BareJid = "me@example.org".parse().unwrap();
    let new = accounts::NewAccount {
        jid: own.clone(),
        password: "x".into(),
        // Nothing listens there: the session fails fast and stays out of the measurements.
        settings: ConnectionSettings {
            host: Some("127.0.0.1".into()),
            port: Some(1),
            ..ConnectionSettings::default()
        },
    };
    let account = store
        .writer
        .write_blocking(move |tx| accounts::upsert(tx, &new))
        .unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let started = Instant::now();
    let batch = 5_000;
    let others = shape.messages - shape.big;
    for chunk_start in (0..shape.messages).step_by(batch) {
        let rows: Vec<messages::NewMessage> = (chunk_start
            ..(chunk_start + batch).min(shape.messages))
            .map(|i| {
                let words: Vec<&str> = (0..3 + rng.next() % 20)
                    .map(|_| WORDS[(rng.next() % WORDS.len() as u64) as usize])
                    .collect();
                // The others first, then the big one, so the big one is newest.
                let peer: BareJid = if i >= others {
                    "big@example.org".parse().unwrap()
                } else if i + 2_000 >= others {
                    "friend1@example.org".parse().unwrap()
                } else {
                    format!(
                        "friend{}@example.org",
                        2 + rng.next() % (shape.conversations - 2)
                    )
                    .parse()
                    .unwrap()
                };
                let outgoing = i % 3 == 0;
                let mut body = format!("{} #{i}", words.join(" "));
                if i % 20 == 0 {
                    body.push_str(" 🎉");
                }
                messages::NewMessage {
                    account,
                    sender: if outgoing { own.clone() } else { peer.clone() },
                    peer,
                    direction: if outgoing {
                        Direction::Out
                    } else {
                        Direction::In
                    },
                    body,
                    timestamp: Utc.timestamp_opt(1_600_000_000 + i as i64 * 30, 0).unwrap(),
                    state: if outgoing {
                        Delivery::Read
                    } else {
                        Delivery::Received
                    },
                    encrypted: false,
                    namespaces: Default::default(),
                    origin_id: Some(format!("o{i}")),
                    stanza_id: Some(format!("s{i}")),
                    reply_to: None,
                    nick: None,
                    occupant_id: None,
                    private: None,
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
    Profile {
        store,
        account,
        built_in: started.elapsed(),
    }
}
