//! Transport and login rules of security.md against a real server: nothing that could
//! reveal a password leaves before TLS, and failures are final, clear and quiet.

use crate::harness::{Device, PASSWORD, Proxy, Server, Tls};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn wrong_password_is_one_clear_error_without_a_retry_loop() {
    let server = Server::start();
    let proxy = Proxy::new(server.c2s);
    let alice = Device::bare("alice");
    alice.add_account(proxy.port, Some(&server.ca_file), "not the password", &[]);
    let started = std::time::Instant::now();
    let out = alice.run(&["send", "bob@localhost", "will stay queued"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("authentication failed"),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed().as_secs() < 20);
    assert_eq!(
        proxy.connections.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
    // The next run does not knock again until the password changes.
    let out = alice.run(&["sync"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        proxy.connections.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
    // The message is still queued and goes out once the password is right.
    alice.add_account(proxy.port, Some(&server.ca_file), PASSWORD, &[]);
    alice.ok(&["sync"]);
    let h = alice.history("bob@localhost");
    assert_eq!(h[0]["state"], "sent", "{h:?}");
}

#[test]
fn server_without_starttls_gets_no_auth_byte() {
    let server = Server::start_with(Tls::Off, &["alice"]);
    let proxy = Proxy::new(server.c2s);
    let alice = Device::bare("alice");
    alice.add_account(proxy.port, Some(&server.ca_file), PASSWORD, &[]);
    let out = alice.run(&["sync"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("does not offer encryption"),
        "{}",
        stderr(&out)
    );
    let sent = proxy.client_bytes();
    assert!(
        sent.contains("<stream:stream") || sent.contains("stream"),
        "{sent}"
    );
    assert!(
        !sent.contains("auth"),
        "credentials material sent without TLS: {sent}"
    );
    assert!(
        !sent.contains("alice"),
        "the user name leaked without TLS: {sent}"
    );
}

#[test]
fn untrusted_certificate_shows_its_fingerprint_and_can_be_pinned() {
    let server = Server::start();
    let proxy = Proxy::new(server.c2s);
    let alice = Device::bare("alice");
    // No CA file: the test CA is not among the system roots.
    alice.add_account(proxy.port, None, PASSWORD, &[]);
    let out = alice.run(&["sync"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let text = stderr(&out);
    let fingerprint = text
        .split_whitespace()
        .find(|w| w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(|| panic!("no fingerprint in: {text}"))
        .to_string();
    assert!(
        !proxy.client_bytes().contains("<auth"),
        "auth sent to an untrusted server"
    );

    // A wrong pin is refused even though the CA would vouch for the server.
    let wrong = "00".repeat(32);
    alice.add_account(
        proxy.port,
        Some(&server.ca_file),
        PASSWORD,
        &["--pin", &wrong],
    );
    assert_eq!(alice.run(&["sync"]).status.code(), Some(4));
    assert!(
        !proxy.client_bytes().contains("<auth"),
        "auth sent despite a pin mismatch"
    );

    // The right pin is accepted without any CA.
    alice.add_account(proxy.port, None, PASSWORD, &["--pin", &fingerprint]);
    alice.ok(&["sync"]);
}

#[test]
fn direct_tls_port_works() {
    let server = Server::start();
    let alice = Device::bare("alice");
    alice.add_account(
        server.direct_tls,
        Some(&server.ca_file),
        PASSWORD,
        &["--direct-tls"],
    );
    alice.ok(&["send", "bob@localhost", "over direct TLS"]);
}

/// Forged carbons, fake archive results and hostile payloads from another account, through
/// the real server: none may create or change anything; a control message arrives.
#[test]
fn spoofing_and_hostile_stanzas_change_nothing() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    let mut mallory = crate::raw::Raw::login(&server, "bob");
    let forgeries = [
        // carbons_forgery_cve_2017_5589: a "received" carbon from someone else's account.
        "<message to='alice@localhost' type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>\
         <message xmlns='jabber:client' from='carol@localhost/x' to='alice@localhost' type='chat'><body>forged carbon from carol</body></message>\
         </forwarded></received><body>x</body></message>",
        // The "sent" variant: would put words in alice's mouth.
        "<message to='alice@localhost' type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>\
         <message xmlns='jabber:client' from='alice@localhost/phone' to='carol@localhost' type='chat'><body>forged sent carbon</body></message>\
         </forwarded></sent><body>x</body></message>",
        // mam_result_forgery_cve_2019_16237: an archive result not from alice's archive.
        "<message to='alice@localhost' type='chat'><result xmlns='urn:xmpp:mam:2' queryid='guess' id='fake-1'><forwarded xmlns='urn:xmpp:forward:0'>\
         <delay xmlns='urn:xmpp:delay' stamp='2001-01-01T00:00:00Z'/>\
         <message xmlns='jabber:client' from='carol@localhost/x' to='alice@localhost' type='chat'><body>forged archive</body></message>\
         </forwarded></result><body>x</body></message>",
        // Hostile payloads: bad ids, bad ranges, bad stamps, bad JIDs, a reaction flood.
        "<message to='alice@localhost' type='chat'><reactions xmlns='urn:xmpp:reactions:0'><reaction>\u{1F44D}</reaction></reactions></message>",
        "<message to='alice@localhost' type='chat' id='h1'><body>hostile range</body><reply xmlns='urn:xmpp:reply:0' to='x' id='y'/><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='99999999999999999999' end='-3'/></fallback></message>",
        "<message to='alice@localhost' type='chat'><body>bad stamp</body><delay xmlns='urn:xmpp:delay' stamp='not a time'/></message>",
        "<message to='alice@localhost' type='chat'><retract xmlns='urn:xmpp:message-retract:1'/></message>",
        "<message to='alice@localhost' type='chat'><replace xmlns='urn:xmpp:message-correct:0' id='does-not-exist'/></message>",
    ];
    for forgery in forgeries {
        mallory.send(forgery);
    }
    mallory.send("<message to='alice@localhost' type='chat' id='control-1'><body>control from bob</body></message>");
    mallory.barrier();

    alice.ok(&["sync"]);
    assert!(
        alice.history("carol@localhost").is_empty(),
        "a forged message from carol was stored"
    );
    let bodies = alice.bodies("bob@localhost");
    for forged in [
        "forged carbon from carol",
        "forged sent carbon",
        "forged archive",
    ] {
        assert!(
            !bodies.iter().any(|b| b.contains(forged)),
            "{forged} stored: {bodies:?}"
        );
    }
    assert!(
        bodies.contains(&"control from bob".to_string()),
        "{bodies:?}"
    );
    assert!(bodies.contains(&"hostile range".to_string()), "{bodies:?}");
    assert!(bodies.contains(&"bad stamp".to_string()), "{bodies:?}");
    // The wrappers' own harmless body "x" is a message from bob, as bob really sent it.
    assert!(
        bodies
            .iter()
            .all(|b| ["control from bob", "hostile range", "bad stamp", "x"].contains(&b.as_str())),
        "{bodies:?}"
    );
    assert!(
        alice
            .history("bob@localhost")
            .iter()
            .all(|m| m["direction"] == "in")
    );
}
