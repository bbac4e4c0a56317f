//! OMEMO trust in the window: a contact's keys (Contacts), our own key (Settings) and the lock
//! in a conversation's header (Chats). What a pasted or scanned code verifies, what a trust
//! button writes and whether a conversation is encrypted are pure functions, tested below;
//! the screens show them and hand the writes to the App.

use iced::widget::{column, container, qr_code, row, text};
use iced::{Alignment, Color, Element, Font, Length, Theme};

use std::collections::BTreeMap;

use crate::core::uri::{self, OmemoFingerprint, UriAction, UriError, XmppUri};
use crate::core::{BareJid, Device, Encryption, OmemoNamespace, Trust, fingerprint_blocks};
use crate::fl;

/// One trust decision for the store: this key of this contact gets this trust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustWrite {
    pub jid: BareJid,
    pub fingerprint: String,
    pub trust: Trust,
}

/// One device as people see it: the store lists it once per namespace, shown once here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub id: u32,
    pub fingerprint: Option<String>,
    pub label: Option<String>,
    pub legacy: bool,
    pub v2: bool,
    pub active: bool,
    pub trust: Trust,
}

/// The devices of one owner, one entry per device id and key, active ones first.
pub fn keys(devices: &[Device]) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::new();
    for d in devices {
        let same = keys
            .iter_mut()
            .find(|k| k.id == d.id && k.fingerprint == d.fingerprint);
        let key = match same {
            Some(k) => k,
            None => {
                keys.push(Key {
                    id: d.id,
                    fingerprint: d.fingerprint.clone(),
                    label: None,
                    legacy: false,
                    v2: false,
                    active: false,
                    trust: d.trust,
                });
                keys.last_mut().expect("just pushed")
            }
        };
        match d.namespace {
            OmemoNamespace::Legacy => key.legacy = true,
            OmemoNamespace::V2 => key.v2 = true,
        }
        key.active |= d.active;
        if key.label.is_none() {
            key.label = d.label.clone();
        }
    }
    keys.sort_by_key(|k| !k.active);
    keys
}

/// What a trust button writes: only a key the contact really has.
pub fn trust_write(
    contact: &BareJid,
    devices: &[Device],
    fingerprint: &str,
    trust: Trust,
) -> Option<TrustWrite> {
    devices
        .iter()
        .any(|d| d.fingerprint.as_deref() == Some(fingerprint))
        .then(|| TrustWrite {
            jid: contact.clone(),
            fingerprint: fingerprint.to_string(),
            trust,
        })
}

/// What a verification code (an `xmpp:` link with `omemo-sid-` keys) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The keys it matched, to be marked Verified.
    pub writes: Vec<TrustWrite>,
    /// Keys of the code that match no key known here yet (a device we have not seen).
    pub unknown: usize,
}

/// Why a code changed nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    Link(UriError),
    /// A valid link, but without keys.
    NoKeys,
    /// The code is someone else's.
    OtherAddress(BareJid),
    /// A device we know uses another key than the code says: somebody is in between, or the
    /// code is old. Nothing is verified, not even the keys that match.
    Mismatch {
        device: u32,
    },
    /// None of the code's keys is one of the contact's.
    NoMatch,
}

/// Checks a pasted or scanned code against the contact's keys. Every key of the code that
/// the contact has becomes Verified; any disagreement refuses the whole code.
pub fn verify_code(
    input: &str,
    contact: &BareJid,
    devices: &[Device],
) -> Result<Verified, Refused> {
    let link = uri::parse(input).map_err(Refused::Link)?;
    let address = link.jid.to_bare();
    if &address != contact {
        return Err(Refused::OtherAddress(address));
    }
    let UriAction::Verify(entries) = link.action else {
        return Err(Refused::NoKeys);
    };
    let mut writes: Vec<TrustWrite> = Vec::new();
    let mut unknown = 0;
    for entry in &entries {
        let matches = |d: &Device| d.fingerprint.as_deref() == Some(entry.fingerprint.as_str());
        // The device the code names, when we know its key, must have the code's key.
        let named: Vec<&Device> = devices
            .iter()
            .filter(|d| d.id == entry.device && d.fingerprint.is_some())
            .collect();
        if !named.is_empty() && !named.iter().any(|d| matches(d)) {
            return Err(Refused::Mismatch {
                device: entry.device,
            });
        }
        if !devices.iter().any(matches) {
            unknown += 1;
        } else if !writes.iter().any(|w| w.fingerprint == entry.fingerprint) {
            writes.push(TrustWrite {
                jid: contact.clone(),
                fingerprint: entry.fingerprint.clone(),
                trust: Trust::Verified,
            });
        }
    }
    if writes.is_empty() {
        return Err(Refused::NoMatch);
    }
    Ok(Verified { writes, unknown })
}

/// The sentence for a refused code.
pub fn refused_text(refused: &Refused, name: &str) -> String {
    match refused {
        Refused::Link(e) => e.to_string(),
        Refused::NoKeys => fl!("security-no-keys-in-code"),
        Refused::OtherAddress(a) => fl!(
            "security-other-address",
            address = a.to_string(),
            name = name
        ),
        Refused::Mismatch { device } => fl!(
            "security-mismatch",
            device = device.to_string(),
            name = name
        ),
        Refused::NoMatch => fl!("security-no-match", name = name),
    }
}

/// The link Conversations and Dino scan to verify us: `xmpp:JID?omemo-sid-DEVICE=FINGERPRINT`.
pub fn own_link(jid: &BareJid, device: u32, fingerprint: &str) -> String {
    XmppUri {
        jid: jid.clone().into(),
        action: UriAction::Verify(vec![OmemoFingerprint {
            device,
            fingerprint: fingerprint.to_string(),
        }]),
    }
    .to_string()
}

/// What a conversation's header says about its encryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lock {
    pub encrypted: bool,
    /// A device of the contact has a key the user has not decided on (after verifying
    /// another one): nothing is encrypted to it until they do.
    pub undecided: bool,
}

pub fn lock(encryption: Encryption, devices: &[Device]) -> Lock {
    let usable = |d: &&Device| d.active && d.fingerprint.is_some();
    Lock {
        encrypted: match encryption {
            Encryption::On => true,
            Encryption::Off => false,
            Encryption::Automatic => devices.iter().filter(usable).any(|d| d.trust.encrypts()),
        },
        undecided: devices
            .iter()
            .filter(usable)
            .any(|d| d.trust == Trust::Undecided),
    }
}

/// Who a conversation's messages are encrypted to, for its encryption panel. Devices are
/// counted once whatever their namespaces, and only once their key is known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recipients {
    /// The contact's devices messages are encrypted to, by whether their key is verified.
    pub verified: usize,
    pub unverified: usize,
    /// The contact's devices left out: keys not decided on yet, or distrusted.
    pub left_out: usize,
    /// Our other devices messages are encrypted to.
    pub own: usize,
    /// Devices the next message goes to that our last one here did not, by id.
    pub new: Vec<u32>,
}

/// `sent_to` holds the devices our last encrypted message here went to (empty before one:
/// then nothing is new).
pub fn recipients(contact: &[Device], own: &[Device], sent_to: &[(BareJid, u32)]) -> Recipients {
    // One entry per device, whatever its namespaces.
    let known = |devices: &[Device]| {
        let mut by_device: BTreeMap<(BareJid, u32), Trust> = BTreeMap::new();
        for d in devices
            .iter()
            .filter(|d| d.active && d.fingerprint.is_some())
        {
            by_device.entry((d.jid.clone(), d.id)).or_insert(d.trust);
        }
        by_device
    };
    let is_new = |device: &(BareJid, u32)| !sent_to.is_empty() && !sent_to.contains(device);
    let mut r = Recipients::default();
    for (device, trust) in known(contact) {
        match trust {
            Trust::Verified => r.verified += 1,
            Trust::Blind => r.unverified += 1,
            Trust::Undecided | Trust::Distrusted => r.left_out += 1,
        }
        if trust.encrypts() && is_new(&device) {
            r.new.push(device.1);
        }
    }
    for (device, trust) in known(own) {
        if trust.encrypts() {
            r.own += 1;
            if is_new(&device) {
                r.new.push(device.1);
            }
        }
    }
    r
}

/// Largest image file read for a QR code.
const MAX_IMAGE_FILE: u64 = 32 * 1024 * 1024;

/// Reads the QR code in an image file, for a blocking thread.
pub fn read_qr_file(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let unreadable = |reason: String| fl!("security-image-unreadable", reason = reason);
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_IMAGE_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() as u64 > MAX_IMAGE_FILE {
        return Err(unreadable(fl!("security-image-too-large")));
    }
    read_qr(&bytes)
}

/// Reads the QR code in an image file's bytes: the text of the first code found. Decoded
/// with limits (security.md: images).
pub fn read_qr(bytes: &[u8]) -> Result<String, String> {
    let unreadable = |reason: String| fl!("security-image-unreadable", reason = reason);
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| unreadable(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(10_000);
    limits.max_image_height = Some(10_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| unreadable(e.to_string()))?;
    let grey = if picture.color().has_alpha() {
        let rgba = picture.into_rgba8();
        grey_on_white(rgba.width(), rgba.height(), rgba.as_raw())
    } else {
        picture.into_luma8()
    };
    decode_qr(grey)
}

/// Largest side of a picture read for a QR code from its pixels (the clipboard's).
pub const MAX_IMAGE_SIDE: usize = 8192;

/// Reads the QR code in RGBA pixels, four bytes a pixel row by row (as the clipboard gives
/// an image): the text of the first code found, as `read_qr` reads a file's.
pub fn read_qr_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<String, String> {
    let unreadable = |reason: String| fl!("security-image-unreadable", reason = reason);
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(unreadable(fl!(
            "security-image-dimensions",
            max = MAX_IMAGE_SIDE.to_string()
        )));
    }
    if width.checked_mul(height).and_then(|n| n.checked_mul(4)) != Some(rgba.len()) {
        return Err(unreadable(fl!("security-image-malformed")));
    }
    if width == 0 || height == 0 {
        return Err(fl!("security-no-qr"));
    }
    // Both sides are at most MAX_IMAGE_SIDE: they fit.
    decode_qr(grey_on_white(width as u32, height as u32, rgba))
}

/// RGBA pixels as grey laid on white: a code on a transparent background reads as printed.
fn grey_on_white(width: u32, height: u32, rgba: &[u8]) -> image::GrayImage {
    let grey = rgba
        .chunks_exact(4)
        .map(|p| {
            let [r, g, b, a] = [p[0], p[1], p[2], p[3]].map(u32::from);
            // Rec. 709 luma, as the image crate computes it.
            let luma = (2126 * r + 7152 * g + 722 * b) / 10_000;
            ((luma * a + 255 * (255 - a)) / 255) as u8
        })
        .collect();
    image::GrayImage::from_raw(width, height, grey).expect("one grey byte per RGBA pixel")
}

/// The text of the first QR code rqrr finds in a grey picture.
fn decode_qr(grey: image::GrayImage) -> Result<String, String> {
    // Photos are large; a code needs far fewer pixels, and the detector gets much faster.
    let grey = if grey.width().max(grey.height()) > 1600 {
        image::DynamicImage::ImageLuma8(grey)
            .resize(1600, 1600, image::imageops::FilterType::Triangle)
            .into_luma8()
    } else {
        grey
    };
    let mut prepared = rqrr::PreparedImage::prepare(grey);
    prepared
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, content)| content))
        .ok_or_else(|| fl!("security-no-qr"))
}

/// Reads a verification code from the clipboard: its text when that is an `xmpp:` link
/// (used as if pasted), else the QR code in its image (a screenshot of the contact's code).
/// Blocking (an X11 clipboard owner may take seconds to answer): for a blocking thread.
pub fn read_clipboard_code() -> Result<String, String> {
    let mut clipboard = arboard::Clipboard::new().map_err(clipboard_unavailable)?;
    let text = clipboard.get_text().ok();
    code_from_clipboard(text.as_deref(), || clipboard.get_image())
}

/// What the clipboard's contents give: `text`, if it is an `xmpp:` link; else the code in
/// the image `image` reads (only asked for then), or why there is none.
fn code_from_clipboard(
    text: Option<&str>,
    image: impl FnOnce() -> Result<arboard::ImageData<'static>, arboard::Error>,
) -> Result<String, String> {
    if let Some(link) = text.map(str::trim)
        && link.to_ascii_lowercase().starts_with("xmpp:")
    {
        return Ok(link.to_string());
    }
    match image() {
        Ok(picture) => read_qr_rgba(picture.width, picture.height, &picture.bytes),
        Err(arboard::Error::ContentNotAvailable) => Err(fl!("security-clipboard-empty")),
        // The clipboard offered an image that does not decode.
        Err(arboard::Error::ConversionFailure) => Err(fl!(
            "security-image-unreadable",
            reason = fl!("security-image-malformed")
        )),
        Err(e) => Err(clipboard_unavailable(e)),
    }
}

/// No clipboard to read (no display, no clipboard service) or one held by another program.
fn clipboard_unavailable(e: arboard::Error) -> String {
    let reason = match e {
        arboard::Error::Unknown { description } => description,
        e => e.to_string(),
    };
    fl!("security-clipboard-unavailable", reason = reason)
}

const FINGERPRINT_FONT: Font = Font::MONOSPACE;

/// A fingerprint in blocks of eight, four blocks a line, as people compare them.
pub fn fingerprint<'a, M: 'a>(hex: &str, size: f32) -> Element<'a, M> {
    let blocks = fingerprint_blocks(hex);
    let words: Vec<&str> = blocks.split(' ').collect();
    let lines = words
        .chunks(4)
        .map(|c| text(c.join(" ")).font(FINGERPRINT_FONT).size(size).into());
    iced::widget::Column::with_children(lines).spacing(2).into()
}

/// Green that reads on either background: the palette's success colour is too dark for text
/// on a dark one, so it is lightened there.
pub fn success_color(theme: &Theme) -> Color {
    let palette = theme.extended_palette();
    let c = palette.success.base.color;
    if palette.is_dark {
        let lift = |v: f32| v + (1.0 - v) * 0.45;
        Color::from_rgb(lift(c.r), lift(c.g), lift(c.b))
    } else {
        c
    }
}

/// Text for good news (a code matched, a link copied).
pub fn success_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(success_color(theme)),
    }
}

/// The colour that goes with a trust: green verified, amber undecided, red distrusted.
pub fn trust_color(theme: &Theme, trust: Trust) -> Color {
    let palette = theme.extended_palette();
    match trust {
        Trust::Verified => success_color(theme),
        Trust::Blind => palette.background.base.text.scale_alpha(0.7),
        Trust::Undecided => palette.warning.base.color,
        Trust::Distrusted => palette.danger.base.color,
    }
}

pub fn trust_text(trust: Trust) -> String {
    match trust {
        Trust::Verified => fl!("security-trust-verified"),
        Trust::Blind => fl!("security-trust-blind"),
        Trust::Undecided => fl!("security-trust-undecided"),
        Trust::Distrusted => fl!("security-trust-distrusted"),
    }
}

/// One device: its key and trust, and `actions` (trust buttons) under them. The namespace
/// is named only when `namespaces` is set (the owner uses both, and this device only one).
pub fn key_view<'a, M: 'a>(
    key: &Key,
    namespaces: bool,
    actions: Option<Element<'a, M>>,
) -> Element<'a, M> {
    let mut title = fl!("security-device", id = key.id.to_string());
    if let Some(label) = &key.label {
        title = format!("{title} · {label}");
    }
    if namespaces && key.legacy != key.v2 {
        let ns = if key.v2 {
            fl!("security-v2")
        } else {
            fl!("security-legacy")
        };
        title = format!("{title} · {ns}");
    }
    if !key.active {
        title = format!("{title} · {}", fl!("security-inactive"));
    }
    let trust = key.trust;
    let known = key.fingerprint.is_some();
    let mut card = column![
        row![
            text(title).size(13).font(super::theme::UI_BOLD),
            iced::widget::space().width(Length::Fill),
            text(if known {
                trust_text(trust)
            } else {
                fl!("security-key-unknown")
            })
            .size(13)
            .style(move |theme: &Theme| text::Style {
                color: Some(if known {
                    trust_color(theme, trust)
                } else {
                    theme
                        .extended_palette()
                        .background
                        .base
                        .text
                        .scale_alpha(0.7)
                }),
            }),
        ]
        .spacing(8)
        .align_y(Alignment::Center),
    ]
    .spacing(6);
    if let Some(hex) = &key.fingerprint {
        card = card.push(fingerprint(hex, 13.0));
    }
    if let Some(actions) = actions {
        card = card.push(actions);
    }
    let faded = !key.active;
    container(card)
        .padding(10)
        .width(Length::Fill)
        .style(move |theme: &Theme| {
            let palette = theme.extended_palette();
            container::Style {
                text_color: faded.then(|| theme.palette().text.scale_alpha(0.6)),
                border: iced::Border {
                    color: palette.background.strong.color,
                    width: 1.0,
                    radius: 6.0.into(),
                },
                ..container::Style::default()
            }
        })
        .into()
}

/// A QR code that scanners read in either theme: dark cells on white, with a quiet zone.
pub fn qr<'a, M: 'a>(data: &'a qr_code::Data) -> Element<'a, M> {
    container(
        qr_code(data)
            .cell_size(5)
            .style(|_: &Theme| qr_code::Style {
                cell: Color::BLACK,
                background: Color::WHITE,
            }),
    )
    .padding(12)
    .style(|_: &Theme| container::Style {
        background: Some(Color::WHITE.into()),
        border: iced::Border::default().rounded(6),
        ..container::Style::default()
    })
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP_A: &str = "2a2f3b1c0d4e5f60718293a4b5c6d7e8f9011223344556677889aabbccddeeff";
    const FP_B: &str = "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf";
    const FP_C: &str = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";

    fn bob() -> BareJid {
        "bob@example.org".parse().unwrap()
    }

    fn device(id: u32, ns: OmemoNamespace, fp: Option<&str>, trust: Trust) -> Device {
        Device {
            jid: bob(),
            namespace: ns,
            id,
            label: None,
            active: true,
            fingerprint: fp.map(str::to_string),
            trust,
            first_seen: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn bobs_devices() -> Vec<Device> {
        vec![
            device(1, OmemoNamespace::Legacy, Some(FP_A), Trust::Blind),
            device(1, OmemoNamespace::V2, Some(FP_A), Trust::Blind),
            device(2, OmemoNamespace::V2, Some(FP_B), Trust::Undecided),
            device(3, OmemoNamespace::Legacy, None, Trust::Undecided),
        ]
    }

    fn verified(fps: &[&str]) -> Vec<TrustWrite> {
        fps.iter()
            .map(|fp| TrustWrite {
                jid: bob(),
                fingerprint: fp.to_string(),
                trust: Trust::Verified,
            })
            .collect()
    }

    #[test]
    fn a_code_verifies_the_keys_the_contact_has() {
        let devices = bobs_devices();
        let code = format!("xmpp:bob@example.org?omemo-sid-1={FP_A};omemo-sid-2={FP_B}");
        assert_eq!(
            verify_code(&code, &bob(), &devices),
            Ok(Verified {
                writes: verified(&[FP_A, FP_B]),
                unknown: 0
            })
        );
        // Uppercase, grouped, with a resource: still Bob's keys. A device we have not seen
        // yet is counted, not verified.
        let code = format!(
            " xmpp:bob@example.org/phone?omemo-sid-1={};omemo-sid-9={FP_C} ",
            FP_A.to_uppercase()
        );
        assert_eq!(
            verify_code(&code, &bob(), &devices),
            Ok(Verified {
                writes: verified(&[FP_A]),
                unknown: 1
            })
        );
    }

    #[test]
    fn a_code_with_a_wrong_key_changes_nothing() {
        let devices = bobs_devices();
        // Device 2 is known with FP_B; the code claims FP_C for it, next to a good key.
        let code = format!("xmpp:bob@example.org?omemo-sid-1={FP_A};omemo-sid-2={FP_C}");
        assert_eq!(
            verify_code(&code, &bob(), &devices),
            Err(Refused::Mismatch { device: 2 })
        );
        // Even when the code's key is another device's: device 1 does not use FP_B.
        let code = format!("xmpp:bob@example.org?omemo-sid-1={FP_B}");
        assert_eq!(
            verify_code(&code, &bob(), &devices),
            Err(Refused::Mismatch { device: 1 })
        );
        let code = format!("xmpp:bob@example.org?omemo-sid-9={FP_C}");
        assert_eq!(verify_code(&code, &bob(), &devices), Err(Refused::NoMatch));
    }

    #[test]
    fn a_code_for_someone_else_is_refused() {
        let devices = bobs_devices();
        let code = format!("xmpp:mallory@example.org?omemo-sid-1={FP_A}");
        assert_eq!(
            verify_code(&code, &bob(), &devices),
            Err(Refused::OtherAddress(
                "mallory@example.org".parse().unwrap()
            ))
        );
        assert_eq!(
            verify_code("xmpp:bob@example.org", &bob(), &devices),
            Err(Refused::NoKeys)
        );
        assert!(matches!(
            verify_code("https://example.org", &bob(), &devices),
            Err(Refused::Link(UriError::NotXmpp))
        ));
        assert!(matches!(
            verify_code("xmpp:bob@example.org?omemo-sid-1=abcd", &bob(), &devices),
            Err(Refused::Link(UriError::BadFingerprint(_)))
        ));
    }

    #[test]
    fn trust_buttons_write_only_the_contacts_own_keys() {
        let devices = bobs_devices();
        assert_eq!(
            trust_write(&bob(), &devices, FP_B, Trust::Distrusted),
            Some(TrustWrite {
                jid: bob(),
                fingerprint: FP_B.into(),
                trust: Trust::Distrusted
            })
        );
        assert_eq!(trust_write(&bob(), &devices, FP_C, Trust::Verified), None);
    }

    #[test]
    fn devices_are_shown_once_whatever_their_namespaces() {
        let mut devices = bobs_devices();
        devices[0].active = false;
        let shown = keys(&devices);
        assert_eq!(shown.len(), 3);
        let one = shown.iter().find(|k| k.id == 1).unwrap();
        assert!(one.legacy && one.v2 && one.active);
        devices[1].active = false;
        let shown = keys(&devices);
        assert_eq!(shown.last().map(|k| (k.id, k.active)), Some((1, false)));
    }

    #[test]
    fn the_lock_says_what_is_true() {
        let devices = bobs_devices();
        assert_eq!(
            lock(Encryption::Automatic, &devices),
            Lock {
                encrypted: true,
                undecided: true
            }
        );
        assert!(!lock(Encryption::Off, &devices).encrypted);
        assert!(lock(Encryption::On, &[]).encrypted);
        assert!(!lock(Encryption::Automatic, &[]).encrypted);
        // Only keys that are distrusted, unknown or no longer used: nothing to encrypt to.
        let mut devices = bobs_devices();
        devices[0].trust = Trust::Distrusted;
        devices[1].active = false;
        devices[2].trust = Trust::Distrusted;
        assert_eq!(lock(Encryption::Automatic, &devices), Lock::default());
    }

    #[test]
    fn the_panel_counts_each_device_once_and_points_out_new_ones() {
        let contact = vec![
            // one device in both namespaces, verified, which read our last message
            device(1, OmemoNamespace::Legacy, Some(FP_A), Trust::Verified),
            device(1, OmemoNamespace::V2, Some(FP_A), Trust::Verified),
            // blind trust, not among those our last message went to
            device(2, OmemoNamespace::V2, Some(FP_B), Trust::Blind),
            // waits for a decision: left out, so not "new" either
            device(3, OmemoNamespace::Legacy, Some("cc"), Trust::Undecided),
            // key not fetched yet, and one no longer listed: not counted
            device(4, OmemoNamespace::Legacy, None, Trust::Undecided),
            Device {
                active: false,
                ..device(5, OmemoNamespace::Legacy, Some("ee"), Trust::Blind)
            },
        ];
        let me: BareJid = "me@example.org".parse().unwrap();
        let own = vec![
            Device {
                jid: me.clone(),
                ..device(9, OmemoNamespace::Legacy, Some("99"), Trust::Blind)
            },
            Device {
                jid: me.clone(),
                ..device(8, OmemoNamespace::Legacy, Some("88"), Trust::Blind)
            },
        ];
        let bob = contact[0].jid.clone();
        let sent_to = [(bob.clone(), 1), (me.clone(), 8), (bob, 5)];
        let r = recipients(&contact, &own, &sent_to);
        assert_eq!(
            r,
            Recipients {
                verified: 1,
                unverified: 1,
                left_out: 1,
                own: 2,
                new: vec![2, 9],
            }
        );
        // Before our first encrypted message nothing is "new".
        assert!(recipients(&contact, &own, &[]).new.is_empty());
    }

    #[test]
    fn our_link_is_the_one_conversations_scans() {
        let link = own_link(&"me@example.org".parse().unwrap(), 4711, FP_A);
        assert_eq!(link, format!("xmpp:me@example.org?omemo-sid-4711={FP_A}"));
        let me: BareJid = "me@example.org".parse().unwrap();
        let mine = [Device {
            jid: me.clone(),
            ..device(4711, OmemoNamespace::Legacy, Some(FP_A), Trust::Blind)
        }];
        assert!(verify_code(&link, &me, &mine).is_ok());
    }

    #[test]
    fn our_qr_code_reads_back() {
        // tests/fixtures/qr/own-key.png: the key section of Settings, as a screenshot shows it.
        let bytes = include_bytes!("../../tests/fixtures/qr/own-key.png");
        assert_eq!(read_qr(bytes).as_deref(), Ok(OWN_KEY_LINK));
        assert!(read_qr(b"not an image").is_err());
    }

    const OWN_KEY_LINK: &str = "xmpp:me@localhost?omemo-sid-1505280904=\
                                bcc99bb2c54fa034d4e815d1a001a8da69535132e18de1013e59ba43ef08e821";

    /// The Settings screenshot as the clipboard gives an image: RGBA, row by row.
    fn own_key_rgba() -> image::RgbaImage {
        let bytes = include_bytes!("../../tests/fixtures/qr/own-key.png");
        image::load_from_memory(bytes).unwrap().into_rgba8()
    }

    #[test]
    fn a_qr_code_reads_from_rgba_pixels() {
        let picture = own_key_rgba();
        let (w, h) = (picture.width() as usize, picture.height() as usize);
        assert_eq!(
            read_qr_rgba(w, h, picture.as_raw()).as_deref(),
            Ok(OWN_KEY_LINK)
        );
        // The same code on a transparent background (light pixels see-through, as some
        // programs copy it): it reads as if on paper, from pixels and from a PNG file.
        let mut clear = picture.clone();
        for p in clear.pixels_mut() {
            if p.0[0] > 128 {
                p.0 = [0, 0, 0, 0];
            }
        }
        assert_eq!(
            read_qr_rgba(w, h, clear.as_raw()).as_deref(),
            Ok(OWN_KEY_LINK)
        );
        let mut png = Vec::new();
        clear
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(read_qr(&png).as_deref(), Ok(OWN_KEY_LINK));
    }

    #[test]
    fn rgba_pixels_without_a_code_or_of_the_wrong_size_are_refused() {
        let unreadable = |reason: String| fl!("security-image-unreadable", reason = reason);
        let picture = own_key_rgba();
        let (w, h) = (picture.width() as usize, picture.height() as usize);
        // A buffer that does not match the size given: short, long, or not four bytes a pixel.
        let malformed = Err(unreadable(fl!("security-image-malformed")));
        assert_eq!(read_qr_rgba(w, h + 1, picture.as_raw()), malformed);
        assert_eq!(read_qr_rgba(w, h - 1, picture.as_raw()), malformed);
        assert_eq!(read_qr_rgba(w, h, &picture.as_raw()[1..]), malformed);
        // Too large a side is refused before anything is looked at.
        assert_eq!(read_qr_rgba(usize::MAX, 2, &[0; 8]), Err(too_big()));
        let side = MAX_IMAGE_SIDE + 1;
        assert_eq!(read_qr_rgba(side, 1, &vec![255; side * 4]), Err(too_big()));
        assert_eq!(read_qr_rgba(1, side, &vec![255; side * 4]), Err(too_big()));
        // A blank picture, an empty one.
        assert_eq!(
            read_qr_rgba(300, 200, &vec![255; 300 * 200 * 4]),
            Err(fl!("security-no-qr"))
        );
        assert_eq!(read_qr_rgba(0, 0, &[]), Err(fl!("security-no-qr")));
    }

    fn too_big() -> String {
        fl!(
            "security-image-unreadable",
            reason = fl!(
                "security-image-dimensions",
                max = MAX_IMAGE_SIDE.to_string()
            )
        )
    }

    #[test]
    fn the_clipboard_gives_a_link_or_the_code_in_its_image() {
        let no_image = || Err(arboard::Error::ContentNotAvailable);
        // Text that is a link is used as pasted; the image is not even asked for.
        let link = format!("xmpp:bob@example.org?omemo-sid-1={FP_A}");
        assert_eq!(
            code_from_clipboard(Some(&format!(" {link}\n")), || panic!("not needed")),
            Ok(link.clone())
        );
        // Even a broken one: verify_code says what is wrong with it, as for a paste.
        assert_eq!(
            code_from_clipboard(Some("XMPP:bob@example.org?omemo-sid-1=ab"), no_image),
            Ok("XMPP:bob@example.org?omemo-sid-1=ab".into())
        );
        // Other text, or none, and no image.
        let empty = Err(fl!("security-clipboard-empty"));
        assert_eq!(code_from_clipboard(Some("hello"), no_image), empty);
        assert_eq!(code_from_clipboard(None, no_image), empty);
        // A screenshot of a code, with or without text beside it.
        let screenshot = || {
            let picture = own_key_rgba();
            Ok(arboard::ImageData {
                width: picture.width() as usize,
                height: picture.height() as usize,
                bytes: picture.into_raw().into(),
            })
        };
        assert_eq!(
            code_from_clipboard(Some("hello"), screenshot).as_deref(),
            Ok(OWN_KEY_LINK)
        );
        let blank = || {
            Ok(arboard::ImageData {
                width: 40,
                height: 40,
                bytes: vec![255; 40 * 40 * 4].into(),
            })
        };
        assert_eq!(code_from_clipboard(None, blank), Err(fl!("security-no-qr")));
        // No clipboard at all (no display), or one that another program holds.
        let no_display = || {
            Err(arboard::Error::Unknown {
                description: "no X11 server".into(),
            })
        };
        assert_eq!(
            code_from_clipboard(None, no_display),
            Err(fl!(
                "security-clipboard-unavailable",
                reason = "no X11 server"
            ))
        );
        let held = code_from_clipboard(None, || Err(arboard::Error::ClipboardOccupied));
        assert_eq!(
            held,
            Err(fl!(
                "security-clipboard-unavailable",
                reason = arboard::Error::ClipboardOccupied.to_string()
            ))
        );
        let damaged = code_from_clipboard(None, || Err(arboard::Error::ConversionFailure));
        assert_eq!(
            damaged,
            Err(fl!(
                "security-image-unreadable",
                reason = fl!("security-image-malformed")
            ))
        );
    }
}
