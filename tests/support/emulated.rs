//! The real App run headless by iced_test's Emulator (its tasks, its subscriptions, the session
//! service), driven the way a user would and read back as the text it shows. Shared by the
//! interface test (tests/it/gui.rs) and the interface benchmark (benches/interface.rs).

#![allow(dead_code)] // Each user takes its part.

use std::time::{Duration, Instant};

use iced::futures::channel::mpsc;
use iced::{Program, Size, Theme};
use iced_test::selector::Candidate;
use iced_test::{Emulator, Instruction, Simulator, emulator};

/// The window size everything is laid out at.
pub const SIZE: Size = Size::new(1000.0, 700.0);

/// A running interface and the channel its runtime reports on.
pub struct Gui<P: Program + 'static> {
    pub program: P,
    pub emulator: Emulator<P>,
    events: mpsc::Receiver<emulator::Event<P>>,
}

impl<P> Gui<P>
where
    P: Program<Theme = Theme> + 'static,
    P::Renderer: iced::advanced::renderer::Headless,
{
    pub fn start(program: P) -> Self {
        let (sender, events) = mpsc::channel(256);
        let emulator = Emulator::new(sender, &program, emulator::Mode::Patient, SIZE);
        let mut gui = Gui {
            program,
            emulator,
            events,
        };
        assert_eq!(gui.pump(Duration::from_secs(60)), Some(true), "boot");
        gui
    }

    /// Does what the runtime asks until it reports the last step done (true) or failed
    /// (false); None when `limit` passes first.
    pub fn pump(&mut self, limit: Duration) -> Option<bool> {
        let deadline = Instant::now() + limit;
        loop {
            match self.events.try_recv() {
                Ok(emulator::Event::Action(action)) => self.emulator.perform(&self.program, action),
                Ok(emulator::Event::Ready) => return Some(true),
                Ok(emulator::Event::Failed(_)) => return Some(false),
                Err(mpsc::TryRecvError::Closed) => panic!("the interface runtime stopped"),
                Err(_) if Instant::now() > deadline => return None,
                Err(_) => std::thread::sleep(Duration::from_micros(200)),
            }
        }
    }

    /// Performs whatever is pending without waiting.
    pub fn drain(&mut self) {
        while let Ok(event) = self.events.try_recv() {
            if let emulator::Event::Action(action) = event {
                self.emulator.perform(&self.program, action);
            }
        }
    }

    /// One user step in iced_test's instruction language: `click "Send"`, `type "hi"`...
    pub fn act(&mut self, line: &str) {
        let instruction = Instruction::parse(line).expect("a valid instruction");
        self.emulator.run(&self.program, instruction);
        match self.pump(Duration::from_secs(30)) {
            Some(true) => {}
            other => panic!("`{line}` failed ({other:?}); on screen: {:?}", self.texts()),
        }
    }

    /// Hands the App a message directly (what no widget of the instruction language reaches).
    pub fn message(&mut self, message: P::Message) {
        self.emulator.update(&self.program, message);
    }

    /// The current view, laid out at the emulator's size.
    pub fn layout(&self) -> Simulator<'_, P::Message, P::Theme, P::Renderer> {
        Simulator::with_size(
            iced::Settings::default(),
            SIZE,
            self.emulator.view(&self.program),
        )
    }

    /// Every text on screen, in layout order, with where it is.
    fn placed_texts(&self) -> Vec<(String, iced::Point)> {
        let mut found = Vec::new();
        let _ = self
            .layout()
            .find(|candidate: Candidate<'_>| -> Option<()> {
                if let Candidate::Text {
                    content, bounds, ..
                } = candidate
                {
                    found.push((content.to_string(), bounds.center()));
                }
                None
            });
        found
    }

    pub fn texts(&self) -> Vec<String> {
        self.placed_texts().into_iter().map(|(t, _)| t).collect()
    }

    /// Clicks the text field that is `index`th on screen (counting from 0).
    pub fn click_field(&mut self, index: usize) {
        let mut fields = Vec::new();
        let _ = self
            .layout()
            .find(|candidate: Candidate<'_>| -> Option<()> {
                if let Candidate::TextInput { bounds, .. } = candidate {
                    fields.push(bounds.center());
                }
                None
            });
        let at = fields
            .get(index)
            .unwrap_or_else(|| panic!("no text field {index}: {fields:?}"));
        self.act(&format!("click ({}, {})", at.x, at.y));
    }

    /// Clicks the `text` nearest (vertically) to the text `anchor`: one message's own menu
    /// among the menus of all messages.
    pub fn click_near(&mut self, text: &str, anchor: &str) {
        let placed = self.placed_texts();
        let anchor = placed
            .iter()
            .find(|(t, _)| t == anchor)
            .unwrap_or_else(|| panic!("no {anchor:?}"))
            .1;
        let at = placed
            .iter()
            .filter(|(t, _)| t == text)
            .map(|(_, at)| *at)
            .min_by(|a, b| (a.y - anchor.y).abs().total_cmp(&(b.y - anchor.y).abs()))
            .unwrap_or_else(|| panic!("no {text:?}"));
        self.act(&format!("click ({}, {})", at.x, at.y));
    }

    /// Keeps the interface running until a text on screen satisfies `wanted`.
    pub fn wait_for(&mut self, what: &str, wanted: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if self.texts().iter().any(|t| wanted(t)) {
                return;
            }
            if Instant::now() > deadline {
                panic!("never saw {what}; on screen: {:?}", self.texts());
            }
            let _ = self.pump(Duration::from_millis(50));
        }
    }

    pub fn wait_for_text(&mut self, text: &str) {
        self.wait_for(text, |t| t == text);
    }

    /// Lays out and draws the current view once: one frame, and what it cost.
    pub fn frame(&self) -> Duration {
        let t = Instant::now();
        let mut ui = self.layout();
        let _ = ui.snapshot(&Theme::Light).expect("a frame");
        t.elapsed()
    }
}
