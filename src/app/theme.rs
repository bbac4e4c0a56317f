//! Look and feel shared by every screen: the bundled fonts, colours from names (XEP-0392),
//! avatars, presence dots and the few styles iced does not ship.

use iced::widget::{container, image, text};
use iced::{Border, Color, Element, Font, Length, Theme, font};

use crate::core::{Show, color};

/// The interface font, bundled so text looks the same everywhere (resources/fonts).
pub const UI: Font = Font::with_name("Inter");
pub const UI_BOLD: Font = Font {
    weight: font::Weight::Semibold,
    ..UI
};
pub const UI_ITALIC: Font = Font {
    style: font::Style::Italic,
    ..UI
};
/// Emoji are drawn with this font even where the system has its own, so both sides of a
/// conversation see the same picture.
pub const EMOJI: Font = Font::with_name("Twemoji Mozilla");

/// The font files handed to iced at start.
pub fn fonts() -> [&'static [u8]; 4] {
    [
        include_bytes!("../../resources/fonts/Inter-Regular.otf"),
        include_bytes!("../../resources/fonts/Inter-SemiBold.otf"),
        include_bytes!("../../resources/fonts/Inter-Italic.otf"),
        include_bytes!("../../resources/fonts/TwemojiMozilla.ttf"),
    ]
}

/// The XEP-0392 colour of a name, as iced wants it.
pub fn name_color(identifier: &str) -> Color {
    let c = color::of(identifier);
    Color::from_rgb(c.red, c.green, c.blue)
}

/// A round picture: the contact's avatar, or their initial on their colour.
pub fn avatar<'a, M: 'a>(
    identifier: &str,
    title: &str,
    picture: Option<&image::Handle>,
    size: f32,
) -> Element<'a, M> {
    if let Some(handle) = picture {
        return container(
            image(handle.clone())
                .width(size)
                .height(size)
                .border_radius(size / 2.0),
        )
        .into();
    }
    let initial: String = title
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".into());
    let background = name_color(identifier);
    container(
        text(initial)
            .size(size * 0.45)
            .font(UI_BOLD)
            .color(Color::WHITE),
    )
    .center(Length::Fixed(size))
    .style(move |_: &Theme| container::Style {
        background: Some(background.into()),
        border: Border::default().rounded(size / 2.0),
        ..container::Style::default()
    })
    .into()
}

/// A small dot for a contact's availability; nothing when they are offline.
pub fn presence_dot<'a, M: 'a>(show: Option<Show>) -> Option<Element<'a, M>> {
    let color = match show? {
        Show::Chat | Show::Available => Color::from_rgb8(0x2e, 0xb8, 0x5c),
        Show::Away => Color::from_rgb8(0xf0, 0xa0, 0x20),
        Show::ExtendedAway => Color::from_rgb8(0xb0, 0x80, 0x30),
        Show::DoNotDisturb => Color::from_rgb8(0xd9, 0x3a, 0x3a),
    };
    Some(
        container(iced::widget::space())
            .width(10)
            .height(10)
            .style(move |theme: &Theme| container::Style {
                background: Some(color.into()),
                border: Border {
                    radius: 5.0.into(),
                    width: 1.5,
                    color: theme.palette().background,
                },
                ..container::Style::default()
            })
            .into(),
    )
}

/// Secondary text on a primary-coloured background (own bubbles, the selected chat).
pub fn on_primary(theme: &Theme) -> text::Style {
    let on = theme.extended_palette().primary.base.text;
    text::Style {
        color: Some(on.scale_alpha(0.8)),
    }
}

/// A thin bar in an account's colour, shown beside its conversations when there are several.
pub fn account_marker<'a, M: 'a>(identifier: &str) -> Element<'a, M> {
    let color = name_color(identifier);
    container(iced::widget::space())
        .width(3)
        .height(Length::Fill)
        .style(move |_: &Theme| container::Style {
            background: Some(color.into()),
            border: Border::default().rounded(2),
            ..container::Style::default()
        })
        .into()
}
