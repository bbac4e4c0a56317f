//! Files (XEP-0363 upload, XEP-0066, XEP-0454 aesgcm://) between two Tidings through
//! Prosody's mod_http_file_share, and downloads from a hostile HTTPS server on loopback.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tidings::core::{Command, Event, SaveTo, TransferId, TransferState};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
use tokio_rustls::rustls::{ServerConfig, ServerConnection, StreamOwned, crypto::ring};

use crate::harness::{Device, Live, Server, befriend, noise};
use crate::raw::Raw;

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The attachment of a history entry.
fn attachment(message: &serde_json::Value) -> &serde_json::Value {
    let list = message["attachments"]
        .as_array()
        .expect("attachments is a list");
    assert_eq!(list.len(), 1, "one file per message: {message}");
    &list[0]
}

/// Sends each file with `send-file` and returns the sent messages as JSON.
fn send_files(alice: &Device, to: &str, files: &[PathBuf]) -> Vec<serde_json::Value> {
    files
        .iter()
        .map(|f| {
            let out = alice.ok(&["send-file", to, f.to_str().unwrap(), "--json"]);
            serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
        })
        .collect()
}

/// Alice and Bob, contacts of each other, who published their OMEMO devices and learnt each
/// other's.
fn friends(server: &Server) -> (Device, Device) {
    let alice = Device::new(server, "alice");
    let bob = Device::new(server, "bob");
    befriend(&alice, &bob);
    bob.ok(&["sync"]);
    alice.ok(&["sync"]);
    (alice, bob)
}

#[test]
fn files_go_up_and_come_down_identical_plain_and_encrypted() {
    let server = Server::start();
    let (alice, bob) = friends(&server);

    let source = tempfile::tempdir().unwrap();
    let canary = b"tidings-file-canary-5b1f0c: the plain text of an encrypted file".to_vec();
    let make = |name: &str, data: &[u8]| {
        let path = source.path().join(name);
        std::fs::write(&path, data).unwrap();
        path
    };
    let plain = [
        make("empty.txt", b""),
        make("one.bin", b"x"),
        make("ten megabytes.bin", &noise(10_000_000, 7)),
    ];
    let secret = [
        make("empty-secret.txt", b""),
        make("one-secret.bin", b"y"),
        make("ten megabytes secret.bin", &noise(10_000_000, 11)),
        make("canary.txt", &canary),
    ];

    alice.ok(&["omemo", "encryption", &bob.jid, "off"]);
    for m in send_files(&alice, &bob.jid, &plain) {
        let a = attachment(&m);
        assert!(
            a["url"].as_str().unwrap().starts_with("https://localhost:"),
            "{m}"
        );
        assert_eq!(a["encrypted"], false);
        assert_eq!(m["encrypted"], false);
        assert_eq!(m["state"], "sent");
    }
    alice.ok(&["omemo", "encryption", &bob.jid, "on"]);
    for m in send_files(&alice, &bob.jid, &secret) {
        let a = attachment(&m);
        assert!(
            a["url"]
                .as_str()
                .unwrap()
                .starts_with("aesgcm://localhost:"),
            "{m}"
        );
        assert_eq!(m["encrypted"], true, "its key travels only encrypted: {m}");
    }

    let downloads = tempfile::tempdir().unwrap();
    let folder = downloads.path().join("Tidings");
    bob.ok(&["sync", "--downloads", folder.to_str().unwrap()]);
    let history = bob.history(&alice.jid);
    let received: Vec<_> = history.iter().filter(|m| m["direction"] == "in").collect();
    assert_eq!(received.len(), plain.len() + secret.len(), "{history:?}");
    for (m, original) in received.iter().zip(plain.iter().chain(secret.iter())) {
        let a = attachment(m);
        let local = PathBuf::from(a["local_path"].as_str().unwrap_or_else(|| panic!("{m}")));
        assert!(local.starts_with(&folder), "{}", local.display());
        assert_eq!(
            std::fs::read(&local).unwrap(),
            std::fs::read(original).unwrap(),
            "{} arrived changed",
            original.display()
        );
        assert_eq!(a["name"], original.file_name().unwrap().to_str().unwrap());
        assert_eq!(a["size"], std::fs::metadata(original).unwrap().len());
    }
    // A second sync has nothing left to fetch and makes no copies.
    bob.ok(&["sync", "--downloads", folder.to_str().unwrap()]);
    assert_eq!(files_under(&folder).len(), plain.len() + secret.len());

    // The server holds only ciphertext of encrypted files, and neither profile holds the
    // plain text of a file (bob's copy is in the folder the download went to).
    for dir in [server.dir.path(), bob.profile.path(), alice.profile.path()] {
        for file in files_under(dir) {
            let data = std::fs::read(&file).unwrap_or_default();
            assert!(
                !contains(&data, &canary),
                "plain text in {}",
                file.display()
            );
        }
    }
}

/// What the hostile server answers for a path.
fn hostile_answer(path: &str) -> Vec<u8> {
    let ok = |body: &[u8]| {
        let mut r = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    };
    match path {
        // Claims a small file, then keeps going: only what it claimed is read.
        "/lies/short.txt" => {
            let mut r =
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n".to_vec();
            r.extend_from_slice(&noise(3_000_000, 3));
            r
        }
        // Announces more than the cap.
        "/lies/huge.bin" => {
            b"HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\nConnection: close\r\n\r\n".to_vec()
        }
        "/redirect/plain.jpg" => {
            b"HTTP/1.1 302 Found\r\nLocation: http://localhost:1/x.jpg\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .to_vec()
        }
        "/redirect/file.jpg" => {
            b"HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .to_vec()
        }
        _ => ok(b"harmless"),
    }
}

/// An HTTPS server on loopback with the test CA's localhost certificate, answering each
/// request as `hostile_answer` says; `/endless/*` streams chunks forever.
fn hostile_server(server: &Server) -> u16 {
    let certs = server.dir.path().join("certs");
    let chain: Vec<CertificateDer> = CertificateDer::pem_file_iter(certs.join("localhost.crt"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let key = PrivateKeyDer::from_pem_file(certs.join("localhost.key")).unwrap();
    let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || serve(config, tcp));
        }
    });
    port
}

fn serve(config: Arc<ServerConfig>, tcp: TcpStream) {
    let Ok(conn) = ServerConnection::new(config) else {
        return;
    };
    let mut tls = StreamOwned::new(conn, tcp);
    let mut reader = BufReader::new(&mut tls);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line.split(' ').nth(1).unwrap_or("/").to_string();
    if path.starts_with("/endless/") {
        let _ = tls.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        let chunk = noise(65_536, 5);
        let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
        framed.extend_from_slice(&chunk);
        framed.extend_from_slice(b"\r\n");
        // Until the client hangs up.
        while tls.write_all(&framed).is_ok() {}
        return;
    }
    // One answer per connection, then closed (every answer says so).
    let _ = tls.write_all(&hostile_answer(&path));
    let _ = tls.flush();
    tls.conn.send_close_notify();
    let _ = tls.flush();
}

#[test]
fn hostile_file_servers_write_nothing_outside_the_download_folder() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    befriend(&alice, &bob);
    let port = hostile_server(&server);
    let long = "n".repeat(10_000);
    let paths = [
        "/a/..%2f..%2f..%2fescaped.txt".to_string(),
        "/a/%2Ftmp%2Fabsolute.txt".to_string(),
        "/a/..".to_string(),
        "/a/CON".to_string(),
        "/a/photo%E2%80%AEgpj.exe".to_string(),
        format!("/a/{long}.txt"),
        "/lies/short.txt".into(),
        "/lies/huge.bin".into(),
        "/endless/stream.bin".into(),
        "/redirect/plain.jpg".into(),
        "/redirect/file.jpg".into(),
    ];
    let mut raw = Raw::login(&server, "alice");
    for (i, path) in paths.iter().enumerate() {
        let url = format!("https://localhost:{port}{path}");
        raw.send(&format!(
            "<message to='bob@localhost' type='chat' id='h{i}'><body>{url}</body>\
             <x xmlns='jabber:x:oob'><url>{url}</url></x></message>"
        ));
    }
    raw.barrier();

    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("inside").join("Tidings");
    let out = bob.run(&[
        "sync",
        "--downloads",
        folder.to_str().unwrap(),
        "--max-size",
        "1",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "some downloads must fail: {stderr}"
    );
    for refused in ["huge.bin", "stream.bin", "plain.jpg", "file.jpg"] {
        assert!(
            stderr.contains(&format!("{refused} was not downloaded")),
            "{refused} should be refused: {stderr}"
        );
    }

    // Everything is inside the folder, under sanitized names, no part file left over.
    let written = files_under(root.path());
    let names: Vec<String> = written
        .iter()
        .map(|p| {
            assert!(p.starts_with(&folder), "written outside: {}", p.display());
            p.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    let expected_long = format!("{}.txt", "n".repeat(116));
    for name in [
        "escaped.txt",
        "absolute.txt",
        "file",
        "_CON",
        "photogpj.exe",
        "short.txt",
    ] {
        assert!(
            names.iter().any(|n| n == name),
            "{name} missing from {names:?}"
        );
    }
    assert!(names.contains(&expected_long), "{names:?}");
    assert_eq!(names.len(), 7, "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with(".part")), "{names:?}");
    // The lying server's extra bytes were never read.
    assert_eq!(std::fs::read(folder.join("short.txt")).unwrap().len(), 5);
    assert!(!Path::new("/tmp/absolute.txt").exists());
}

#[test]
fn aesgcm_files_travel_both_ways_with_python_and_its_reference_crypto() {
    use crate::peer::Peer;
    use serde_json::json;
    use sha2::Digest;

    let server = Server::start();
    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]); // publishes our device lists and bundles
    let mut bob = Peer::start(&server, "bob", "python bob");
    let source = tempfile::tempdir().unwrap();

    // From python: slixmpp's XEP-0454 encryption (12-byte IV), and a 16-byte IV as older
    // Conversations sent, each in one OMEMO version.
    let mut sent = Vec::new();
    for (iv, ns, size) in [(12, "v2", 1_500_000), (16, "legacy", 1_000)] {
        let path = source.path().join(format!("from python {iv}.bin"));
        let data = noise(size, iv as u64);
        std::fs::write(&path, &data).unwrap();
        bob.command(json!({"cmd": "upload", "path": path, "iv": iv}));
        let url = bob.wait_for("uploaded", Duration::from_secs(30))["url"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(url.starts_with("aesgcm://localhost:"), "{url}");
        bob.send("alice@localhost", ns, &url);
        sent.push(data);
    }
    alice.ok(&["sync"]);
    let received: Vec<_> = alice
        .history("bob@localhost")
        .into_iter()
        .filter(|m| m["direction"] == "in")
        .collect();
    assert_eq!(received.len(), 2, "{received:?}");
    let folder = source.path().join("downloads");
    for (m, data) in received.iter().zip(&sent) {
        assert_eq!(m["encrypted"], true, "{m}");
        let a = attachment(m);
        assert_eq!(a["encrypted"], true, "{m}");
        let id = m["id"].to_string();
        alice.ok(&["download", &id, "--downloads", folder.to_str().unwrap()]);
        let stored = alice
            .history("bob@localhost")
            .into_iter()
            .find(|x| x["id"] == m["id"])
            .unwrap();
        let local = attachment(&stored)["local_path"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(&std::fs::read(&local).unwrap(), data, "{local} differs");
    }

    // To python: our encryption, its decryption.
    alice.ok(&["omemo", "encryption", "bob@localhost", "on"]);
    let ours = source.path().join("to python.bin");
    let data = noise(2_000_000, 99);
    std::fs::write(&ours, &data).unwrap();
    let out = alice.ok(&[
        "send-file",
        "bob@localhost",
        ours.to_str().unwrap(),
        "--json",
    ]);
    let m: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(m["encrypted"], true, "{m}");
    let message = bob.wait_for("message", Duration::from_secs(30));
    let url = message["body"].as_str().unwrap();
    assert_eq!(
        url,
        attachment(&m)["url"],
        "python decrypted the address: {message}"
    );
    bob.command(json!({"cmd": "fetch", "url": url}));
    let fetched = bob.wait_for("fetched", Duration::from_secs(30));
    assert_eq!(fetched["size"], data.len());
    assert_eq!(fetched["sha256"], hex::encode(sha2::Sha256::digest(&data)));
}

/// A JPEG as phones write it: JFIF, an EXIF block naming the place and the phone, and a
/// few bytes of "picture".
fn phone_photo() -> Vec<u8> {
    let segment = |marker: u8, payload: &[u8]| {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    };
    let mut exif =
        b"Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0\0\0\0\0".to_vec();
    exif.extend_from_slice(b"GPS 48.8584N 2.2945E Phone serial 4711");
    let mut data = vec![0xFF, 0xD8];
    data.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
    data.extend(segment(0xE1, &exif));
    data.extend(segment(0xDA, &[1, 2, 3]));
    data.extend_from_slice(&[0x12, 0x34, 0xFF, 0xD9]);
    data
}

#[test]
fn a_photo_goes_without_where_it_was_taken_unless_kept() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    befriend(&alice, &bob);
    alice.ok(&["omemo", "encryption", &bob.jid, "off"]);
    let source = tempfile::tempdir().unwrap();
    let photo = source.path().join("IMG_0001.jpg");
    std::fs::write(&photo, phone_photo()).unwrap();
    alice.ok(&["send-file", &bob.jid, photo.to_str().unwrap()]);
    alice.ok(&[
        "send-file",
        &bob.jid,
        photo.to_str().unwrap(),
        "--keep-metadata",
    ]);

    let folder = source.path().join("bob");
    bob.ok(&["sync", "--downloads", folder.to_str().unwrap()]);
    // Two messages with the same second's timestamp: told apart by content, not order.
    let saved: Vec<Vec<u8>> = bob
        .history(&alice.jid)
        .iter()
        .map(|m| std::fs::read(attachment(m)["local_path"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(saved.len(), 2);
    let (kept, stripped): (Vec<&Vec<u8>>, Vec<&Vec<u8>>) =
        saved.iter().partition(|d| contains(d, b"GPS"));
    let ([kept], [stripped]) = (&kept[..], &stripped[..]) else {
        panic!("one file with its metadata, one without");
    };
    assert!(!contains(stripped, b"serial"));
    // Still upright: the orientation (6, turned right) travels alone.
    assert!(contains(stripped, b"Exif\0\0MM\0*"));
    assert_eq!(
        *kept,
        &phone_photo(),
        "--keep-metadata sends the file as it is"
    );
}

/// Waits for a transfer to end, and fails the test unless it finished.
fn finished(live: &mut Live, id: TransferId) {
    live.wait_for("the download", Duration::from_secs(60), |e| match e {
        Event::Transfer { transfer, .. } if transfer.id == id => match &transfer.state {
            TransferState::Finished { .. } => Some(()),
            TransferState::Running { .. } => None,
            other => panic!("the download ended as {other:?}"),
        },
        _ => None,
    });
}

/// What the window downloads to show stays sealed in the profile's media folder, encrypted
/// or not; saving it writes the plain file, from that copy, into the chosen folder.
#[test]
fn shown_files_stay_sealed_in_the_profile_until_saved() {
    let server = Server::start();
    let (alice, bob) = friends(&server);

    let source = tempfile::tempdir().unwrap();
    let originals: Vec<PathBuf> = [("open.png", 21), ("secret.png", 22)]
        .iter()
        .map(|(name, seed)| {
            let path = source.path().join(name);
            std::fs::write(&path, noise(300_000, *seed)).unwrap();
            path
        })
        .collect();
    alice.ok(&["omemo", "encryption", &bob.jid, "off"]);
    send_files(&alice, &bob.jid, &originals[..1]);
    alice.ok(&["omemo", "encryption", &bob.jid, "on"]);
    send_files(&alice, &bob.jid, &originals[1..]);

    let mut live = Live::start(&bob);
    let account = live.account;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let received = loop {
        let all = live.read(move |c| tidings::store::messages::all(c, account));
        let files: Vec<_> = all.into_iter().filter(|m| m.attachment.is_some()).collect();
        if files.len() == 2 {
            break files;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the files did not arrive: {files:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(received[1].attachment.as_ref().unwrap().encrypted());

    // Shown: each fetched into the cache (twice, and the second time is the same copy).
    for _ in 0..2 {
        for m in &received {
            let id = TransferId::next();
            let (message, to) = (m.id, SaveTo::Cache);
            live.send(Command::Download {
                id,
                message,
                to,
                max_size: 10_000_000,
            });
            finished(&mut live, id);
        }
    }
    let media_dir = live.store.media_dir().to_path_buf();
    assert_eq!(files_under(&media_dir).len(), 2, "one sealed copy each");
    for (m, original) in received.iter().zip(&originals) {
        let message = m.id;
        let a = live
            .read(move |c| tidings::store::media::get(c, message))
            .unwrap();
        assert_eq!(a.local_path, None, "nothing saved yet");
        let cached = a.cached.expect("cached");
        let plain = std::fs::read(original).unwrap();
        assert_eq!(a.size, Some(plain.len() as u64));
        assert_eq!(
            tidings::media::cache::open(&media_dir, &cached).unwrap(),
            plain
        );
    }
    // The sender keeps a sealed copy of each, to show its own pictures whatever becomes of
    // the originals.
    assert_eq!(files_under(&alice.profile.path().join("media")).len(), 2);
    // Neither file's plain text is anywhere in either profile (a 64-byte piece of each is
    // looked for).
    for original in &originals {
        let piece = &std::fs::read(original).unwrap()[1000..1064];
        let profiles = files_under(bob.profile.path()).into_iter();
        for file in profiles.chain(files_under(alice.profile.path())) {
            let data = std::fs::read(&file).unwrap_or_default();
            assert!(!contains(&data, piece), "plain text in {}", file.display());
        }
    }

    // Saved: the plain files in the chosen folder, byte-identical.
    let saved = tempfile::tempdir().unwrap();
    for (m, original) in received.iter().zip(&originals) {
        let id = TransferId::next();
        let to = SaveTo::Folder(saved.path().to_path_buf());
        live.send(Command::Download {
            id,
            message: m.id,
            to,
            max_size: 10_000_000,
        });
        finished(&mut live, id);
        let message = m.id;
        let a = live
            .read(move |c| tidings::store::media::get(c, message))
            .unwrap();
        let path = a.local_path.expect("saved");
        assert!(path.starts_with(saved.path()), "{}", path.display());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(original).unwrap()
        );
    }
    live.stop();
}
