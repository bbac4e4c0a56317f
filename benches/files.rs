//! Issue 6's file benchmarks, each against a reference measured in the same run:
//!
//! - Upload: a 100 MB file sent through the session (read, XEP-0363 slot, PUT to Prosody's
//!   mod_http_file_share, message sent), plain and XEP-0454 encrypted, against a raw reqwest
//!   PUT of the same bytes to a slot asked beforehand.
//! - B11: a 12 MP photo received to preview ready (download through the session, then the
//!   preview the window shows), against decoding and shrinking the same file from disk.
//!
//! - B11 frames: the window's frames (the real App in iced_test's Emulator, tiny-skia,
//!   1000 x 700, as benches/interface.rs draws them) while such a photo arrives, downloads
//!   by itself and its preview decodes, against the same conversation's frames at rest.
//!
//! Medians of a few runs each. cargo bench --bench files
//!   TIDINGS_BENCH_UPLOAD_MB   the upload's size in MB (default 100)

#[path = "../tests/support/emulated.rs"]
mod emulated;
#[allow(dead_code)]
#[path = "../tests/it/harness.rs"]
mod harness;
#[allow(dead_code)]
#[path = "../tests/it/raw.rs"]
mod raw;

use std::path::Path;
use std::time::{Duration, Instant};

use harness::{Device, Live, Server};
use tidings::core::{Command, Encryption, Event, OutgoingFile, SaveTo, TransferId, TransferState};

const RUNS: usize = 3;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Sends the file through the session and waits until its message is queued.
fn send_through_session(live: &mut Live, to: &str, path: &Path) -> Duration {
    let id = TransferId::next();
    let started = Instant::now();
    live.send(Command::SendFile(OutgoingFile {
        id,
        to: to.parse().unwrap(),
        private: None,
        path: path.to_path_buf(),
        keep_metadata: false,
        contents: None,
    }));
    live.wait_for("the upload", Duration::from_secs(300), |e| match e {
        Event::Transfer { transfer, .. } if transfer.id == id => match &transfer.state {
            TransferState::Finished { .. } => Some(()),
            TransferState::Failed { reason } => panic!("the upload failed: {reason}"),
            _ => None,
        },
        _ => None,
    });
    started.elapsed()
}

/// A slot for `size` bytes, asked over a raw stream: its PUT address and the Authorization
/// header it names.
fn slot(server: &Server, user: &str, size: usize) -> (String, Option<String>) {
    let mut raw = raw::Raw::login(server, user);
    raw.send(&format!(
        "<iq type='get' to='upload.localhost' id='slot1'><request xmlns='urn:xmpp:http:upload:0' \
         filename='reference.bin' size='{size}' content-type='application/octet-stream'/></iq>"
    ));
    let answer = raw.expect("</iq>");
    let start = answer.find("<put url=").expect("a put address") + "<put url=".len();
    let quote = &answer[start..start + 1];
    let rest = &answer[start + 1..];
    let url = rest[..rest.find(quote).unwrap()].replace("&amp;", "&");
    let authorization = answer.find("Authorization").map(|at| {
        let value = &answer[at..];
        let start = value.find('>').unwrap() + 1;
        value[start..start + value[start..].find('<').unwrap()].to_string()
    });
    (url, authorization)
}

/// A reqwest client trusting the test CA, as a client with nothing else to do would be.
fn raw_client(server: &Server) -> reqwest::Client {
    reqwest::Client::builder()
        .use_preconfigured_tls(raw::trusting_test_ca(server))
        .build()
        .unwrap()
}

/// The raw reference: reqwest PUTs the bytes, trusting the test CA.
fn raw_put(
    server: &Server,
    (url, authorization): (String, Option<String>),
    data: Vec<u8>,
) -> Duration {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        // Built inside the runtime, as reqwest wants.
        let client = raw_client(server);
        let started = Instant::now();
        let mut request = client
            .put(&url)
            .header("Content-Type", "application/octet-stream");
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        let response = request.body(data).send().await.unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        started.elapsed()
    })
}

/// The conversation's encryption, as Settings or `omemo encryption` set it.
fn set_encryption(live: &Live, jid: &str, encryption: Encryption) {
    use tidings::store::conversations;
    let (jid, account): (tidings::core::BareJid, _) = (jid.parse().unwrap(), live.account);
    let written = live.store.writer.write(move |tx| {
        let conversation = conversations::get_or_create(tx, account, &jid)?;
        conversations::set_encryption(tx, conversation, encryption)
    });
    live.runtime.block_on(written).unwrap();
}

fn upload(server: &Server) {
    let megabytes: usize = std::env::var("TIDINGS_BENCH_UPLOAD_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let size = megabytes * 1_000_000;
    let data = harness::noise(size, 0x9e37_79b9_7f4a_7c15);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    std::fs::write(&path, &data).unwrap();

    let alice = Device::new(server, "alice");
    let bob = Device::new(server, "bob");
    bob.ok(&["sync"]);
    alice.ok(&["sync"]);
    let mut live = Live::start(&alice);

    let mut reference = Vec::new();
    let mut plain = Vec::new();
    let mut sealed = Vec::new();
    for _ in 0..RUNS {
        let slot = slot(server, "carol", size);
        reference.push(raw_put(server, slot, data.clone()));
        set_encryption(&live, &bob.jid, Encryption::Off);
        plain.push(send_through_session(&mut live, &bob.jid, &path));
        set_encryption(&live, &bob.jid, Encryption::On);
        sealed.push(send_through_session(&mut live, &bob.jid, &path));
    }
    live.stop();
    let (reference, plain, sealed) = (median(reference), median(plain), median(sealed));
    let rate = |d: Duration| size as f64 / 1e6 / d.as_secs_f64();
    println!(
        "upload of {megabytes} MB over loopback to Prosody's http_file_share (median of {RUNS}):"
    );
    println!(
        "  raw reqwest PUT (reference) {:8.0} ms  {:6.2} MB/s",
        ms(reference),
        rate(reference)
    );
    println!(
        "  send-file, plain            {:8.0} ms  {:6.2} MB/s  ratio {:.2}",
        ms(plain),
        rate(plain),
        ms(plain) / ms(reference)
    );
    println!(
        "  send-file, aesgcm           {:8.0} ms  {:6.2} MB/s  ratio {:.2}",
        ms(sealed),
        rate(sealed),
        ms(sealed) / ms(reference)
    );
}

/// A 12 MP photo: a smooth gradient with grain, so JPEG has real work in both directions.
fn twelve_megapixels(path: &Path) {
    let grain = harness::noise(4000 * 3000, 0x9e37_79b9_7f4a_7c15);
    let picture = image::RgbImage::from_fn(4000, 3000, |x, y| {
        let g = grain[(y * 4000 + x) as usize] / 8;
        image::Rgb([
            ((x / 16) as u8).wrapping_add(g),
            ((y / 12) as u8).wrapping_add(g),
            (((x + y) / 28) as u8).wrapping_add(g),
        ])
    });
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    image::codecs::jpeg::JpegEncoder::new_with_quality(file, 88)
        .encode_image(&picture)
        .unwrap();
}

fn b11(server: &Server) {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("photo.jpg");
    twelve_megapixels(&photo);
    let bytes = std::fs::metadata(&photo).unwrap().len();

    let dave = Device::new(server, "dave");
    let erin = Device::new(server, "erin");
    dave.ok(&["omemo", "encryption", "erin@localhost", "off"]);
    dave.ok(&["send-file", "erin@localhost", photo.to_str().unwrap()]);
    let mut live = Live::start(&erin);
    let message = live.wait_for("the photo", Duration::from_secs(60), |e| match e {
        Event::Messages { changed, .. } => changed.new_incoming.first().copied(),
        _ => None,
    });

    let url = live.read(move |c| {
        Ok(tidings::store::media::get(c, message)?
            .expect("the photo is a file")
            .url)
    });
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = raw_client(server);
    let side = 640;
    let mut reference = Vec::new();
    let mut alone = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..RUNS + 2 {
        // The usual way: the image crate's full decode, then its thumbnail.
        let started = Instant::now();
        let shown = image::load_from_memory(&std::fs::read(&photo).unwrap())
            .unwrap()
            .thumbnail(side, side);
        reference.push(started.elapsed());
        assert_eq!(shown.width(), side);

        // The server alone: a bare GET of the same file, kept in memory, then the same decode.
        let started = Instant::now();
        let body = runtime.block_on(async { client.get(&url).send().await?.bytes().await });
        let thumbnail = image::load_from_memory(&body.unwrap())
            .unwrap()
            .thumbnail(side, side);
        assert_eq!(thumbnail.width(), side);
        alone.push(started.elapsed());

        // As the window does: into the sealed media cache, then opened from it. Each run
        // forgets the last one's copy, so each one downloads.
        let forget = live.store.writer.write(move |tx| {
            tx.execute(
                "UPDATE attachments SET cache_file = NULL, cache_key = NULL WHERE message = ?1",
                [message.0],
            )?;
            Ok(())
        });
        live.runtime.block_on(forget).unwrap();
        let id = TransferId::next();
        let started = Instant::now();
        live.send(Command::Download {
            id,
            message,
            to: SaveTo::Cache,
            max_size: 100_000_000,
        });
        live.wait_for("the download", Duration::from_secs(60), |e| match e {
            Event::Transfer { transfer, .. } if transfer.id == id => match &transfer.state {
                TransferState::Finished { .. } => Some(()),
                TransferState::Failed { reason } => panic!("the download failed: {reason}"),
                _ => None,
            },
            _ => None,
        });
        let cached =
            live.read(move |c| Ok(tidings::store::media::get(c, message)?.unwrap().cached));
        let media_dir = live.store.media_dir().to_path_buf();
        let plain = tidings::media::cache::open(&media_dir, &cached.expect("cached")).unwrap();
        let shown = tidings::media::picture::preview(&plain, side).unwrap();
        ours.push(started.elapsed());
        assert_eq!(shown.width, side);
    }
    live.stop();
    let (reference, alone, ours) = (median(reference), median(alone), median(ours));
    println!(
        "B11: a 12 MP photo ({:.1} MB JPEG) received to preview ready (median of {}):",
        bytes as f64 / 1e6,
        RUNS + 2
    );
    println!(
        "  full decode + thumbnail of the file (reference) {:7.1} ms",
        ms(reference)
    );
    println!(
        "  a bare GET of it from Prosody + the same {:7.1} ms  ratio {:.2}",
        ms(alone),
        ms(alone) / ms(reference)
    );
    println!(
        "  ours: download through the session, sealed into the cache, opened, previewed {:7.1} ms  ratio {:.2} (goal <= 1.3)",
        ms(ours),
        ms(ours) / ms(reference)
    );
}

/// B11's other half: no frame waits for the download or the decoding. Frames run back to
/// back from the photo's sending until its preview replaced the "…" it shows while decoding;
/// each frame counts what a window's loop does between two pictures (the App's updates for
/// finished tasks, the view built and laid out, every pixel drawn).
fn b11_frames(server: &Server, photo: &Path) {
    let frank = Device::new(server, "frank");
    let grace = Device::new(server, "grace");
    // A contact's pictures download by themselves (Settings' default: up to 10 MB).
    frank.ok(&["contact", "add", "grace@localhost"]);
    grace.ok(&["contact", "approve", "frank@localhost"]);
    grace.ok(&["omemo", "encryption", "frank@localhost", "off"]);
    grace.ok(&["send", "frank@localhost", "a photo is coming"]);
    frank.ok(&["sync"]);

    let mut gui = emulated::Gui::start(tidings::app::application(
        frank.profile.path().to_path_buf(),
        Some(zeroize::Zeroizing::new(harness::PASSPHRASE.to_string())),
    ));
    gui.wait_for_text("grace@localhost");
    gui.act(r#"click "grace@localhost""#);
    gui.wait_for_text("a photo is coming");
    let mut frames = emulated::Frames::new(&gui.program, 1.0);
    let mut frame = |gui: &mut emulated::Gui<_>| {
        let started = Instant::now();
        gui.drain();
        let (_, decoding) = frames.frame_showing(gui, &[], Some("…"));
        (started.elapsed(), decoding)
    };
    let mut resting: Vec<Duration> = (0..120).map(|_| frame(&mut gui).0).collect();

    let mut during = Vec::new();
    let mut seen_decoding = false;
    let deadline = Instant::now() + Duration::from_secs(120);
    std::thread::scope(|s| {
        s.spawn(|| grace.ok(&["send-file", "frank@localhost", photo.to_str().unwrap()]));
        loop {
            let (cost, decoding) = frame(&mut gui);
            during.push(cost);
            seen_decoding |= decoding;
            if seen_decoding && !decoding {
                break;
            }
            assert!(Instant::now() < deadline, "the preview never showed");
        }
    });
    let worst = *during.iter().max().unwrap();
    let over = during.iter().filter(|d| ms(**d) > 16.7).count();
    let (during_p99, resting_p99) = (
        percentile(&mut during.clone(), 0.99),
        percentile(&mut resting, 0.99),
    );
    println!(
        "B11 frames while the photo arrives, downloads and decodes ({} frames, the sender's upload on the same 2 cores):",
        during.len()
    );
    println!(
        "  p99 {:7.1} ms, worst {:7.1} ms, {over} over 16.7 ms; at rest p99 {:7.1} ms, worst {:7.1} ms  ratio (p99) {:.2}",
        ms(during_p99),
        ms(worst),
        ms(resting_p99),
        ms(*resting.iter().max().unwrap()),
        ms(during_p99) / ms(resting_p99)
    );
}

/// The `share` quantile of `samples`.
fn percentile(samples: &mut [Duration], share: f64) -> Duration {
    samples.sort();
    let at = ((samples.len() as f64 - 1.0) * share).round() as usize;
    samples[at]
}

fn main() {
    let server = Server::start_with(
        harness::Tls::Required,
        &["alice", "bob", "carol", "dave", "erin", "frank", "grace"],
    );
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("photo.jpg");
    twelve_megapixels(&photo);
    // B11 first: the frames' window, torn down after, leaves nothing running beside it.
    b11(&server);
    b11_frames(&server, &photo);
    upload(&server);
}
