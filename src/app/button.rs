//! The app's button: iced's button, reachable by keyboard.
//!
//! Views import `button` from here instead of `iced::widget`, so `button(...)` and the style
//! functions (`button::secondary`, ...) read as before while every button joins the Tab order
//! (see [`super::focus`]).

use iced::widget::button as iced_button;
use iced::{Element, Length, Padding, Theme};

pub use iced::widget::button::{Status, Style, danger, primary, secondary, success, text};

use super::focus;

/// A button under construction; it becomes an [`Element`] that Tab reaches while enabled.
pub struct Button<'a, Message> {
    inner: iced_button::Button<'a, Message>,
    enabled: bool,
    back: Option<Message>,
    forward: Option<Message>,
}

/// A button showing `content`, disabled until it gets a message to publish.
pub fn button<'a, Message: Clone + 'a>(
    content: impl Into<Element<'a, Message>>,
) -> Button<'a, Message> {
    Button {
        inner: iced_button(content),
        enabled: false,
        back: None,
        forward: None,
    }
}

impl<'a, Message: Clone + 'a> Button<'a, Message> {
    pub fn on_press(self, message: Message) -> Self {
        Button {
            inner: self.inner.on_press(message),
            enabled: true,
            ..self
        }
    }

    pub fn on_press_maybe(self, message: Option<Message>) -> Self {
        Button {
            enabled: message.is_some(),
            inner: self.inner.on_press_maybe(message),
            ..self
        }
    }

    /// What the arrow keys publish while the button has focus (a player's seek).
    pub fn stepping(self, back: Option<Message>, forward: Option<Message>) -> Self {
        Button {
            back,
            forward,
            ..self
        }
    }

    pub fn width(self, width: impl Into<Length>) -> Self {
        self.map(|inner| inner.width(width))
    }

    pub fn height(self, height: impl Into<Length>) -> Self {
        self.map(|inner| inner.height(height))
    }

    pub fn padding(self, padding: impl Into<Padding>) -> Self {
        self.map(|inner| inner.padding(padding))
    }

    pub fn style(self, style: impl Fn(&Theme, Status) -> Style + 'a) -> Self {
        self.map(|inner| inner.style(style))
    }

    fn map(
        self,
        change: impl FnOnce(iced_button::Button<'a, Message>) -> iced_button::Button<'a, Message>,
    ) -> Self {
        Button {
            inner: change(self.inner),
            ..self
        }
    }
}

impl<'a, Message: Clone + 'a> From<Button<'a, Message>> for Element<'a, Message> {
    fn from(button: Button<'a, Message>) -> Self {
        focus::focusable(button.inner)
            .enabled(button.enabled)
            .stepping(button.back, button.forward)
            .into()
    }
}
