//! Interface benchmarks (docs/performance.md): B1 start to the first frame (headless), B4
//! opening a conversation of 100k messages, B5 scrolling it, on the tiny-skia renderer, over
//! a generated profile of 200 conversations and 1M messages. The real App runs in iced_test's
//! Emulator; a frame is what iced_winit's loop does: the events handed to the widgets, the
//! App's update() for what they produce, the view built again and laid out against the last
//! frame's widget cache when the App changed, and then every pixel drawn by tiny-skia at
//! 1000 x 700 (a window's damage tracking would draw fewer). An open counts its frames and
//! the wait for the store between them.
//!
//! cargo bench --bench interface     (TIDINGS_BENCH_MESSAGES=N to change the 1M default)
//! Real windows under Xvfb, memory, idle CPU and the GUI peers: scripts/bench-desktop.

#[path = "common/mod.rs"]
mod common;
#[path = "../tests/support/emulated.rs"]
mod emulated;

use std::time::{Duration, Instant};

use iced::Point;
use iced::mouse::ScrollDelta;
use tidings::store::{conversations, messages};

use common::{Shape, percentile, report};
use emulated::{FrameCost, Frames, Gui};

fn main() {
    let count: usize = std::env::var("TIDINGS_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let shape = Shape {
        messages: count,
        conversations: 200,
        big: count / 10,
    };
    // scripts/bench-desktop asks for the profile alone, to open it in a real window.
    if let Ok(only) = std::env::var("TIDINGS_BENCH_PROFILE_ONLY") {
        let profile = common::build(std::path::Path::new(&only), &shape);
        println!(
            "profile built in {only} in {:.1} s",
            profile.built_in.as_secs_f64()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = common::build(dir.path(), &shape);
    println!(
        "profile: {} messages, {} conversations ({} in the longest) built in {:.1} s (goal < 60 s)",
        shape.messages,
        shape.conversations,
        shape.big,
        profile.built_in.as_secs_f64()
    );
    let big = profile
        .store
        .readers
        .read_blocking(|c| {
            let list = conversations::list(c)?;
            Ok(list
                .into_iter()
                .find(|s| s.peer.as_str() == "big@example.org"))
        })
        .unwrap()
        .expect("the big conversation");
    drop(profile);

    // B1 (headless): from nothing to the first frame of the conversation list, unlocking the
    // store with the passphrase on the way. Reference: unlocking and listing alone.
    let t = Instant::now();
    let mut gui = Gui::start(tidings::app::application(
        dir.path().to_path_buf(),
        common::passphrase(),
    ));
    gui.wait_for_text("big@example.org");
    let _ = gui.frame();
    let start = t.elapsed();
    let t = Instant::now();
    let store = tidings::store::Store::open(dir.path(), common::passphrase()).unwrap();
    let listed = store.readers.read_blocking(conversations::list).unwrap();
    let reference = t.elapsed();
    assert_eq!(listed.len(), shape.conversations as usize);
    report(
        "B1",
        "start to first frame of the list, headless, no window (goal <= 300 ms)",
        start,
        reference,
        "store unlock + conversation list",
    );

    // The frames below run as a window's would: one renderer and one widget cache kept from
    // frame to frame. SCALE 1 draws the 1000 x 700 window's pixels; TIDINGS_BENCH_SCALE=2
    // draws a HiDPI window's four times as many.
    let scale: f32 = std::env::var("TIDINGS_BENCH_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.0);
    let mut frames = Frames::new(&gui.program, scale);
    let _ = frames.frame(&mut gui, &[]);

    // B4: a click on the conversation in the list; the update asks the store's reader for
    // its newest page; frames follow what the App receives, until one shows the newest
    // message. Alternates with a second conversation so every open is a real one.
    // Reference: reading that page alone.
    let newest = |peer: &'static str| -> String {
        let found = store
            .readers
            .read_blocking(move |c| {
                let list = conversations::list(c)?;
                let id = list.iter().find(|s| s.peer.as_str() == peer).unwrap().id;
                messages::page(c, id, None, 10)
            })
            .unwrap();
        // Plain text (emoji make rich text, which the probe does not read).
        let m = found.iter().rev().find(|m| m.body.is_ascii()).unwrap();
        format!("#{}", m.body.rsplit_once('#').unwrap().1)
    };
    let targets = [
        ("big@example.org", newest("big@example.org")),
        ("friend1@example.org", newest("friend1@example.org")),
    ];
    let mut opens = Vec::new();
    let mut reads = Vec::new();
    let mut parts = Vec::new();
    for round in 0..43 {
        let (title, needle) = &targets[round % 2];
        let at = gui
            .position_of(title)
            .unwrap_or_else(|| panic!("{title} in the list"));
        frames.point_at(at);
        gui.drain();
        let (click, mut found) = frames.frame_showing(&mut gui, &click(), Some(needle));
        let mut open = click.total();
        let mut frames_drawn = 1;
        // A remembered page shows in the click's own frame; otherwise frames follow the
        // store's answer.
        let mut shown = click;
        while !found {
            // What a frame's end took in (the store's answer) is drawn next, without waiting.
            if !frames.due(&gui) {
                open += waited(&mut gui);
            }
            (shown, found) = frames.frame_showing(&mut gui, &[], Some(needle));
            open += shown.total();
            frames_drawn += 1;
        }
        // The first open of each is cold; B4 cold below measures those.
        if round >= 2 {
            opens.push(open);
        }
        parts.push((click, shown, frames_drawn));
        let id = big.id;
        let t = Instant::now();
        let page = store
            .readers
            .read_blocking(move |c| messages::page(c, id, None, 100))
            .unwrap();
        reads.push(t.elapsed());
        assert_eq!(page.len(), 100);
    }
    let (click_cost, shown, drawn) = parts[parts.len() - 2];
    println!(
        "B4 the last open of the big one: {drawn} frames; the click's {click_cost:?}; the last {shown:?}"
    );
    let read_p95 = percentile(&mut reads, 0.95);
    report(
        "B4",
        "open a conversation of 100k messages to its frame, p95, opened before (goal <= 16 ms)",
        percentile(&mut opens, 0.95),
        read_p95,
        "reading its newest page from the store",
    );

    // B4 cold: the same open after ten other conversations pushed the big one out of the
    // remembered pages, so its messages come from the store a frame after the click.
    let others: Vec<String> = store
        .readers
        .read_blocking(conversations::list)
        .unwrap()
        .into_iter()
        .map(|s| s.title().to_string())
        .filter(|t| t != "big@example.org")
        .take(10)
        .collect();
    let mut cold = Vec::new();
    for _ in 0..12 {
        for title in &others {
            let at = gui
                .position_of(title)
                .unwrap_or_else(|| panic!("{title} in the list: {:?}", gui.texts()));
            frames.point_at(at);
            let _ = frames.frame(&mut gui, &click());
            // Each open finishes before the next click: one still loading would take the
            // place of the big one's answer.
            while gui.next_actions(Duration::from_millis(50)) {}
            let _ = frames.frame(&mut gui, &[]);
        }
        let at = gui.position_of("big@example.org").expect("big in the list");
        frames.point_at(at);
        gui.drain();
        // As above: the store's answer may already have arrived within the click's frame.
        let (cost, mut found) = frames.frame_showing(&mut gui, &click(), Some(&targets[0].1));
        let mut open = cost.total();
        while !found {
            if !frames.due(&gui) {
                open += waited(&mut gui);
            }
            let cost;
            (cost, found) = frames.frame_showing(&mut gui, &[], Some(&targets[0].1));
            open += cost.total();
        }
        cold.push(open);
    }
    report(
        "B4",
        "the same, first open (not remembered), p95",
        percentile(&mut cold, 0.95),
        read_p95,
        "reading its newest page from the store",
    );

    // B5: the wheel over the messages, three lines a step, 400 steps up, each a frame: the
    // scroll event, the App's update for it (asking for a page at the edge; pages arrive in
    // a later frame, as they would), the view rebuilt and laid out, every pixel drawn.
    // Reference: the same frame with nothing changed.
    frames.point_at(Point::new(700.0, 350.0));
    let wheel = [iced::Event::Mouse(iced::mouse::Event::WheelScrolled {
        delta: ScrollDelta::Lines { x: 0.0, y: 3.0 },
    })];
    let mut scrolling = Vec::new();
    let mut still = Vec::new();
    let mut worst = FrameCost::default();
    for _ in 0..400 {
        let cost = frames.frame(&mut gui, &wheel);
        if cost.total() > worst.total() {
            worst = cost;
        }
        scrolling.push(cost.total());
        let quiet = frames.frame(&mut gui, &[]);
        if std::env::var("TIDINGS_BENCH_TRACE").is_ok() {
            eprintln!("step: {cost:?}\nstill: {quiet:?}");
        }
        still.push(quiet.total());
    }
    println!("B5 worst frame: {worst:?}");
    // The oldest message shown in the conversation pane (the list previews are left of it).
    let oldest_shown = gui
        .placed()
        .iter()
        .filter(|(_, at)| at.x > 400.0)
        .filter_map(|(t, _)| {
            t.rsplit_once('#')?
                .1
                .split(' ')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .min();
    println!("B5 scrolled back to message {oldest_shown:?}");
    report(
        "B5",
        "scroll the 100k conversation, p99 frame, tiny-skia (goal <= 16.7 ms)",
        percentile(&mut scrolling, 0.99),
        percentile(&mut still, 0.99),
        "the same frame without scrolling",
    );
}

/// How long the App waited for its next task result (the store's page): part of an open.
fn waited<P>(gui: &mut Gui<P>) -> Duration
where
    P: iced::Program<Theme = iced::Theme> + 'static,
    P::Renderer: iced::advanced::renderer::Headless,
{
    let t = Instant::now();
    assert!(
        gui.next_actions(Duration::from_secs(10)),
        "the page loads; on screen: {:?}",
        gui.texts()
    );
    t.elapsed()
}

/// A left click where the pointer is.
fn click() -> Vec<iced::Event> {
    use iced::mouse::{Button, Event};
    vec![
        iced::Event::Mouse(Event::ButtonPressed(Button::Left)),
        iced::Event::Mouse(Event::ButtonReleased(Button::Left)),
    ]
}
