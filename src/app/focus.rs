//! Keyboard focus for the controls iced 0.14 leaves to the mouse.
//!
//! iced's text fields take focus, but its buttons, checkboxes, togglers, radios and pick lists
//! do not, so Tab skipped them. [`Focusable`] wraps such a control: it joins the Tab order
//! (`operation::focus_next` visits it like a text field), draws a ring while focused, and turns
//! Enter or Space into a click at the control's centre. Clicking through the control itself,
//! rather than publishing a message of our own, keeps keyboard and mouse exactly alike: the
//! control decides what a press means, disabled controls included. Arrow keys can step a
//! choice (a pick list's options) when the caller says what the neighbours are.

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{self, Operation, Tree, tree};
use iced::advanced::{Clipboard, Shell, Widget, mouse, overlay, renderer};
use iced::keyboard::{self, Key, key::Named};
use iced::{Border, Color, Element, Event, Length, Rectangle, Size, Theme, Vector};

/// Ring width in logical pixels: visible on both themes without covering the label.
const RING: f32 = 2.0;

/// A control that Tab reaches and Enter or Space presses.
pub struct Focusable<'a, Message> {
    content: Element<'a, Message>,
    /// A disabled control stays in the tree (so its state survives) but out of the Tab order.
    enabled: bool,
    back: Option<Message>,
    forward: Option<Message>,
}

/// Wraps `content` so the keyboard reaches it.
pub fn focusable<'a, Message>(content: impl Into<Element<'a, Message>>) -> Focusable<'a, Message> {
    Focusable {
        content: content.into(),
        enabled: true,
        back: None,
        forward: None,
    }
}

impl<'a, Message> Focusable<'a, Message> {
    /// Leaves the control out of the Tab order while `enabled` is false.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// What Up/Left and Down/Right publish while focused: a choice's previous and next option.
    pub fn stepping(mut self, back: Option<Message>, forward: Option<Message>) -> Self {
        self.back = back;
        self.forward = forward;
        self
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct State {
    focused: bool,
}

impl widget::operation::Focusable for State {
    fn is_focused(&self) -> bool {
        self.focused
    }

    fn focus(&mut self) {
        self.focused = true;
    }

    fn unfocus(&mut self) {
        self.focused = false;
    }
}

/// What a key does to a focused control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyAction {
    Press,
    Back,
    Forward,
}

fn key_action(key: &Key, modifiers: keyboard::Modifiers) -> Option<KeyAction> {
    // Modified keys are shortcuts (Alt+Down moves between conversations), not presses.
    if !modifiers.is_empty() {
        return None;
    }
    match key.as_ref() {
        Key::Named(Named::Enter | Named::Space) => Some(KeyAction::Press),
        Key::Character(" ") => Some(KeyAction::Press),
        Key::Named(Named::ArrowUp | Named::ArrowLeft) => Some(KeyAction::Back),
        Key::Named(Named::ArrowDown | Named::ArrowRight) => Some(KeyAction::Forward),
        _ => None,
    }
}

impl<'a, Message: Clone> Widget<Message, Theme, iced::Renderer> for Focusable<'a, Message> {
    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::default())
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.content.as_widget().size_hint()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let child = self
            .content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits);
        layout::Node::with_children(child.size(), vec![child])
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        let state = tree.state.downcast_mut::<State>();
        if self.enabled {
            operation.focusable(None, layout.bounds(), state);
        } else {
            state.focused = false;
        }
        operation.traverse(&mut |operation| {
            self.content.as_widget_mut().operate(
                &mut tree.children[0],
                child(layout),
                renderer,
                operation,
            );
        });
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let state = tree.state.downcast_mut::<State>();
        match event {
            // A mouse user needs no ring; a click anywhere ends keyboard focus, as in a text field.
            Event::Mouse(mouse::Event::ButtonPressed(_)) if state.focused => {
                state.focused = false;
                shell.request_redraw();
            }
            Event::Keyboard(keyboard::Event::KeyPressed {
                key,
                modifiers,
                repeat,
                ..
            }) if state.focused && self.enabled => {
                let step = match key_action(key, *modifiers) {
                    Some(KeyAction::Press) => {
                        shell.capture_event();
                        if !repeat {
                            self.click(tree, layout, renderer, clipboard, shell, viewport);
                        }
                        return;
                    }
                    Some(KeyAction::Back) => self.back.clone(),
                    Some(KeyAction::Forward) => self.forward.clone(),
                    None => None,
                };
                // Without a neighbour the arrow goes on to the control (and to the App).
                if let Some(message) = step {
                    shell.capture_event();
                    shell.publish(message);
                    return;
                }
            }
            _ => {}
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            child(layout),
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            child(layout),
            cursor,
            viewport,
        );
        if tree.state.downcast_ref::<State>().focused {
            use iced::advanced::Renderer as _;
            // Inside the bounds: a scrollable or container around the control would clip it.
            renderer.fill_quad(
                renderer::Quad {
                    bounds: layout.bounds(),
                    border: Border {
                        color: theme.extended_palette().primary.strong.color,
                        width: RING,
                        radius: 6.0.into(),
                    },
                    ..renderer::Quad::default()
                },
                Color::TRANSPARENT,
            );
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            child(layout),
            cursor,
            viewport,
            renderer,
        )
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, iced::Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            child(layout),
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, Message: Clone> Focusable<'a, Message> {
    /// Presses and releases the left button at the control's centre, as a mouse click would.
    fn click(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let centre = mouse::Cursor::Available(layout.bounds().center());
        for event in [
            mouse::Event::ButtonPressed(mouse::Button::Left),
            mouse::Event::ButtonReleased(mouse::Button::Left),
        ] {
            // Each event its own shell, as each comes in its own frame: a control that
            // captured the press would otherwise see the release as taken already.
            let mut messages = Vec::new();
            let mut own = Shell::new(&mut messages);
            self.content.as_widget_mut().update(
                &mut tree.children[0],
                &Event::Mouse(event),
                child(layout),
                centre,
                renderer,
                clipboard,
                &mut own,
                viewport,
            );
            shell.merge(own, std::convert::identity);
        }
    }
}

fn child(layout: Layout<'_>) -> Layout<'_> {
    layout
        .children()
        .next()
        .expect("a focusable has its control as only child")
}

impl<'a, Message: Clone + 'a> From<Focusable<'a, Message>> for Element<'a, Message> {
    fn from(focusable: Focusable<'a, Message>) -> Self {
        Element::new(focusable)
    }
}

/// Space left between a revealed control and the edge of its scrollable.
const REVEAL_MARGIN: f32 = 12.0;

/// Tab: focus moves to the next control and its scrollable scrolls it into view.
pub fn next<T: Send + 'static>() -> iced::Task<T> {
    iced::widget::operation::focus_next().chain(reveal())
}

/// Shift+Tab: focus moves back, scrolled into view as for [`next`].
pub fn previous<T: Send + 'static>() -> iced::Task<T> {
    iced::widget::operation::focus_previous().chain(reveal())
}

fn reveal<T: Send + 'static>() -> iced::Task<T> {
    iced::advanced::widget::operate(revealing()).discard()
}

/// The operation behind [`next`] and [`previous`]' scrolling, for harnesses that run
/// operations themselves.
pub fn revealing() -> impl Operation + 'static {
    Reveal::default()
}

/// Scrolls the innermost scrollable around the focused control so the control shows.
/// iced's scrollables do not follow focus, and a settings page or a long list would
/// otherwise hide where Tab went. Three passes over the same interface: find the control
/// and its scrollable, scroll as for a top-anchored scrollable, then check: a
/// bottom-anchored one (the message list) counts its offset from the end, which the
/// operation cannot see beforehand.
#[derive(Debug, Default)]
struct Reveal {
    phase: Phase,
    /// Scrollables seen so far in this pass, in tree order.
    seen: usize,
    /// A scrollable just announced itself; its content is what traverse visits next.
    announced: Option<Viewport>,
    /// The scrollables around the widget being visited, innermost last.
    around: Vec<Viewport>,
}

#[derive(Debug, Default, Clone, Copy)]
enum Phase {
    #[default]
    Find,
    /// Found out of view: the next pass scrolls.
    Found {
        index: usize,
        translation: f32,
    },
    Scroll {
        index: usize,
        translation: f32,
    },
    Check {
        index: usize,
        translation: f32,
    },
    Done,
}

#[derive(Debug, Clone, Copy)]
struct Viewport {
    index: usize,
    bounds: Rectangle,
    translation: f32,
}

/// The vertical translation that shows `control` in `viewport`, when it does not show.
fn reveal_translation(viewport: &Viewport, control: Rectangle) -> Option<f32> {
    let top = viewport.bounds.y + viewport.translation;
    let bottom = top + viewport.bounds.height;
    if control.y < top || control.height + 2.0 * REVEAL_MARGIN > viewport.bounds.height {
        Some((control.y - viewport.bounds.y - REVEAL_MARGIN).max(0.0))
    } else if control.y + control.height > bottom {
        Some(
            control.y + control.height + REVEAL_MARGIN - viewport.bounds.y - viewport.bounds.height,
        )
    } else {
        None
    }
}

impl Operation for Reveal {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        let entered = self.announced.take();
        if let Some(viewport) = entered {
            self.around.push(viewport);
        }
        operate(self);
        if entered.is_some() {
            self.around.pop();
        }
    }

    fn container(&mut self, _id: Option<&widget::Id>, _bounds: Rectangle) {
        self.announced = None;
    }

    fn scrollable(
        &mut self,
        _id: Option<&widget::Id>,
        bounds: Rectangle,
        content_bounds: Rectangle,
        translation: Vector,
        state: &mut dyn widget::operation::Scrollable,
    ) {
        let index = self.seen;
        self.seen += 1;
        self.announced = Some(Viewport {
            index,
            bounds,
            translation: translation.y,
        });
        let to = |y: f32| iced::widget::scrollable::AbsoluteOffset {
            x: None,
            y: Some(y),
        };
        match self.phase {
            Phase::Scroll {
                index: wanted,
                translation: y,
            } if wanted == index => state.scroll_to(to(y)),
            Phase::Check {
                index: wanted,
                translation: y,
            } if wanted == index && (translation.y - y).abs() > 1.0 => {
                let end = (content_bounds.height - bounds.height).max(0.0);
                state.scroll_to(to(end - y));
            }
            _ => {}
        }
    }

    fn focusable(
        &mut self,
        _id: Option<&widget::Id>,
        bounds: Rectangle,
        state: &mut dyn widget::operation::Focusable,
    ) {
        self.announced = None;
        if !matches!(self.phase, Phase::Find) || !state.is_focused() {
            return;
        }
        let found = self.around.last().and_then(|viewport| {
            reveal_translation(viewport, bounds).map(|translation| (viewport.index, translation))
        });
        self.phase = match found {
            Some((index, translation)) => Phase::Found { index, translation },
            None => Phase::Done,
        };
    }

    fn text(&mut self, _id: Option<&widget::Id>, _bounds: Rectangle, _text: &str) {
        self.announced = None;
    }

    fn finish(&self) -> widget::operation::Outcome<()> {
        let next = match self.phase {
            Phase::Found { index, translation } => Phase::Scroll { index, translation },
            Phase::Scroll { index, translation } => Phase::Check { index, translation },
            _ => return widget::operation::Outcome::None,
        };
        widget::operation::Outcome::Chain(Box::new(Reveal {
            phase: next,
            ..Reveal::default()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_and_space_press_arrows_step_and_modified_keys_do_neither() {
        let none = keyboard::Modifiers::empty();
        assert_eq!(
            key_action(&Key::Named(Named::Enter), none),
            Some(KeyAction::Press)
        );
        assert_eq!(
            key_action(&Key::Named(Named::Space), none),
            Some(KeyAction::Press)
        );
        assert_eq!(
            key_action(&Key::Character(" ".into()), none),
            Some(KeyAction::Press)
        );
        assert_eq!(
            key_action(&Key::Named(Named::ArrowUp), none),
            Some(KeyAction::Back)
        );
        assert_eq!(
            key_action(&Key::Named(Named::ArrowRight), none),
            Some(KeyAction::Forward)
        );
        assert_eq!(
            key_action(&Key::Named(Named::ArrowDown), keyboard::Modifiers::ALT),
            None
        );
        assert_eq!(
            key_action(&Key::Named(Named::Enter), keyboard::Modifiers::CTRL),
            None
        );
        assert_eq!(key_action(&Key::Character("a".into()), none), None);
    }

    #[test]
    fn a_control_out_of_its_scrollables_view_is_scrolled_to_with_a_margin() {
        // 400 high, scrolled down by 100: content from 100 to 500 shows.
        let viewport = Viewport {
            index: 0,
            bounds: Rectangle::new(iced::Point::new(0.0, 0.0), Size::new(300.0, 400.0)),
            translation: 100.0,
        };
        let at =
            |y: f32, height: f32| Rectangle::new(iced::Point::new(0.0, y), Size::new(50.0, height));
        assert_eq!(reveal_translation(&viewport, at(200.0, 30.0)), None);
        // Below: its bottom edge comes up to the margin above the bottom.
        assert_eq!(reveal_translation(&viewport, at(600.0, 30.0)), Some(242.0));
        // Above, or taller than the view: its top comes to the margin below the top.
        assert_eq!(reveal_translation(&viewport, at(40.0, 30.0)), Some(28.0));
        assert_eq!(reveal_translation(&viewport, at(5.0, 30.0)), Some(0.0));
        assert_eq!(reveal_translation(&viewport, at(150.0, 390.0)), Some(138.0));
    }
}
