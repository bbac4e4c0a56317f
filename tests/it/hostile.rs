//! Hostile XML from the server (security.md): bombs, entities, DTDs, deep nesting, huge
//! text, invalid UTF-8. Each must end in a stream error within 1 s, without a crash and with
//! under 64 MiB of memory held at any moment.
//!
//! The client side is exactly what a session reads with: our `Guard` under tokio-xmpp's XML
//! stream. The server side is scripted on an in-memory pipe, since no real server would
//! send these; everything runs on this test's thread, where `alloc` counts the memory.

use std::time::{Duration, Instant};

use futures::StreamExt;
use tidings::session::guard::Guard;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufStream};
use tokio_xmpp::xmlstream::{ReadError, StreamHeader, Timeouts, initiate_stream};

use crate::alloc;

const SERVER_HEADER: &str = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
    xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='s1' version='1.0'>\
    <stream:features/>";

/// How the hostile server sends its payload.
enum Payload {
    Text(&'static str),
    Bytes(Vec<u8>),
    /// A prefix, then this chunk again and again (up to ~100 MiB).
    Endless(&'static str, &'static [u8]),
}

/// What the client made of it.
#[derive(Debug)]
enum Outcome {
    Error(String),
    Stanza,
    Closed,
}

fn run(payload: Payload) -> (Outcome, Duration, isize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let (client, mut server) = tokio::io::duplex(64 * 1024);
        let base = alloc::live();
        alloc::reset_peak();
        let hostile = async move {
            // Read the client's header, then answer with ours and the payload.
            let mut buf = [0u8; 1024];
            let mut seen = Vec::new();
            while !seen.ends_with(b">") || !String::from_utf8_lossy(&seen).contains("stream:stream")
            {
                let n = server.read(&mut buf).await.unwrap_or(0);
                if n == 0 {
                    return;
                }
                seen.extend_from_slice(&buf[..n]);
            }
            if server.write_all(SERVER_HEADER.as_bytes()).await.is_err() {
                return;
            }
            let _ = match payload {
                Payload::Text(t) => server.write_all(t.as_bytes()).await,
                Payload::Bytes(b) => server.write_all(&b).await,
                Payload::Endless(prefix, chunk) => {
                    let _ = server.write_all(prefix.as_bytes()).await;
                    for _ in 0..(100 * 1024 * 1024 / chunk.len()) {
                        if server.write_all(chunk).await.is_err() {
                            break;
                        }
                    }
                    Ok(())
                }
            };
            // Keep the pipe open: the client must stop by itself.
            let _ = server.read(&mut buf).await;
        };
        let hostile = tokio::spawn(hostile);
        let started = Instant::now();
        let client = async move {
            let header = StreamHeader {
                to: Some("localhost".into()),
                from: None,
                id: None,
            };
            let timeouts = Timeouts {
                read_timeout: Duration::from_secs(5),
                response_timeout: Duration::from_secs(5),
            };
            let stream = match initiate_stream(
                BufStream::new(Guard::new(client)),
                "jabber:client",
                header,
                timeouts,
            )
            .await
            {
                Ok(s) => s,
                Err(e) => return Outcome::Error(e.to_string()),
            };
            let (_, mut stream) = match stream.recv_features::<tokio_xmpp::Stanza>().await {
                Ok(s) => s,
                Err(e) => return Outcome::Error(e.to_string()),
            };
            loop {
                match stream.next().await {
                    Some(Ok(_)) => return Outcome::Stanza,
                    Some(Err(ReadError::SoftTimeout)) => continue,
                    Some(Err(e)) => return Outcome::Error(format!("{e:?}")),
                    None => return Outcome::Closed,
                }
            }
        };
        let outcome = tokio::time::timeout(Duration::from_secs(10), client)
            .await
            .unwrap_or(Outcome::Error("no outcome within 10 s".into()));
        let elapsed = started.elapsed();
        hostile.abort();
        (outcome, elapsed, alloc::peak_growth(base))
    })
}

fn assert_rejected(name: &str, payload: Payload) {
    let (outcome, elapsed, peak) = run(payload);
    assert!(
        matches!(outcome, Outcome::Error(_) | Outcome::Closed),
        "{name}: expected a stream error, got {outcome:?}"
    );
    assert!(elapsed < Duration::from_secs(1), "{name}: took {elapsed:?}");
    assert!(
        peak < 64 * 1024 * 1024,
        "{name}: held {} MiB at the peak",
        peak / (1024 * 1024)
    );
    let why = match &outcome {
        Outcome::Error(e) => e.as_str(),
        _ => "closed",
    };
    eprintln!(
        "hostile XML {name}: {why} after {elapsed:?}, peak {} KiB",
        peak / 1024
    );
}

#[test]
fn billion_laughs_is_rejected() {
    assert_rejected(
        "billion laughs",
        Payload::Text(
            "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\
             <message><body>&lol2;</body></message>",
        ),
    );
}

#[test]
fn undeclared_entity_is_rejected() {
    assert_rejected(
        "external entity",
        Payload::Text("<message><body>&xxe;</body></message>"),
    );
}

#[test]
fn comments_and_processing_instructions_are_rejected() {
    assert_rejected(
        "comment",
        Payload::Text("<message><!-- hidden --><body>x</body></message>"),
    );
    assert_rejected(
        "processing instruction",
        Payload::Text("<message><?evil x?><body>x</body></message>"),
    );
}

#[test]
fn deep_nesting_is_rejected() {
    assert_rejected(
        "deep nesting",
        Payload::Bytes(
            b"<message>"
                .iter()
                .copied()
                .chain(b"<a>".repeat(200_000))
                .collect(),
        ),
    );
}

#[test]
fn huge_text_is_rejected() {
    assert_rejected(
        "100 MiB of text",
        Payload::Endless("<message><body>", &[b'x'; 64 * 1024]),
    );
}

#[test]
fn huge_attribute_is_rejected() {
    assert_rejected(
        "100 MiB attribute",
        Payload::Endless("<message to='", &[b'y'; 64 * 1024]),
    );
}

#[test]
fn invalid_utf8_is_rejected() {
    assert_rejected(
        "invalid UTF-8",
        Payload::Bytes(b"<message><body>\xff\xfe\xfd</body></message>".to_vec()),
    );
}

#[test]
fn a_normal_stanza_still_arrives() {
    // The control: the same path accepts what a real server sends.
    let (outcome, _, _) = run(Payload::Text(
        "<message from='a@localhost/r' type='chat'><body>1 &lt; 2 <![CDATA[<b>]]></body></message>",
    ));
    assert!(matches!(outcome, Outcome::Stanza), "{outcome:?}");
}
