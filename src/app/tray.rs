//! The window's side of the tray icon (platform::tray): its words and picture, and the stream
//! that starts it and then carries its clicks.

use futures::{Stream, StreamExt};

use crate::fl;
use crate::platform::tray::{Labels, Picture, Shown, Tray, TrayEvent};

/// What the tray reports to the App.
#[derive(Debug, Clone)]
pub enum Update {
    /// The icon is in the tray, or why there is none (said once, in the log).
    Started(Result<Tray, String>),
    Event(TrayEvent),
}

/// Starts the icon showing `shown`; the stream then yields the user's clicks until the end.
pub fn start(shown: Shown) -> impl Stream<Item = Update> + Send + 'static {
    futures::stream::once(Tray::start(labels(), picture(), shown)).flat_map(|started| match started
    {
        Ok((tray, events)) => futures::stream::once(async { Update::Started(Ok(tray)) })
            .chain(events.map(Update::Event))
            .boxed(),
        Err(e) => futures::stream::once(async move { Update::Started(Err(e.to_string())) }).boxed(),
    })
}

fn labels() -> Labels {
    Labels {
        show: fl!("tray-show"),
        hide: fl!("tray-hide"),
        mute: fl!("tray-mute"),
        quit: fl!("tray-quit"),
        unread: |n| (n > 0).then(|| fl!("tray-unread", count = n)),
    }
}

/// The application icon at the size panels draw (they scale it to their height).
fn picture() -> Picture {
    const PNG: &[u8] =
        include_bytes!("../../packaging/linux/icons/hicolor/32x32/apps/im.tidings.Tidings.png");
    let rgba = ::image::load_from_memory_with_format(PNG, ::image::ImageFormat::Png)
        .map(|p| p.to_rgba8())
        .unwrap_or_else(|_| ::image::RgbaImage::new(32, 32));
    Picture {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tray_picture_is_the_application_icon() {
        let p = picture();
        assert_eq!((p.width, p.height), (32, 32));
        assert_eq!(p.rgba.len(), 32 * 32 * 4);
        assert!(
            p.rgba.chunks(4).any(|px| px[3] == 0xFF),
            "the icon is not blank"
        );
    }
}
