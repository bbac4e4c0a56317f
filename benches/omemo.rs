//! OMEMO benchmarks (docs/performance.md): B7 steady-state encrypt and decrypt per device, B8 a
//! send to a 50-device group with sessions present and absent, both namespaces, and the same
//! send as a private group chat makes it (10 members with 5 devices each, the whole
//! `<encrypted>` element with the envelope naming the room, written out). Each line
//! prints our figure, python-omemo's for the same operations measured in the same run
//! (benches/omemo_reference.py, run after ours so the two never share the CPU), and the ratio
//! python / ours.
//!
//! cargo bench --bench omemo
//!   TIDINGS_BENCH_OMEMO_ROUNDS  B7 rounds per repetition (default 20,000)
//!   TIDINGS_BENCH_OMEMO_REPS    repetitions (default 5; every figure is the median of the
//!                               repetitions' medians)
//!   TIDINGS_BENCH_OMEMO_SENDS   B8 sends per repetition with sessions present (default 200)
//!   TIDINGS_BENCH_OMEMO_ABSENT  B8 sends per repetition with sessions absent (default 5)
//!   TIDINGS_BENCH_OMEMO_PYTHON  the python to run the reference with (skips the setup below)
//!
//! The python environment: scripts/python-peers when it exists (it prints its venv's python
//! on its last line), else a venv in /var/tmp/tidings-bench-venv with python-omemo installed.
//! Without it every line says the reference is MISSING; our figures are still printed.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::rngs::ThreadRng;
use tidings::omemo::wire::{self, Recipient};
use tidings::omemo::{
    Bundle, DeviceId, Namespace, OwnDevice, Session, decrypt_payload, encrypt_empty,
    encrypt_message, receive_key,
};
use xmpp_parsers::jid::BareJid;

const BODY: [u8; 100] = {
    let mut b = [0u8; 100];
    let mut i = 0;
    while i < 100 {
        b[i] = i as u8;
        i += 1;
    }
    b
};
const GROUP: usize = 50;
/// The private group of the group-chat figure: 10 members, 5 devices each.
const DEVICES_PER_MEMBER: usize = 5;
const NOW: u64 = 1_700_000_000;
/// What the python venv gets when scripts/python-peers is not there (its pins).
const PYTHON_PACKAGES: &[&str] = &[
    "OMEMO==2.1.0",
    "Oldmemo==2.1.0",
    "Twomemo==2.1.0",
    "DoubleRatchet==1.3.0",
    "X3DH==1.3.0",
    "XEdDSA==1.2.0",
];
const FALLBACK_VENV: &str = "/var/tmp/tidings-bench-venv";

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace(['_', ','], "").parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn key(ns: Namespace) -> &'static str {
    match ns {
        Namespace::Legacy => "legacy",
        Namespace::V2 => "v2",
    }
}

fn backend(ns: Namespace) -> &'static str {
    match ns {
        Namespace::Legacy => "oldmemo",
        Namespace::V2 => "twomemo",
    }
}

/// A session both ways, as between two devices that have talked: Alice initiates with Bob's
/// bundle, Bob builds his side from the key exchange and answers with an empty message, Alice
/// reads it (her session is confirmed and sends no more key exchanges).
fn establish(
    ns: Namespace,
    alice: &OwnDevice,
    bob: &OwnDevice,
    rng: &mut ThreadRng,
) -> (Session, Session) {
    let mut a = Session::initiate(ns, alice, &bob.bundle(ns), rng).unwrap();
    let (payload, material) = encrypt_message(ns, &BODY, rng).unwrap();
    let kex = a.encrypt_key(&material).unwrap();
    assert!(kex.prekey);
    let got = receive_key(ns, bob, None, &kex, rng).unwrap();
    assert!(got.new_session);
    assert_eq!(
        &decrypt_payload(ns, &got.material, &payload)
            .unwrap()
            .unwrap()[..],
        &BODY[..]
    );
    let mut b = got.session;
    let (_, empty) = encrypt_empty(ns, rng);
    let answer = b.encrypt_key(&empty).unwrap();
    let got = receive_key(ns, alice, Some(a), &answer, rng).unwrap();
    assert!(got.session.confirmed() && !got.new_session);
    (got.session, b)
}

/// B7 in one namespace, Rust side.
#[derive(Default)]
struct Steady {
    per_device: Duration,
    encrypt_key: Duration,
    receive_key: Duration,
    message: Duration,
}

fn b7(ns: Namespace, rounds: usize, reps: usize, rng: &mut ThreadRng) -> Steady {
    let alice = OwnDevice::generate(rng, NOW);
    let bob = OwnDevice::generate(rng, NOW);
    let (mut a, b) = establish(ns, &alice, &bob, rng);
    let mut b = Some(b);
    let (_, material) = encrypt_message(ns, &BODY, rng).unwrap();
    let (mut per_device, mut encrypt, mut receive, mut message) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..reps {
        let (mut total, mut enc, mut dec) = (
            Vec::with_capacity(rounds),
            Vec::with_capacity(rounds),
            Vec::with_capacity(rounds),
        );
        let mut last = None;
        for _ in 0..rounds {
            let t0 = Instant::now();
            let element = a.encrypt_key(black_box(&material)).unwrap();
            let t1 = Instant::now();
            let got = receive_key(ns, &bob, b.take(), black_box(&element), rng).unwrap();
            let t2 = Instant::now();
            b = Some(got.session);
            enc.push(t1 - t0);
            dec.push(t2 - t1);
            total.push(t2 - t0);
            last = Some(got.material);
        }
        assert!(last.as_ref() == Some(&material) && a.confirmed());
        per_device.push(median(&mut total));
        encrypt.push(median(&mut enc));
        receive.push(median(&mut dec));
        let mut full = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let t0 = Instant::now();
            let (payload, m) = encrypt_message(ns, black_box(&BODY), rng).unwrap();
            let element = a.encrypt_key(&m).unwrap();
            let got = receive_key(ns, &bob, b.take(), &element, rng).unwrap();
            let body = decrypt_payload(ns, &got.material, &payload)
                .unwrap()
                .unwrap();
            full.push(t0.elapsed());
            b = Some(got.session);
            assert_eq!(&body[..], &BODY[..]);
        }
        message.push(median(&mut full));
    }
    Steady {
        per_device: median(&mut per_device),
        encrypt_key: median(&mut encrypt),
        receive_key: median(&mut receive),
        message: median(&mut message),
    }
}

/// B8 in one namespace, Rust side.
struct GroupSend {
    present: Duration,
    absent: Duration,
    /// A private group chat's message: element, envelope and text, sessions present.
    room: Duration,
}

fn b8(
    ns: Namespace,
    sends: usize,
    absent_sends: usize,
    reps: usize,
    rng: &mut ThreadRng,
) -> GroupSend {
    let alice = OwnDevice::generate(rng, NOW);
    let group: Vec<OwnDevice> = (0..GROUP).map(|_| OwnDevice::generate(rng, NOW)).collect();
    let mut sessions: Vec<Session> = group
        .iter()
        .map(|m| establish(ns, &alice, m, rng).0)
        .collect();
    // Fetched (and parsed) beforehand; Session::initiate verifies each one.
    let bundles: Vec<Bundle> = group.iter().map(|m| m.bundle(ns)).collect();
    let (mut present, mut absent, mut room) = (Vec::new(), Vec::new(), Vec::new());
    let own: BareJid = "alice@example.org".parse().unwrap();
    let room_jid: BareJid = "team@conference.example.org".parse().unwrap();
    let members: Vec<BareJid> = (0..GROUP / DEVICES_PER_MEMBER)
        .map(|m| format!("member{m}@example.org").parse().unwrap())
        .collect();
    // XML cannot carry BODY's control bytes: a readable body of the same length.
    let text: String = "the quick brown fox jumps over the lazy dog "
        .chars()
        .cycle()
        .take(BODY.len())
        .collect();
    for _ in 0..reps {
        let mut times = Vec::with_capacity(sends);
        for _ in 0..sends {
            let t0 = Instant::now();
            let (payload, material) = encrypt_message(ns, black_box(&BODY), rng).unwrap();
            let keys: Vec<_> = sessions
                .iter_mut()
                .map(|s| s.encrypt_key(&material).unwrap())
                .collect();
            times.push(t0.elapsed());
            black_box((payload, keys));
        }
        present.push(median(&mut times));
        let mut times = Vec::with_capacity(absent_sends);
        for _ in 0..absent_sends {
            let t0 = Instant::now();
            let (payload, material) = encrypt_message(ns, black_box(&BODY), rng).unwrap();
            let built: Vec<_> = bundles
                .iter()
                .map(|bundle| {
                    let mut s = Session::initiate(ns, &alice, bundle, rng).unwrap();
                    let element = s.encrypt_key(&material).unwrap();
                    (s, element)
                })
                .collect();
            times.push(t0.elapsed());
            assert!(built.iter().all(|(_, e)| e.prekey));
            black_box((payload, built));
        }
        absent.push(median(&mut times));
        let mut times = Vec::with_capacity(sends);
        for _ in 0..sends {
            let t0 = Instant::now();
            let plaintext = match ns {
                Namespace::Legacy => text.as_bytes().to_vec(),
                Namespace::V2 => wire::v2_plaintext(black_box(&text), &own, &room_jid).unwrap(),
            };
            let mut recipients: Vec<Recipient<'_>> = sessions
                .iter_mut()
                .enumerate()
                .map(|(i, session)| Recipient {
                    jid: members[i / DEVICES_PER_MEMBER].clone(),
                    device: DeviceId::new(i as u32 + 2).unwrap(),
                    session,
                })
                .collect();
            let element = wire::encrypt(
                ns,
                alice.device_id(),
                &mut recipients,
                Some(&plaintext),
                rng,
            )
            .unwrap();
            let written = String::from(&element);
            times.push(t0.elapsed());
            black_box(written);
        }
        room.push(median(&mut times));
    }
    GroupSend {
        present: median(&mut present),
        absent: median(&mut absent),
        room: median(&mut room),
    }
}

/// Runs `program` and returns the last line of its standard output (standard error passes).
fn last_line(program: &mut Command) -> Result<String, String> {
    let out = program
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {program:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{program:?} failed: {}", out.status));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .ok_or_else(|| format!("{program:?} printed nothing"))
}

/// The python that has python-omemo.
fn python(root: &Path) -> Result<PathBuf, String> {
    if let Some(python) = std::env::var_os("TIDINGS_BENCH_OMEMO_PYTHON") {
        return Ok(PathBuf::from(python));
    }
    let peers = root.join("scripts/python-peers");
    if peers.exists() {
        return last_line(&mut Command::new(&peers)).map(PathBuf::from);
    }
    let venv = Path::new(FALLBACK_VENV);
    let python = venv.join("bin/python");
    let ready = |p: &Path| {
        Command::new(p)
            .args(["-I", "-c", "import omemo, oldmemo, twomemo"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !ready(&python) {
        eprintln!("omemo bench: installing python-omemo into {FALLBACK_VENV}");
        let made = Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(venv)
            .status();
        if !made.as_ref().is_ok_and(|s| s.success()) {
            return Err(format!("python3 -m venv {FALLBACK_VENV} failed: {made:?}"));
        }
        let status = Command::new(&python)
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
            .args(PYTHON_PACKAGES)
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
        if !status.success() || !ready(&python) {
            return Err(format!("pip install into {FALLBACK_VENV} failed: {status}"));
        }
    }
    Ok(python)
}

/// python-omemo's figures, as benches/omemo_reference.py prints them.
fn reference(
    root: &Path,
    rounds: usize,
    reps: usize,
    sends: usize,
    absent: usize,
) -> Result<serde_json::Value, String> {
    let python = python(root)?;
    let script = root.join("benches/omemo_reference.py");
    let line = last_line(
        Command::new(&python)
            .arg("-I")
            .arg(&script)
            .args([rounds, reps, sends, absent].map(|n| n.to_string())),
    )?;
    serde_json::from_str(&line).map_err(|e| format!("{} printed {line:?}: {e}", script.display()))
}

/// One figure in the report format: ours, the reference, the ratio python / ours.
fn line(id: &str, what: &str, ours: Duration, unit: &str, reference: Option<(&str, f64)>) {
    let scale = if unit == "us" { 1e6 } else { 1e3 };
    let digits = if unit == "us" { 2 } else { 3 };
    let ours_value = ours.as_secs_f64() * scale;
    match reference {
        Some((name, value)) => println!(
            "{id} {what}: {ours_value:.digits$} {unit}; reference ({name}) {value:.digits$} {unit}; \
             ratio {:.1} (python / ours)",
            value / ours_value.max(1e-12)
        ),
        None => println!(
            "{id} {what}: {ours_value:.digits$} {unit}; reference (python-omemo) MISSING; ratio n/a"
        ),
    }
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "NOT met" }
}

fn main() {
    let rounds = env_or("TIDINGS_BENCH_OMEMO_ROUNDS", 20_000);
    let reps = env_or("TIDINGS_BENCH_OMEMO_REPS", 5);
    let sends = env_or("TIDINGS_BENCH_OMEMO_SENDS", 200);
    let absent_sends = env_or("TIDINGS_BENCH_OMEMO_ABSENT", 5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rng = rand::rng();

    let mut ours = Vec::new();
    for ns in Namespace::ALL {
        let started = Instant::now();
        let steady = b7(ns, rounds, reps, &mut rng);
        let group = b8(ns, sends, absent_sends, reps, &mut rng);
        eprintln!(
            "omemo bench: {} measured in {:.1} s",
            key(ns),
            started.elapsed().as_secs_f64()
        );
        ours.push((ns, steady, group));
    }

    eprintln!("omemo bench: running the python-omemo reference (same operations, same counts)");
    let started = Instant::now();
    let reference = match reference(root, rounds, reps, sends, absent_sends) {
        Ok(r) => {
            eprintln!(
                "omemo bench: reference done in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Some(r)
        }
        Err(why) => {
            let banner = format!(
                "!!! OMEMO REFERENCE MISSING: python-omemo could not run ({why}). \
                 Our figures follow WITHOUT a reference; no ratio can be given. !!!"
            );
            eprintln!("{banner}");
            println!("{banner}");
            None
        }
    };
    let field = |name: &str| {
        reference
            .as_ref()
            .and_then(|r| r.pointer(name))
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string()
    };
    let version = field("/versions/omemo");
    println!(
        "omemo: {rounds} rounds x {reps} repetitions (B7), {sends} / {absent_sends} sends x {reps} \
         (B8 present / absent); medians of the repetitions' medians; reference {}",
        match reference {
            Some(_) => format!("python-omemo {version} on CPython {}", field("/python")),
            None => "MISSING".to_string(),
        }
    );

    for (ns, steady, group) in ours {
        let GroupSend {
            present,
            absent,
            room,
        } = group;
        let n = key(ns);
        let name = format!("python-omemo {version} {}", backend(ns));
        let get = |field: &str, unit: f64| -> Option<(&str, f64)> {
            reference
                .as_ref()
                .and_then(|r| r[n][field].as_f64())
                .map(|v| (name.as_str(), v * unit))
        };
        let py_per_device = get("per_device_us", 1.0);
        let ratio = py_per_device.map(|(_, v)| v / (steady.per_device.as_secs_f64() * 1e6));
        let ten_us = steady.per_device <= Duration::from_micros(10);
        line(
            "B7",
            &format!(
                "{n} per device, encrypt_key + receive_key, steady state (goal <= 10 us: {}; \
                 >= 20 x python-omemo: {})",
                verdict(ten_us),
                ratio.map_or("unknown", |r| verdict(r >= 20.0))
            ),
            steady.per_device,
            "us",
            py_per_device,
        );
        line(
            "B7",
            &format!("{n} encrypt_key alone"),
            steady.encrypt_key,
            "us",
            get("encrypt_key_us", 1.0),
        );
        line(
            "B7",
            &format!("{n} receive_key alone"),
            steady.receive_key,
            "us",
            get("receive_key_us", 1.0),
        );
        line(
            "B7",
            &format!(
                "{n} per message, encrypt_message + encrypt_key + receive_key + decrypt_payload, \
                 100-byte body"
            ),
            steady.message,
            "us",
            get("message_us", 1.0),
        );
        // The primitive a send repeats per device is encrypt_key.
        let budget = steady.encrypt_key * 2 * GROUP as u32;
        line(
            "B8",
            &format!(
                "{n} send to {GROUP} devices, sessions present (goal <= 2 x {GROUP} x encrypt_key \
                 = {:.3} ms: {})",
                budget.as_secs_f64() * 1e3,
                verdict(present <= budget)
            ),
            present,
            "ms",
            get("present_ms", 1.0),
        );
        line(
            "B8",
            &format!(
                "{n} send to {GROUP} devices, sessions absent: {GROUP} x Session::initiate from a \
                 bundle (goal <= 50 ms: {})",
                verdict(absent <= Duration::from_millis(50))
            ),
            absent,
            "ms",
            get("absent_ms", 1.0),
        );
        // The reference is our own bare fan-out in this run: what the element, the
        // envelope and writing it out add on top.
        let members = GROUP / DEVICES_PER_MEMBER;
        println!(
            "B8 {n} private group chat, {members} members x {DEVICES_PER_MEMBER} devices, \
             sessions present, whole <encrypted> element written out (goal <= 2 x {GROUP} x \
             encrypt_key = {:.3} ms: {}): {:.3} ms; bare fan-out above {:.3} ms; ratio {:.2}",
            budget.as_secs_f64() * 1e3,
            verdict(room <= budget),
            room.as_secs_f64() * 1e3,
            present.as_secs_f64() * 1e3,
            room.as_secs_f64() / present.as_secs_f64()
        );
    }
}
