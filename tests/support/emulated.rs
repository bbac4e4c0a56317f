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
    /// Tasks reported finished by drain() that no pump() has counted yet.
    finished: usize,
    /// Messages and actions the App has been handed so far: a window builds its interface
    /// again only after the App changed (see Frames).
    changes: u64,
}

impl<P> Gui<P>
where
    P: Program<Theme = Theme> + 'static,
    P::Renderer: iced::advanced::renderer::Headless,
{
    pub fn start(program: P) -> Self {
        load_fonts(&program);
        let (sender, events) = mpsc::channel(256);
        let emulator = Emulator::new(sender, &program, emulator::Mode::Patient, SIZE);
        let mut gui = Gui {
            program,
            emulator,
            events,
            finished: 0,
            changes: 0,
        };
        assert_eq!(gui.pump(Duration::from_secs(60)), Some(true), "boot");
        gui
    }

    /// Does what the runtime asks until it reports the last step done (true) or failed
    /// (false); None when `limit` passes first.
    pub fn pump(&mut self, limit: Duration) -> Option<bool> {
        let deadline = Instant::now() + limit;
        if self.finished > 0 {
            self.finished -= 1;
            return Some(true);
        }
        loop {
            match self.events.try_recv() {
                Ok(emulator::Event::Action(action)) => {
                    self.changes += 1;
                    self.emulator.perform(&self.program, action)
                }
                Ok(emulator::Event::Ready) => return Some(true),
                Ok(emulator::Event::Failed(_)) => return Some(false),
                Err(mpsc::TryRecvError::Closed) => panic!("the interface runtime stopped"),
                Err(_) if Instant::now() > deadline => return None,
                Err(_) => std::thread::sleep(Duration::from_micros(200)),
            }
        }
    }

    /// Forgets tasks that finished before now, so pump() waits for the next one.
    pub fn forget_finished(&mut self) {
        self.finished = 0;
    }

    /// Performs whatever is pending without waiting; says how many actions that was.
    pub fn drain(&mut self) -> usize {
        let mut performed = 0;
        while let Ok(event) = self.events.try_recv() {
            match event {
                emulator::Event::Action(action) => {
                    self.changes += 1;
                    self.emulator.perform(&self.program, action);
                    performed += 1;
                }
                emulator::Event::Ready => self.finished += 1,
                emulator::Event::Failed(_) => {}
            }
        }
        performed
    }

    /// Waits until the runtime hands over at least one action (a task's result), performs
    /// everything pending, and says whether anything came within `limit`.
    pub fn next_actions(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if self.drain() > 0 {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_micros(100));
        }
    }

    /// One user step in iced_test's instruction language: `click "Send"`, `type "hi"`...
    /// A target not there yet is looked for again for a few seconds, as a person would
    /// look twice: the runtime may still be performing what the last step started.
    pub fn act(&mut self, line: &str) {
        let instruction = Instruction::parse(line).expect("a valid instruction");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            self.finished = 0;
            self.changes += 1;
            self.emulator.run(&self.program, instruction.clone());
            match self.pump(Duration::from_secs(30)) {
                Some(true) => return,
                Some(false) if Instant::now() < deadline => {
                    let _ = self.pump(Duration::from_millis(100));
                }
                other => panic!(
                    "`{line}` failed ({other:?}); on screen: {:?}; fields: {:?}",
                    self.texts(),
                    self.fields()
                ),
            }
        }
    }

    /// Every text field on screen: what it shows (its value, or its placeholder when empty)
    /// and the part of it that is visible.
    pub fn fields(&self) -> Vec<(String, Option<iced::Rectangle>)> {
        let mut fields = Vec::new();
        let _ = self
            .layout()
            .find(|candidate: Candidate<'_>| -> Option<()> {
                if let Candidate::TextInput {
                    visible_bounds,
                    state,
                    ..
                } = candidate
                {
                    fields.push((state.text().to_string(), visible_bounds));
                }
                None
            });
        fields
    }

    /// Hands the App a message directly (what no widget of the instruction language reaches).
    pub fn message(&mut self, message: P::Message) {
        self.changes += 1;
        self.emulator.update(&self.program, message);
    }

    /// The current view, laid out at the emulator's size.
    pub fn layout(&self) -> Simulator<'_, P::Message, P::Theme, P::Renderer> {
        // The program's fonts and default font, as the emulator lays out with.
        Simulator::with_size(
            self.program.settings(),
            SIZE,
            self.emulator.view(&self.program),
        )
    }

    /// Every text on screen, in layout order, with where it is.
    pub fn placed(&self) -> Vec<(String, iced::Point)> {
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

    /// Where `text` is on screen (its centre), if it is.
    pub fn position_of(&self, text: &str) -> Option<iced::Point> {
        self.placed()
            .into_iter()
            .find(|(t, _)| t == text)
            .map(|(_, at)| at)
    }

    pub fn texts(&self) -> Vec<String> {
        self.placed().into_iter().map(|(t, _)| t).collect()
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
        let placed = self.placed();
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

    /// Keeps the interface running until `done` holds or `limit` passed; whether it holds.
    /// For what the caller asserts itself (a text gone, a file written).
    pub fn pump_until(&mut self, limit: Duration, done: impl Fn(&Self) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        while !done(self) {
            if Instant::now() > deadline {
                return false;
            }
            let _ = self.pump(Duration::from_millis(50));
        }
        true
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

    /// Writes what the window shows now to $TIDINGS_SCREENSHOTS/NAME*.png when that variable
    /// names a directory: for people to look at a screen a test reached, never compared.
    pub fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("TIDINGS_SCREENSHOTS") else {
            return;
        };
        let path = std::path::Path::new(&dir).join(name);
        for old in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if old.file_name().to_string_lossy().starts_with(name) {
                let _ = std::fs::remove_file(old.path());
            }
        }
        let snapshot = self.layout().snapshot(&Theme::Light).expect("a frame");
        snapshot
            .matches_image(&path)
            .expect("the screenshot is written");
    }

    /// Lays out and draws the current view once: one frame, and what it cost.
    pub fn frame(&self) -> Duration {
        let t = Instant::now();
        let mut ui = self.layout();
        let _ = ui.snapshot(&Theme::Light).expect("a frame");
        t.elapsed()
    }
}

/// Loads the program's bundled fonts, as a window does when it starts. iced_test's emulator
/// does not: it laid text out in a fallback font no user sees, wider than ours, while
/// `Gui::layout` used iced_test's own default font, so a click placed by one could miss in
/// the other where text wrapped differently. (Loading the same static bytes again is free.)
fn load_fonts<P: Program>(program: &P) {
    let mut fonts = iced::advanced::graphics::text::font_system()
        .write()
        .expect("the font system");
    for font in program.settings().fonts {
        fonts.load_font(font);
    }
}

/// What one frame cost, step by step.
#[derive(Debug, Default, Clone, Copy)]
pub struct FrameCost {
    /// The App's view() and the widget tree diffed and laid out against the last frame's,
    /// when the App changed since (a window keeps its interface from frame to frame).
    pub build: Duration,
    /// The frame's events handed to the widgets (and the redraw request).
    pub events: Duration,
    /// The widgets drawn into the renderer's layers.
    pub draw: Duration,
    /// Every pixel rasterised, as a full repaint of the window would.
    pub raster: Duration,
    /// The App's update() for whatever the widgets produced, and its tasks run.
    pub update: Duration,
}

impl FrameCost {
    pub fn total(&self) -> Duration {
        self.build + self.events + self.draw + self.raster + self.update
    }
}

/// A window's frame loop without the window: one renderer and one widget cache kept from
/// frame to frame, as iced's shell keeps them (the Simulator above starts both afresh), and
/// the same order as iced_winit's loop: the events go to the widgets, what they produce to
/// the App's update(), the view is built again, and only then is the frame drawn.
pub struct Frames<R> {
    renderer: R,
    cache: Option<iced_runtime::user_interface::Cache>,
    cursor: iced::mouse::Cursor,
    scale: f32,
    /// `Gui::changes` when the last frame was drawn.
    drawn_at: Option<u64>,
    /// The last frame's pixels (RGBA, row by row) and its width in pixels.
    pixels: Vec<u8>,
    width: u32,
}

impl<R> Frames<R>
where
    R: iced::advanced::renderer::Headless + iced::advanced::text::Renderer,
{
    /// `scale` is the display's scale factor: 1.0 draws 1000 x 700 pixels, 2.0 four times as many.
    pub fn new<P: Program<Renderer = R>>(program: &P, scale: f32) -> Self {
        load_fonts(program);
        let settings = program.settings();
        let backend = std::env::var("ICED_TEST_BACKEND").ok();
        let renderer = iced::futures::executor::block_on(R::new(
            settings.default_font,
            settings.default_text_size,
            backend.as_deref(),
        ))
        .expect("a headless renderer");
        Frames {
            renderer,
            cache: Some(Default::default()),
            cursor: iced::mouse::Cursor::Unavailable,
            scale,
            drawn_at: None,
            pixels: Vec::new(),
            width: 0,
        }
    }

    /// Whether the App changed since the last frame was drawn (a task's result taken in at
    /// the end of it): a window draws again then, without waiting for anything more.
    pub fn due<P>(&self, gui: &Gui<P>) -> bool
    where
        P: Program<Theme = Theme, Renderer = R> + 'static,
    {
        self.drawn_at != Some(gui.changes)
    }

    /// The last frame's pixel at a logical point, as RGBA.
    pub fn pixel(&self, at: iced::Point) -> [u8; 4] {
        let (x, y) = ((at.x * self.scale) as usize, (at.y * self.scale) as usize);
        let i = (y * self.width as usize + x) * 4;
        self.pixels[i..i + 4]
            .try_into()
            .expect("a pixel in the frame")
    }

    /// Runs a widget operation on this interface to its end, as the runtime does for the
    /// operations a task asks for (moving focus is a count, then a move).
    pub fn operate<P>(
        &mut self,
        gui: &Gui<P>,
        operation: impl iced::advanced::widget::Operation + 'static,
    ) where
        P: Program<Theme = Theme, Renderer = R> + 'static,
    {
        use iced::advanced::widget::operation::Outcome;
        let mut ui = iced_runtime::UserInterface::build(
            gui.emulator.view(&gui.program),
            SIZE,
            self.cache.take().unwrap_or_default(),
            &mut self.renderer,
        );
        let mut current: Box<dyn iced::advanced::widget::Operation> = Box::new(operation);
        loop {
            ui.operate(&self.renderer, current.as_mut());
            match current.finish() {
                Outcome::Chain(next) => current = next,
                _ => break,
            }
        }
        self.cache = Some(ui.into_cache());
    }

    /// Tab: the focus moves on and into view, the operations the App's Tab shortcut asks
    /// the runtime for (iced_test's emulator hands keys to the widgets only, not to the
    /// App's keyboard subscription). Then a frame, which draws the ring.
    pub fn tab<P>(&mut self, gui: &mut Gui<P>)
    where
        P: Program<Theme = Theme, Renderer = R> + 'static,
    {
        self.operate(
            gui,
            iced::advanced::widget::operation::focusable::focus_next(),
        );
        self.operate(gui, tidings::app::focus::revealing());
        self.frame(gui, &[]);
    }

    /// The control with keyboard focus: its label (the texts inside it, or a field's text)
    /// and where it is; None when nothing has focus.
    pub fn focused<P>(&mut self, gui: &Gui<P>) -> Option<(String, iced::Rectangle)>
    where
        P: Program<Theme = Theme, Renderer = R> + 'static,
    {
        let found = std::sync::Arc::new(std::sync::Mutex::new(None));
        self.operate(
            gui,
            FocusProbe {
                found: found.clone(),
                ..FocusProbe::default()
            },
        );
        found.lock().unwrap().take()
    }

    /// Presses Tab until the control labelled `label` has focus; panics with the labels
    /// passed when it is not among the first 60.
    pub fn tab_to<P>(&mut self, gui: &mut Gui<P>, label: &str) -> iced::Rectangle
    where
        P: Program<Theme = Theme, Renderer = R> + 'static,
    {
        let mut passed = Vec::new();
        for _ in 0..60 {
            self.tab(gui);
            match self.focused(gui) {
                Some((found, at)) if found == label => return at,
                found => passed.push(found.map(|(l, _)| l)),
            }
        }
        panic!("Tab never reached {label:?}; it went {passed:?}");
    }

    /// Keys pressed and released in one frame, as a keyboard delivers them.
    pub fn keys<P>(&mut self, gui: &mut Gui<P>, events: impl IntoIterator<Item = iced::Event>)
    where
        P: Program<Theme = Theme, Renderer = R> + 'static,
    {
        let events: Vec<_> = events.into_iter().collect();
        self.frame(gui, &events);
        self.frame(gui, &[]);
    }

    pub fn point_at(&mut self, at: iced::Point) {
        self.cursor = iced::mouse::Cursor::Available(at);
    }

    /// One frame with `events` delivered to it; messages the widgets produce go to the App.
    pub fn frame<P>(&mut self, gui: &mut Gui<P>, events: &[iced::Event]) -> FrameCost
    where
        P: Program<Theme = Theme, Renderer = R> + 'static,
    {
        self.frame_showing(gui, events, None).0
    }

    /// A frame, and (when `needle` is given) whether some text in it contains `needle`;
    /// the search is not counted in the cost.
    pub fn frame_showing<P>(
        &mut self,
        gui: &mut Gui<P>,
        events: &[iced::Event],
        needle: Option<&str>,
    ) -> (FrameCost, bool)
    where
        P: Program<Theme = Theme, Renderer = R> + 'static,
    {
        use iced_runtime::UserInterface;
        let mut cost = FrameCost::default();
        let mut messages = Vec::new();

        // The interface as the last frame left it. A window still has it; here it is built
        // again from the cache, which counts only when the App changed since that frame
        // (a task's result, a message handed over): the window builds it then too.
        let t = Instant::now();
        let mut ui = UserInterface::build(
            gui.emulator.view(&gui.program),
            SIZE,
            self.cache.take().unwrap_or_default(),
            &mut self.renderer,
        );
        if self.drawn_at != Some(gui.changes) {
            cost.build = t.elapsed();
        }

        let t = Instant::now();
        if !events.is_empty() {
            let _ = ui.update(
                events,
                self.cursor,
                &mut self.renderer,
                &mut iced::advanced::clipboard::Null,
                &mut messages,
            );
        }
        cost.events = t.elapsed();

        if !messages.is_empty() {
            let t = Instant::now();
            let cache = ui.into_cache();
            for message in messages.drain(..) {
                gui.message(message);
            }
            gui.drain();
            cost.update = t.elapsed();
            let t = Instant::now();
            ui = UserInterface::build(
                gui.emulator.view(&gui.program),
                SIZE,
                cache,
                &mut self.renderer,
            );
            cost.build += t.elapsed();
        }

        let t = Instant::now();
        let _ = ui.update(
            &[iced::Event::Window(iced::window::Event::RedrawRequested(
                Instant::now(),
            ))],
            self.cursor,
            &mut self.renderer,
            &mut iced::advanced::clipboard::Null,
            &mut messages,
        );
        cost.events += t.elapsed();

        let theme = gui.emulator.theme(&gui.program).unwrap_or(Theme::Light);
        let t = Instant::now();
        ui.draw(
            &mut self.renderer,
            &theme,
            &iced::advanced::renderer::Style {
                text_color: theme.palette().text,
            },
            self.cursor,
        );
        cost.draw = t.elapsed();
        let mut probe = Probe {
            needle: needle.unwrap_or_default(),
            found: false,
        };
        if needle.is_some() {
            ui.operate(&self.renderer, &mut probe);
        }
        self.cache = Some(ui.into_cache());

        let t = Instant::now();
        let pixels = Size::new(
            (SIZE.width * self.scale).round() as u32,
            (SIZE.height * self.scale).round() as u32,
        );
        let rgba = self
            .renderer
            .screenshot(pixels, self.scale, theme.palette().background);
        assert_eq!(rgba.len(), (pixels.width * pixels.height * 4) as usize);
        cost.raster = t.elapsed();
        self.drawn_at = Some(gui.changes);
        self.pixels = rgba;
        self.width = pixels.width;

        // What the redraw itself produced (an animation's step) goes to the App now; the
        // next frame builds for it.
        let t = Instant::now();
        for message in messages {
            gui.message(message);
        }
        gui.drain();
        cost.update += t.elapsed();
        (cost, probe.found)
    }
}

/// Finds the control with keyboard focus and reads its label.
#[derive(Default)]
struct FocusProbe {
    found: std::sync::Arc<std::sync::Mutex<Option<(String, iced::Rectangle)>>>,
    /// A text field's text, when the last thing visited was one (it reports itself as a
    /// field, then as focusable).
    field: Option<String>,
    /// The focused control was just visited: what it traverses next is its content.
    next_is_content: bool,
    /// Inside the focused control's content: texts there are its label.
    inside: bool,
    label: Option<(String, iced::Rectangle)>,
}

impl iced::advanced::widget::Operation for FocusProbe {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn iced::advanced::widget::Operation)) {
        self.field = None;
        let entering = std::mem::take(&mut self.next_is_content);
        self.inside |= entering;
        operate(self);
        if entering {
            self.inside = false;
            *self.found.lock().unwrap() = self.label.clone();
        }
    }

    fn container(&mut self, _id: Option<&iced::widget::Id>, _bounds: iced::Rectangle) {
        self.field = None;
    }

    fn text_input(
        &mut self,
        _id: Option<&iced::widget::Id>,
        _bounds: iced::Rectangle,
        state: &mut dyn iced::advanced::widget::operation::TextInput,
    ) {
        self.field = Some(state.text().to_string());
    }

    fn focusable(
        &mut self,
        _id: Option<&iced::widget::Id>,
        bounds: iced::Rectangle,
        state: &mut dyn iced::advanced::widget::operation::Focusable,
    ) {
        self.next_is_content = false;
        if state.is_focused() && self.label.is_none() {
            match self.field.take() {
                Some(text) => {
                    self.label = Some((text, bounds));
                    *self.found.lock().unwrap() = self.label.clone();
                }
                None => {
                    self.label = Some((String::new(), bounds));
                    self.next_is_content = true;
                    *self.found.lock().unwrap() = self.label.clone();
                }
            }
        }
        self.field = None;
    }

    fn text(&mut self, _id: Option<&iced::widget::Id>, _bounds: iced::Rectangle, text: &str) {
        self.next_is_content = false;
        if self.inside
            && let Some((label, _)) = &mut self.label
        {
            label.push_str(text);
        }
    }
}

/// Looks for a text containing `needle` in a laid-out interface.
struct Probe<'a> {
    needle: &'a str,
    found: bool,
}

impl iced::advanced::widget::Operation for Probe<'_> {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn iced::advanced::widget::Operation)) {
        operate(self);
    }

    fn text(&mut self, _id: Option<&iced::widget::Id>, _bounds: iced::Rectangle, text: &str) {
        self.found |= text.contains(self.needle);
    }
}
