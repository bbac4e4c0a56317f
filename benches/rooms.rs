//! Issue 5's room benchmark: entering a room with 1,000 occupants and 10,000 archived
//! messages, time to a usable view (we are in, the whole occupant list has come, the newest
//! page of the archive is stored) and the memory it costs, against entering a room with the
//! same archive and one other occupant, in the same run and the same process.
//!
//! The occupants come over one XEP-0114 component connection (bots.localhost) rather than a
//! thousand logins: each `u{i}@bots.localhost` joins as `u{i}`. One of them writes the
//! archive before the others come, so the room does not copy 10,000 messages to a thousand
//! occupants.
//!
//! Then the window (the real App in iced_test's Emulator, tiny-skia, 1000 x 700) enters the
//! big room again while its presences flood in: every frame a window's loop would draw until
//! the header counts everyone, against frames of the same window at rest, in the same run
//! (goal: none over 33 ms); and the frames with the whole occupant list open.
//!
//! cargo bench --bench rooms    (with ICED_TEST_BACKEND=tiny-skia, as scripts/bench sets)
//!   TIDINGS_BENCH_OCCUPANTS      occupants of the big room besides us (default 1,000)
//!   TIDINGS_BENCH_ROOM_ARCHIVE   messages in each room's archive (default 10,000)

#[path = "../tests/support/emulated.rs"]
mod emulated;
#[allow(dead_code)]
#[path = "../tests/it/harness.rs"]
mod harness;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use harness::{Device, Live, Server, Tls};
use sha1::{Digest, Sha1};
use tidings::core::{Command, Event, RoomState};

const SECRET: &str = "bench component secret";
const BOTS: &str = "bots.localhost";

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One component stream: writes go out on the socket, everything that comes back is read
/// (and dropped) by a thread that reports the ids of the `<iq/>` answers we wait for.
struct Component {
    stream: TcpStream,
    answers: mpsc::Receiver<String>,
}

impl Component {
    fn connect(server: &Server, port: u16) -> Component {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut stream = loop {
            match TcpStream::connect(("127.0.0.1", port)) {
                Ok(s) => break s,
                Err(e) if Instant::now() > deadline => {
                    panic!("no component port {port}: {e}; {}", server.log())
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        };
        stream
            .write_all(
                format!(
                    "<stream:stream xmlns='jabber:component:accept' \
                     xmlns:stream='http://etherx.jabber.org/streams' to='{BOTS}'>"
                )
                .as_bytes(),
            )
            .unwrap();
        let header = read_until(&mut stream, |s| s.contains(" id=") && s.contains('>'));
        let id = attribute(&header, "id").expect("a stream id");
        let digest = hex::encode(Sha1::digest(format!("{id}{SECRET}").as_bytes()));
        stream
            .write_all(format!("<handshake>{digest}</handshake>").as_bytes())
            .unwrap();
        let answer = read_until(&mut stream, |s| {
            s.contains("<handshake") || s.contains("error")
        });
        assert!(
            answer.contains("<handshake"),
            "the component was refused: {answer}"
        );
        let (tx, answers) = mpsc::channel();
        let mut reader = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            let mut tail = String::new();
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                tail.push_str(&String::from_utf8_lossy(&buf[..n]));
                while let Some(at) = tail.find("id='done-") {
                    let rest = &tail[at + "id='".len()..];
                    match rest.find('\'') {
                        Some(end) => {
                            let _ = tx.send(rest[..end].to_string());
                            tail = rest[end..].to_string();
                        }
                        None => break,
                    }
                }
                if tail.len() > 4096 {
                    tail = tail[tail.len() - 256..].to_string();
                    while !tail.is_char_boundary(0) {
                        tail.remove(0);
                    }
                }
            }
        });
        Component { stream, answers }
    }

    fn send(&mut self, xml: &str) {
        self.stream.write_all(xml.as_bytes()).unwrap();
    }

    /// Waits until the room answered an iq sent after everything before it: the server
    /// handles one stream in order, so all of it has been handled.
    fn barrier(&mut self, from: &str, room: &str, n: usize) {
        let query = "<query xmlns='http://jabber.org/protocol/disco#info'/>";
        self.ask(from, room, "get", &format!("done-{n}"), query);
    }

    /// The server alone: the room's archive asked for its newest page, as we ask on a first
    /// join, until the answer's end.
    fn newest_page(&mut self, from: &str, room: &str) -> Duration {
        let started = Instant::now();
        let query = "<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'>\
                     <max>50</max><before/></set></query>";
        self.ask(from, room, "set", &format!("done-page-{room}"), query);
        started.elapsed()
    }

    fn ask(&mut self, from: &str, room: &str, kind: &str, id: &str, query: &str) {
        self.send(&format!(
            "<iq type='{kind}' from='{from}' to='{room}' id='{id}'>{query}</iq>"
        ));
        loop {
            match self.answers.recv_timeout(Duration::from_secs(600)) {
                Ok(got) if got == id => return,
                Ok(_) => {}
                Err(_) => panic!("the room never answered {id}"),
            }
        }
    }
}

fn read_until(stream: &mut TcpStream, done: impl Fn(&str) -> bool) -> String {
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    while !done(&seen) {
        let n = stream
            .read(&mut buf)
            .expect("the server answers the component");
        assert!(n > 0, "the server closed the component stream: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    stream.set_read_timeout(None).unwrap();
    seen
}

fn attribute(xml: &str, name: &str) -> Option<String> {
    for quote in ['\'', '"'] {
        let key = format!(" {name}={quote}");
        if let Some(at) = xml.find(&key) {
            let rest = &xml[at + key.len()..];
            return rest.find(quote).map(|end| rest[..end].to_string());
        }
    }
    None
}

/// Enters `room` as bot `i`, and makes it an open room when the join created it.
fn enter(component: &mut Component, room: &str, i: usize) {
    component.send(&format!(
        "<presence from='u{i}@{BOTS}/bot' to='{room}/u{i}'>\
         <x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>"
    ));
}

fn open_room(component: &mut Component, room: &str) {
    component.send(&format!(
        "<iq type='set' from='u0@{BOTS}/bot' to='{room}' id='open'>\
         <query xmlns='http://jabber.org/protocol/muc#owner'>\
         <x xmlns='jabber:x:data' type='submit'/></query></iq>"
    ));
}

/// This process's resident memory, in MB.
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

struct Entered {
    usable: Duration,
    occupants: usize,
    /// Occupant lists the session handed up while the presences came (batched).
    lists: usize,
    stored: usize,
    rss_added_mb: f64,
}

/// Our account enters `room`; usable once we are in, the occupant list is whole and the
/// archive's newest page is read.
fn join(live: &mut Live, room: &str, expected: usize) -> Entered {
    let jid: tidings::core::BareJid = room.parse().unwrap();
    let before = rss_mb();
    let started = Instant::now();
    live.send(Command::JoinRoom {
        room: jid.clone(),
        nick: "alice".into(),
        password: None,
    });
    let (mut occupants, mut lists, mut history) = (0, 0, false);
    while !(history && occupants >= expected) {
        let wanted = jid.clone();
        let seen = live.wait_for("the room", Duration::from_secs(600), |e| match e {
            Event::Occupants {
                room, occupants, ..
            } if *room == wanted => Some((Some(occupants.len()), false)),
            Event::RoomHistory { room, .. } if *room == wanted => Some((None, true)),
            Event::Room {
                room,
                state: RoomState::Refused(why),
                ..
            } if *room == wanted => panic!("refused: {why:?}"),
            _ => None,
        });
        if let Some(n) = seen.0 {
            occupants = n;
            lists += 1;
        }
        history |= seen.1;
    }
    let usable = started.elapsed();
    let account = live.account;
    let stored = live.read(move |c| {
        let conversation = tidings::store::conversations::find(c, account, &jid)?
            .expect("the room's conversation");
        Ok(tidings::store::messages::page(c, conversation, None, 1_000)?.len())
    });
    Entered {
        usable,
        occupants,
        lists,
        stored,
        rss_added_mb: rss_mb() - before,
    }
}

fn main() {
    let crowd = env_or("TIDINGS_BENCH_OCCUPANTS", 1_000);
    let archive = env_or("TIDINGS_BENCH_ROOM_ARCHIVE", 10_000);
    let port = harness::free_port();
    let extra = format!(
        "component_ports = {{ {port} }}\nmuc_log_by_default = true\n\
         Component \"{BOTS}\"\n  component_secret = \"{SECRET}\"\n"
    );
    let server = Server::start_tuned(Tls::Required, &["alice"], &extra);
    let (big, small) = ("big@conference.localhost", "small@conference.localhost");

    let setup = Instant::now();
    let mut component = Component::connect(&server, port);
    for room in [big, small] {
        enter(&mut component, room, 0);
        open_room(&mut component, room);
    }
    component.barrier(&format!("u0@{BOTS}/bot"), small, 0);
    eprintln!("rooms bench: the two rooms exist");
    // The archive first, while u0 is alone in each room.
    let mut batch = String::with_capacity(1 << 20);
    for room in [big, small] {
        for i in 0..archive {
            batch.push_str(&format!(
                "<message from='u0@{BOTS}/bot' to='{room}' type='groupchat' id='m{i}'>\
                 <body>archived room message {i}: the quick brown fox jumps over the lazy dog</body>\
                 </message>"
            ));
            if batch.len() > 256 * 1024 {
                component.send(&batch);
                batch.clear();
            }
        }
        component.send(&batch);
        batch.clear();
    }
    component.barrier(&format!("u0@{BOTS}/bot"), small, 1);
    eprintln!("rooms bench: archives written");
    let archived = setup.elapsed();
    for i in 1..crowd {
        enter(&mut component, big, i);
    }
    component.barrier(&format!("u0@{BOTS}/bot"), big, 2);
    println!(
        "rooms setup: {archive} messages archived in each of two rooms in {:.1} s; {crowd} \
         occupants in {big} after {:.1} s more",
        archived.as_secs_f64(),
        (setup.elapsed() - archived).as_secs_f64()
    );

    let bot = format!("u0@{BOTS}/bot");
    let alone = [
        component.newest_page(&bot, small),
        component.newest_page(&bot, big),
    ];
    let alice = Device::new(&server, "alice");
    let mut live = Live::start(&alice);
    let reference = join(&mut live, small, 2);
    let ours = join(&mut live, big, crowd + 1);
    // Out again, for the window to enter while the presences come.
    live.send(Command::LeaveRoom {
        room: big.parse().unwrap(),
    });
    let left: tidings::core::BareJid = big.parse().unwrap();
    live.wait_for(
        "out of the big room",
        Duration::from_secs(60),
        |e| match e {
            Event::Room {
                room,
                state: RoomState::Left(_),
                ..
            } if *room == left => Some(()),
            _ => None,
        },
    );
    live.stop();

    println!(
        "rooms: enter a room with {} occupants and {archive} archived messages, to usable (in, \
         whole occupant list, newest page stored): {:.0} ms, +{:.1} MB RSS; {} occupant lists \
         handed up; {} messages stored",
        ours.occupants,
        ours.usable.as_secs_f64() * 1e3,
        ours.rss_added_mb,
        ours.lists,
        ours.stored
    );
    println!(
        "rooms: reference, the same archive with {} occupants: {:.0} ms, +{:.1} MB RSS; {} \
         occupant lists; {} messages stored; ratio {:.2} (ours / reference)",
        reference.occupants,
        reference.usable.as_secs_f64() * 1e3,
        reference.rss_added_mb,
        reference.lists,
        reference.stored,
        ours.usable.as_secs_f64() / reference.usable.as_secs_f64()
    );
    println!(
        "rooms: the server alone, the newest page of each archive for a client already in: \
         {:.0} ms (2 occupants), {:.0} ms ({} occupants)",
        alone[0].as_secs_f64() * 1e3,
        alone[1].as_secs_f64() * 1e3,
        crowd
    );
    flood_frames(&alice, big, crowd + 1);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The `share` quantile of `samples`.
fn percentile(samples: &mut [Duration], share: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * share).round() as usize]
}

/// Frame times while `everyone` presences flood in as the window enters `room` (each a
/// window loop's work: the App's updates for what arrived, the view built and laid out,
/// every pixel drawn), and with the occupant list open afterwards; at rest for reference.
fn flood_frames(alice: &Device, room: &str, everyone: usize) {
    let mut gui = emulated::Gui::start(tidings::app::application(
        alice.profile.path().to_path_buf(),
        Some(zeroize::Zeroizing::new(harness::PASSPHRASE.to_string())),
    ));
    gui.wait_for_text(room);
    gui.act(&format!(r#"click "{room}""#));
    let counted = format!("{everyone} in the room");
    let mut frames = emulated::Frames::new(&gui.program, 1.0);
    let mut frame = |gui: &mut emulated::Gui<_>, needle: &str| {
        let started = Instant::now();
        gui.drain();
        let (_, seen) = frames.frame_showing(gui, &[], Some(needle));
        (started.elapsed(), seen)
    };
    let mut resting: Vec<Duration> = (0..120).map(|_| frame(&mut gui, &counted).0).collect();

    gui.act(r#"click "+""#);
    gui.act(&format!(r#"type "{room}""#));
    gui.act(r#"click "Join group""#);
    let started = Instant::now();
    let mut during = Vec::new();
    loop {
        let (cost, whole) = frame(&mut gui, &counted);
        during.push(cost);
        if whole {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the header never counted {everyone}"
        );
    }
    let entered = started.elapsed();
    gui.act(&format!(r#"click "{counted}""#));
    let mut listed: Vec<Duration> = (0..120).map(|_| frame(&mut gui, "").0).collect();

    let over = during.iter().filter(|d| ms(**d) > 33.0).count();
    let worst = *during.iter().max().unwrap();
    let (during_p99, resting_p99) = (
        percentile(&mut during.clone(), 0.99),
        percentile(&mut resting, 0.99),
    );
    println!(
        "rooms window: entering the room of {everyone} while its presences flood in, {} frames \
         in {:.1} s: p99 {:.1} ms, worst {:.1} ms, {over} over 33 ms (goal: none); at rest p99 \
         {:.1} ms; ratio (p99) {:.2}",
        during.len(),
        entered.as_secs_f64(),
        ms(during_p99),
        ms(worst),
        ms(resting_p99),
        ms(during_p99) / ms(resting_p99)
    );
    println!(
        "rooms window: the occupant list of {everyone} open: p99 {:.1} ms, worst {:.1} ms; \
         ratio to the window at rest (p99) {:.2}",
        ms(percentile(&mut listed.clone(), 0.99)),
        ms(*listed.iter().max().unwrap()),
        ms(percentile(&mut listed, 0.99)) / ms(resting_p99)
    );
}
