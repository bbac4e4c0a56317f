//! Interface benchmarks (docs/performance.md): B1 start to the first frame (headless), B4
//! opening a conversation of 100k messages, B5 scrolling it, on the tiny-skia renderer, over
//! a generated profile of 200 conversations and 1M messages. The real App runs in iced_test's
//! Emulator; a frame is the view built, laid out and drawn by tiny-skia at 1000 x 700.
//!
//! cargo bench --bench interface     (TIDINGS_BENCH_MESSAGES=N to change the 1M default)

#[path = "common/mod.rs"]
mod common;
#[path = "../tests/support/emulated.rs"]
mod emulated;

use std::time::{Duration, Instant};

use iced::Point;
use iced::Theme;
use iced::mouse::ScrollDelta;
use tidings::store::{conversations, messages};

use common::{Shape, percentile, report};
use emulated::Gui;

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

    // B4: click the conversation, the update reads its newest page, the frame shows it.
    // Alternates with the second conversation so every open is a real one.
    let mut opens = Vec::new();
    let mut reads = Vec::new();
    for round in 0..30 {
        let title = if round % 2 == 0 {
            "big@example.org"
        } else {
            "friend1@example.org"
        };
        let t = Instant::now();
        gui.act(&format!(r#"click "{title}""#));
        let _ = gui.frame();
        opens.push(t.elapsed());
        let id = big.id;
        let t = Instant::now();
        let page = store
            .readers
            .read_blocking(move |c| messages::page(c, id, None, 100))
            .unwrap();
        reads.push(t.elapsed());
        assert_eq!(page.len(), 100);
    }
    let newest = format!("#{}", shape.messages - 1);
    assert!(
        gui.texts().iter().any(|t| t.contains(&newest)) || {
            gui.act(r#"click "big@example.org""#);
            gui.texts().iter().any(|t| t.contains(&newest))
        },
        "the newest message is on screen"
    );
    report(
        "B4",
        "open a conversation of 100k messages to its frame, p95 (goal <= 16 ms)",
        percentile(&mut opens, 0.95),
        percentile(&mut reads, 0.95),
        "reading its newest page from the store",
    );

    // B5: the wheel over the messages, three lines a step, 300 steps. A step is what a real
    // frame does: the scroll event, the App's update for it (reading a page at the edge),
    // the view rebuilt and laid out, and the frame drawn.
    let mut frames = Vec::new();
    let mut still = Vec::new();
    let over_messages = Point::new(700.0, 350.0);
    let mut scrolled = gui.layout();
    scrolled.point_at(over_messages);
    for _ in 0..300 {
        let t = Instant::now();
        let _ = scrolled.simulate([iced::Event::Mouse(iced::mouse::Event::WheelScrolled {
            delta: ScrollDelta::Lines { x: 0.0, y: 3.0 },
        })]);
        let _ = scrolled.snapshot(&Theme::Light).expect("a frame");
        frames.push(t.elapsed());
        still.push(Duration::ZERO);
    }
    let produced: Vec<_> = scrolled.into_messages().collect();
    let steps = produced.len();
    for (i, message) in produced.into_iter().enumerate() {
        let t = Instant::now();
        gui.emulator.update(&gui.program, message);
        gui.drain();
        drop(gui.layout());
        let rebuild = t.elapsed();
        if let Some(f) = frames.get_mut(i) {
            *f += rebuild;
        }
        still[i % 300] = gui.frame();
    }
    println!("B5: {steps} scroll updates reached the App in 300 steps");
    report(
        "B5",
        "scroll the 100k conversation, p99 frame, tiny-skia (goal <= 16.7 ms)",
        percentile(&mut frames, 0.99),
        percentile(&mut still, 0.99),
        "the same frame without scrolling",
    );
}
