//! Files in the conversation view: the card a message with a file shows (a picture's
//! preview, or its name and size with Download or Show in folder), transfers in progress,
//! and pictures decoded off the interface thread with explicit size and memory limits.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use iced::widget::{column, container, image, progress_bar, row, svg, text};

use crate::app::button::{self, button};
use iced::{Alignment, Element, Length, Task, Theme};

use super::Message;
use crate::core::{
    Attachment, CachedFile, Direction, Message as Stored, MessageId, Transfer, TransferId,
    TransferState,
};
use crate::fl;

/// The longest side of a preview, in pixels (twice what is shown, for sharp HiDPI).
const PREVIEW_SIDE: u32 = 640;
/// The largest file downloaded on request.
pub const MAX_ASKED: u64 = 2 * 1024 * 1024 * 1024;
/// How a preview is shown.
const SHOWN_SIDE: f32 = 320.0;

pub const ATTACH: &[u8] = include_bytes!("../../../resources/icons/attach.svg");
const FILE: &[u8] = include_bytes!("../../../resources/icons/file.svg");

/// One of our stroke icons in the text colour (on a primary bubble, its text colour).
pub fn icon<'a>(bytes: &'static [u8], side: f32, on_primary: bool) -> Element<'a, Message> {
    svg(svg::Handle::from_memory(bytes))
        .width(side)
        .height(side)
        .style(move |theme: &Theme, _| {
            let palette = theme.extended_palette();
            let color = if on_primary {
                palette.primary.base.text
            } else {
                palette.background.base.text.scale_alpha(0.75)
            };
            svg::Style { color: Some(color) }
        })
        .into()
}

/// Where the window reads a file from: the sealed copy it downloaded, or a plain one (saved,
/// or ours as sent).
#[derive(Debug, Clone)]
pub enum Source {
    Sealed {
        media_dir: PathBuf,
        file: CachedFile,
    },
    Plain(PathBuf),
}

impl Source {
    pub fn of(a: &Attachment, media_dir: &Path) -> Option<Source> {
        match (&a.cached, &a.local_path) {
            (Some(file), _) => Some(Source::Sealed {
                media_dir: media_dir.to_path_buf(),
                file: file.clone(),
            }),
            (None, Some(path)) => Some(Source::Plain(path.clone())),
            (None, None) => None,
        }
    }

    /// The file's bytes. Blocking: run off the interface thread.
    pub fn read(&self) -> Result<Vec<u8>, String> {
        match self {
            Source::Sealed { media_dir, file } => {
                crate::media::cache::open(media_dir, file).map_err(|e| e.message)
            }
            Source::Plain(path) => std::fs::read(path).map_err(|e| e.to_string()),
        }
    }
}

/// A picture's preview as the view knows it.
#[derive(Debug, Clone)]
pub enum Preview {
    Loading,
    Ready(image::Handle),
    /// An animated GIF, playing while the conversation is open.
    Animated(std::sync::Arc<Animation>),
    /// Broken, too large or not a picture: the file card stands in.
    Unavailable,
}

/// An animation's frames, each with how long it shows.
#[derive(Debug)]
pub struct Animation {
    pub frames: Vec<(image::Handle, std::time::Duration)>,
    pub length: std::time::Duration,
}

impl Animation {
    /// The frame to show `elapsed` after the animation began (it loops).
    pub fn at(&self, elapsed: std::time::Duration) -> &image::Handle {
        let length = self.length.as_millis().max(1);
        let mut left = elapsed.as_millis() % length;
        for (frame, delay) in &self.frames {
            if left < delay.as_millis() {
                return frame;
            }
            left -= delay.as_millis();
        }
        &self.frames[0].0
    }
}

/// What an upload is made from: a file the user chose, or a voice note recorded into memory
/// (never written out: in an encrypted chat it exists in plain text nowhere else).
#[derive(Debug, Clone)]
pub struct UploadFrom {
    /// The chosen file, or for a recording only its name (which gives the type).
    pub path: PathBuf,
    pub recorded: Option<crate::core::FileBytes>,
}

/// Files of the open conversation: previews by message, transfers by id.
#[derive(Debug, Default)]
pub struct Files {
    pub previews: HashMap<MessageId, Preview>,
    pub transfers: HashMap<TransferId, Transfer>,
    /// The picture shown full size, to zoom into.
    pub viewer: Option<(MessageId, image::Handle)>,
    /// What each upload of this run was made from, to try a failed one again.
    pub sources: HashMap<TransferId, UploadFrom>,
    /// How long animations have played: their clock, moved by ticks while one is shown.
    pub playing_for: std::time::Duration,
}

impl Files {
    /// Starts decoding previews of the downloaded pictures among `messages` not yet seen.
    pub fn load_previews(&mut self, messages: &[Stored], media_dir: &Path) -> Task<Message> {
        let mut tasks = Vec::new();
        for m in messages {
            let Some(a) = m.attachment.as_ref().filter(|a| is_picture(a)) else {
                continue;
            };
            let Some(source) = Source::of(a, media_dir) else {
                continue;
            };
            if self.previews.contains_key(&m.id) || m.retracted {
                continue;
            }
            self.previews.insert(m.id, Preview::Loading);
            let id = m.id;
            tasks.push(Task::perform(preview(source), move |p| {
                Message::Preview(id, p)
            }));
        }
        Task::batch(tasks)
    }

    /// Whether an animation is among the previews (the view then needs ticks).
    pub fn animating(&self) -> bool {
        self.previews
            .values()
            .any(|p| matches!(p, Preview::Animated(_)))
    }

    /// The transfer that moves `message`'s file, if one runs.
    fn transfer_of(&self, message: MessageId) -> Option<&Transfer> {
        self.transfers.values().find(|t| {
            t.message == Some(message) && matches!(t.state, TransferState::Running { .. })
        })
    }

    /// Uploads to `peer` still running (they have no message yet).
    pub fn uploads_to<'a>(
        &'a self,
        peer: &'a crate::core::BareJid,
        private: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Transfer> {
        let mut list: Vec<&Transfer> = self
            .transfers
            .values()
            .filter(move |t| {
                t.direction == Direction::Out
                    && &t.peer == peer
                    && t.private.as_deref() == private
                    && t.message.is_none()
            })
            .collect();
        list.sort_by_key(|t| t.id);
        list.into_iter()
    }
}

fn is_picture(a: &Attachment) -> bool {
    matches!(
        a.media_type.as_deref(),
        Some("image/jpeg" | "image/png" | "image/gif" | "image/webp")
    )
}

/// Whether a file is one the window shows or plays (downloaded into the sealed cache), and
/// that downloads by itself when small enough (Settings, Downloads): pictures and voice
/// notes, as other messengers do. Other files are saved to the download folder.
pub fn downloads_by_itself(a: &Attachment) -> bool {
    a.media_type
        .as_deref()
        .is_some_and(|t| t.starts_with("image/") || t.starts_with("audio/"))
}

/// The longer side of a photo sent smaller (Settings, Photos), as Signal's standard quality.
pub const PHOTO_SIDE: u32 = 2048;

/// A file to send from an account.
#[derive(Debug, Clone)]
pub struct Ready {
    pub account: crate::core::AccountId,
    pub file: crate::core::OutgoingFile,
}

/// Whether a file is a photo that may be sent smaller: a JPEG (screenshots, PNG, keep every
/// pixel).
pub fn is_photo(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    crate::media::media_type(&name) == "image/jpeg"
}

/// Makes a photo at most PHOTO_SIDE on its longer side, off the interface thread; one that
/// is small already, or cannot be read here, goes as it is (the session reports a file it
/// cannot read).
pub fn reduce_photo(ready: Ready) -> Task<Message> {
    let unchanged = ready.clone();
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || reduced(ready))
                .await
                .unwrap_or_else(|_| Box::new(unchanged))
        },
        Message::PhotoReady,
    )
}

/// `ready` with its photo made smaller when it is large. Blocking.
fn reduced(mut ready: Ready) -> Box<Ready> {
    let smaller = std::fs::read(&ready.file.path).ok().and_then(|data| {
        crate::media::picture::reduce(&data, PHOTO_SIDE)
            .ok()
            .flatten()
    });
    ready.file.contents = smaller.map(|bytes| crate::core::FileBytes(std::sync::Arc::new(bytes)));
    Box::new(ready)
}

/// Where downloads go (Settings, Downloads).
pub fn download_folder(prefs: &crate::app::preferences::Preferences) -> PathBuf {
    prefs.downloads_dir()
}

/// The picture on the clipboard, saved as `Pasted picture <time>.png` in `folder`; None when
/// the clipboard holds none (text, or nothing). Blocking: an X11 clipboard owner may take a
/// while to answer.
pub fn pasted_picture(folder: &Path) -> Option<PathBuf> {
    let mut clipboard = arboard::Clipboard::new().ok()?;
    // Text (perhaps offered beside a picture) goes into the composer instead.
    if clipboard.get_text().is_ok_and(|t| !t.trim().is_empty()) {
        return None;
    }
    let picture = clipboard.get_image().ok()?;
    let (width, height) = (
        u32::try_from(picture.width).ok()?,
        u32::try_from(picture.height).ok()?,
    );
    let pixels = ::image::RgbaImage::from_raw(width, height, picture.bytes.into_owned())?;
    std::fs::create_dir_all(folder).ok()?;
    let stamp = chrono::Local::now().format("%Y-%m-%d %H.%M.%S");
    let name = crate::media::name::sanitize(&format!("{} {stamp}.png", fl!("file-pasted")));
    let path = crate::media::name::free_path(folder, &name);
    match pixels.save_with_format(&path, ::image::ImageFormat::Png) {
        Ok(()) => Some(path),
        Err(e) => {
            tracing::warn!("cannot save the pasted picture: {e}");
            None
        }
    }
}

/// Reads, orients (EXIF) and shrinks a picture, or an animation's frames, on a blocking
/// thread.
async fn preview(source: Source) -> Result<Preview, String> {
    tokio::task::spawn_blocking(move || {
        let data = source.read()?;
        // Frames at the shown size: an animation holds many.
        let frames =
            crate::media::picture::animation(&data, SHOWN_SIDE as u32).map_err(|e| e.message)?;
        let Some(frames) = frames else {
            return decode(&data).map(Preview::Ready);
        };
        let length = frames.iter().map(|f| f.delay).sum();
        let frames = frames
            .into_iter()
            .map(|f| {
                let p = f.picture;
                (image::Handle::from_rgba(p.width, p.height, p.rgba), f.delay)
            })
            .collect();
        Ok(Preview::Animated(std::sync::Arc::new(Animation {
            frames,
            length,
        })))
    })
    .await
    .map_err(|e| e.to_string())?
}

fn decode(data: &[u8]) -> Result<image::Handle, String> {
    decode_at(data, PREVIEW_SIDE)
}

fn decode_at(data: &[u8], side: u32) -> Result<image::Handle, String> {
    let small = crate::media::picture::preview(data, side).map_err(|e| e.message)?;
    Ok(image::Handle::from_rgba(
        small.width,
        small.height,
        small.rgba,
    ))
}

/// The longest side of the full-size view: sharp on a 4K screen, 64 MB of pixels at most.
const FULL_SIDE: u32 = 4096;

/// Decodes a picture for the full-size view, off the interface thread.
pub fn open_full(id: MessageId, source: Source) -> Task<Message> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || decode_at(&source.read()?, FULL_SIDE))
                .await
                .map_err(|e| e.to_string())?
        },
        move |decoded| Message::PictureOpened(id, decoded),
    )
}

/// Show in folder for a file saved, Save for one only in the cache.
fn keep_button<'a>(id: MessageId, a: &Attachment) -> Element<'a, Message> {
    let (label, message) = match a.local_path {
        Some(_) => (fl!("file-show"), Message::ShowFile(id)),
        None => (fl!("file-save"), Message::Save(id)),
    };
    button(text(label).size(13))
        .style(button::secondary)
        .padding([4, 10])
        .on_press(message)
        .into()
}

/// A picture over the whole conversation pane: scroll to zoom, drag to move.
pub fn viewer_view<'a>(
    id: MessageId,
    handle: &'a image::Handle,
    a: &'a Attachment,
) -> Element<'a, Message> {
    let bar = row![
        text(a.name.as_str()).size(14).width(Length::Fill),
        keep_button(id, a),
        button(text(fl!("viewer-close")).size(13))
            .style(button::secondary)
            .on_press(Message::ClosePicture),
    ]
    .spacing(8)
    .padding([8, 12])
    .align_y(Alignment::Center);
    let picture = image::viewer(handle.clone())
        .width(Length::Fill)
        .height(Length::Fill)
        .min_scale(0.25)
        .max_scale(8.0);
    container(column![bar, picture])
        .width(Length::Fill)
        .height(Length::Fill)
        .style(|theme: &Theme| {
            container::Style::default().background(theme.extended_palette().background.weak.color)
        })
        .into()
}

/// What a message with a file shows in its bubble.
pub fn card<'a>(m: &'a Stored, a: &'a Attachment, files: &'a Files) -> Element<'a, Message> {
    let outgoing = m.direction == Direction::Out;
    let shown = match files.previews.get(&m.id) {
        Some(Preview::Ready(handle)) => Some(handle),
        Some(Preview::Animated(animation)) => Some(animation.at(files.playing_for)),
        // Being decoded: a quiet frame where the picture will be, not the file's buttons.
        Some(Preview::Loading) => {
            return container(text("…").size(20).style(text::secondary))
                .center_x(Length::Fixed(SHOWN_SIDE * 0.75))
                .center_y(Length::Fixed(SHOWN_SIDE * 0.5))
                .style(container::rounded_box)
                .into();
        }
        _ => None,
    };
    if let Some(handle) = shown {
        let picture = image(handle.clone())
            .width(Length::Shrink)
            .height(Length::Shrink)
            .content_fit(iced::ContentFit::ScaleDown);
        let picture = container(picture)
            .max_width(SHOWN_SIDE)
            .max_height(SHOWN_SIDE);
        return button(picture)
            .style(button::text)
            .padding(0)
            .on_press(Message::OpenPicture(m.id))
            .into();
    }
    let size = a
        .size
        .map(crate::media::http::size_text)
        .unwrap_or_default();
    let details = column![
        text(a.name.as_str()).size(14),
        text(size).size(12).style(if outgoing {
            super::theme::on_primary
        } else {
            text::secondary
        }),
    ]
    .spacing(2)
    .width(Length::Fill);
    let here = a.local_path.is_some() || a.cached.is_some();
    let action: Element<'a, Message> = match (files.transfer_of(m.id), here) {
        (Some(t), _) => transfer_line(t),
        (None, true) => keep_button(m.id, a),
        // Theirs, or ours sent from another device.
        (None, false) => button(text(fl!("file-download")).size(13))
            .style(button::secondary)
            .padding([4, 10])
            .on_press(Message::Download(m.id))
            .into(),
    };
    row![icon(FILE, 28.0, outgoing), details, action]
        .spacing(10)
        .align_y(Alignment::Center)
        .width(Length::Fixed(300.0))
        .into()
}

/// A transfer's bar and its Cancel button; a failed upload's reason, Retry and Dismiss.
pub fn transfer_line(t: &Transfer) -> Element<'_, Message> {
    if let TransferState::Failed { reason } = &t.state {
        let said = fl!(
            "file-failed",
            name = t.name.as_str(),
            reason = reason.as_str()
        );
        return row![
            text(said).size(12).style(text::danger).width(Length::Fill),
            button(text(fl!("chat-retry")).size(12))
                .style(button::secondary)
                .padding([2, 8])
                .on_press(Message::RetryUpload(t.id)),
            button(text(fl!("viewer-close")).size(12))
                .style(button::text)
                .padding([2, 8])
                .on_press(Message::DismissUpload(t.id)),
        ]
        .spacing(6)
        .align_y(Alignment::Center)
        .into();
    }
    let (done, total) = match t.state {
        TransferState::Running { done, total } => (done, total),
        _ => (0, 0),
    };
    let fraction = if total == 0 {
        0.0
    } else {
        done as f32 / total as f32
    };
    let percent = (fraction * 100.0).round() as i64;
    let label = match t.direction {
        Direction::Out => fl!("file-sending", name = t.name.as_str(), percent = percent),
        Direction::In => fl!("file-downloading", percent = percent),
    };
    column![
        row![
            text(label).size(12).width(Length::Fill),
            button(text(fl!("file-cancel")).size(12))
                .style(button::text)
                .padding([0, 6])
                .on_press(Message::CancelTransfer(t.id)),
        ]
        .align_y(Alignment::Center),
        progress_bar(0.0..=1.0, fraction).girth(4),
    ]
    .spacing(2)
    .width(Length::Fixed(220.0))
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_previewed_small_and_bombs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("photo.png");
        ::image::RgbaImage::from_pixel(2000, 1000, ::image::Rgba([200, 10, 10, 255]))
            .save(&photo)
            .unwrap();
        let handle = decode(&std::fs::read(&photo).unwrap()).unwrap();
        match handle {
            image::Handle::Rgba { width, height, .. } => assert_eq!((width, height), (640, 320)),
            other => panic!("not decoded to pixels: {other:?}"),
        }

        // A PNG header declaring 100,000 × 100,000 pixels, and nothing after.
        let mut header = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        header.extend_from_slice(&100_000u32.to_be_bytes());
        header.extend_from_slice(&100_000u32.to_be_bytes());
        header.extend_from_slice(&[8, 6, 0, 0, 0]);
        let crc = crc32(&header[12..]);
        header.extend_from_slice(&crc.to_be_bytes());
        let started = std::time::Instant::now();
        assert!(decode(&header).is_err());
        assert!(started.elapsed() < std::time::Duration::from_secs(1));

        // Cut off half-way.
        let whole = std::fs::read(&photo).unwrap();
        assert!(decode(&whole[..whole.len() / 2]).is_err());
        assert!(decode(b"not a picture at all").is_err());
    }

    #[test]
    fn large_photos_go_smaller_and_others_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("IMG_0001.JPG");
        ::image::RgbImage::from_pixel(3000, 2000, ::image::Rgb([10, 120, 200]))
            .save(&photo)
            .unwrap();
        assert!(is_photo(&photo));
        assert!(!is_photo(Path::new("screenshot.png")));
        let ready = |path: &Path| Ready {
            account: crate::core::AccountId(1),
            file: crate::core::OutgoingFile {
                id: crate::core::TransferId::next(),
                to: "bob@example.org".parse().unwrap(),
                private: None,
                path: path.to_path_buf(),
                keep_metadata: false,
                contents: None,
            },
        };
        let smaller = reduced(ready(&photo)).file.contents.expect("made smaller");
        let shown = crate::media::picture::preview(&smaller.0, 4096).unwrap();
        assert_eq!((shown.width, shown.height), (2048, 1365));
        // One that cannot be read goes as it is, for the session to say why.
        let missing = reduced(ready(&dir.path().join("gone.jpg")));
        assert_eq!(missing.file.contents, None);
    }

    #[test]
    fn an_animation_shows_each_frame_for_its_delay_and_loops() {
        use std::time::Duration;
        let frame = |shade| image::Handle::from_rgba(1, 1, vec![shade, 0, 0, 255]);
        let (a, b) = (frame(1), frame(2));
        let animation = Animation {
            frames: vec![
                (a.clone(), Duration::from_millis(100)),
                (b.clone(), Duration::from_millis(50)),
            ],
            length: Duration::from_millis(150),
        };
        let at = |ms| animation.at(Duration::from_millis(ms)).id();
        assert_eq!(at(0), a.id());
        assert_eq!(at(99), a.id());
        assert_eq!(at(100), b.id());
        assert_eq!(at(149), b.id());
        assert_eq!(at(150), a.id(), "it loops");

        let mut files = Files::default();
        assert!(!files.animating());
        files.previews.insert(
            MessageId(1),
            Preview::Animated(std::sync::Arc::new(animation)),
        );
        assert!(files.animating(), "a GIF shown needs ticks");
    }

    /// PNG's CRC-32 (the chunk checksum), so the bomb's header is well formed.
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for byte in data {
            crc ^= *byte as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
