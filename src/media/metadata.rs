//! What a photo says besides its pixels, removed before it is sent: cameras and phones write
//! where and when it was taken, the device and its serial number (EXIF, XMP, text chunks).
//! JPEG keeps only its orientation, rewritten as the one EXIF tag, so receivers still show it
//! upright; PNG drops its text, time and EXIF chunks. Both stay byte for byte the same
//! pictures: nothing is decoded or re-encoded. Other formats are sent as they are.

/// EXIF's orientation tag (TIFF tag 0x0112), 1 to 8.
const ORIENTATION: u16 = 0x0112;

/// Removes the metadata of a JPEG or PNG file; other data is returned unchanged, and so is a
/// file whose structure is not what its format says (it is sent as the user chose it).
pub fn strip(data: Vec<u8>, media_type: &str) -> Vec<u8> {
    let stripped = match media_type {
        "image/jpeg" => strip_jpeg(&data),
        "image/png" => strip_png(&data),
        _ => None,
    };
    stripped.unwrap_or(data)
}

/// JPEG: every APPn segment goes except JFIF (APP0) and the colour profile (APP2
/// ICC_PROFILE), and so do comments; the orientation comes back as a minimal EXIF.
fn strip_jpeg(data: &[u8]) -> Option<Vec<u8>> {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut orientation = None;
    let mut at = 2;
    loop {
        if data.get(at)? != &0xFF {
            return None;
        }
        let marker = *data.get(at + 1)?;
        // Start of scan: the compressed picture and everything after it stay as they are.
        if marker == 0xDA {
            if let Some(o) = orientation.filter(|o| (2..=8).contains(o)) {
                out.extend_from_slice(&exif_with_orientation(o));
            }
            out.extend_from_slice(&data[at..]);
            return Some(out);
        }
        let length = u16::from_be_bytes([*data.get(at + 2)?, *data.get(at + 3)?]) as usize;
        let segment = data.get(at..at + 2 + length)?;
        let payload = &segment[4..];
        let keep = match marker {
            0xE0 => true,
            0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
            0xE1 => {
                if payload.starts_with(b"Exif\0\0") {
                    orientation = orientation.or_else(|| read_orientation(&payload[6..]));
                }
                false
            }
            0xE3..=0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(segment);
        }
        at += 2 + length;
    }
}

/// The orientation in a TIFF structure (EXIF's), from IFD0.
fn read_orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(..4)? {
        b"MM\0*" => true,
        b"II*\0" => false,
        _ => return None,
    };
    let u16_at = |i: usize| {
        let b = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |i: usize| {
        let b = [
            *tiff.get(i)?,
            *tiff.get(i + 1)?,
            *tiff.get(i + 2)?,
            *tiff.get(i + 3)?,
        ];
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let entries = u16_at(ifd)? as usize;
    (0..entries.min(512))
        .map(|n| ifd + 2 + n * 12)
        .find(|&entry| u16_at(entry) == Some(ORIENTATION))
        .and_then(|entry| u16_at(entry + 8))
}

/// An APP1 segment whose EXIF holds the orientation alone.
pub(crate) fn exif_with_orientation(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0*\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&ORIENTATION.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // one value
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);
    segment
}

/// PNG: the text chunks (tEXt, zTXt, iTXt, where XMP lives too), eXIf and tIME go.
fn strip_png(data: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !data.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = SIGNATURE.to_vec();
    let mut at = SIGNATURE.len();
    while at < data.len() {
        let length = u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = data.get(at + 4..at + 8)?;
        let chunk = data.get(at..at.checked_add(12 + length)?)?;
        if !matches!(kind, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        at += 12 + length;
        if kind == b"IEND" {
            return Some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    /// An EXIF block (little-endian, as phones write) with the orientation, a camera name and
    /// a GPS pointer, followed by the "GPS" data a phone adds.
    fn phone_exif(orientation: u16) -> Vec<u8> {
        let mut tiff = b"II*\0\x08\0\0\0".to_vec();
        tiff.extend_from_slice(&3u16.to_le_bytes());
        for (tag, kind, value) in [
            (0x010Fu16, 2u16, 0u32),
            (0x0112, 3, orientation as u32),
            (0x8825, 4, 50),
        ] {
            tiff.extend_from_slice(&tag.to_le_bytes());
            tiff.extend_from_slice(&kind.to_le_bytes());
            tiff.extend_from_slice(&1u32.to_le_bytes());
            tiff.extend_from_slice(&value.to_le_bytes());
        }
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(b"GPS 52.5200N 13.4050E Pixel 9 Pro serial 1234");
        [b"Exif\0\0".as_slice(), &tiff].concat()
    }

    fn jpeg(orientation: u16) -> Vec<u8> {
        let mut data = vec![0xFF, 0xD8];
        data.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        data.extend(segment(0xE1, &phone_exif(orientation)));
        data.extend(segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Berlin</x:xmpmeta>",
        ));
        data.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01colours"));
        data.extend(segment(0xFE, b"taken at home"));
        data.extend(segment(0xDB, &[0; 65]));
        data.extend(segment(0xDA, &[1, 2, 3]));
        data.extend_from_slice(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]);
        data
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_phone_photo_loses_place_device_and_comments_and_keeps_its_orientation() {
        let photo = jpeg(6);
        let sent = strip(photo.clone(), "image/jpeg");
        for secret in [b"GPS".as_slice(), b"Pixel", b"Berlin", b"taken at home"] {
            assert!(contains(&photo, secret));
            assert!(
                !contains(&sent, secret),
                "{}",
                String::from_utf8_lossy(secret)
            );
        }
        assert!(contains(&sent, b"JFIF") && contains(&sent, b"ICC_PROFILE"));
        let at = sent
            .windows(6)
            .position(|w| w == b"Exif\0\0")
            .expect("a minimal EXIF")
            + 6;
        assert_eq!(read_orientation(&sent[at..]), Some(6));
        // The picture itself, from the start of scan on, is untouched.
        let scan = |d: &[u8]| d[d.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap()..].to_vec();
        assert_eq!(scan(&sent), scan(&photo));
    }

    #[test]
    fn an_upright_photo_needs_no_exif_and_broken_files_pass_unchanged() {
        let sent = strip(jpeg(1), "image/jpeg");
        assert!(!contains(&sent, b"Exif"));
        let mut cut = jpeg(6);
        cut.truncate(40);
        assert_eq!(strip(cut.clone(), "image/jpeg"), cut);
        assert_eq!(strip(b"plain text".to_vec(), "image/jpeg"), b"plain text");
        assert_eq!(strip(jpeg(6), "application/pdf"), jpeg(6));
    }

    #[test]
    fn png_text_time_and_exif_chunks_go() {
        let chunk = |kind: &[u8], body: &[u8]| {
            let mut c = (body.len() as u32).to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(body);
            c.extend_from_slice(&[0, 0, 0, 0]); // CRC, not checked here
            c
        };
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &[0; 13]));
        png.extend(chunk(b"tEXt", b"Comment\0at the lake"));
        png.extend(chunk(b"eXIf", b"MM\0*GPS"));
        png.extend(chunk(b"tIME", &[7; 7]));
        png.extend(chunk(b"IDAT", b"pixels"));
        png.extend(chunk(b"IEND", b""));
        let sent = strip(png.clone(), "image/png");
        assert!(!contains(&sent, b"lake") && !contains(&sent, b"GPS") && !contains(&sent, b"tIME"));
        assert!(
            contains(&sent, b"IHDR")
                && contains(&sent, b"pixels")
                && sent.ends_with(&chunk(b"IEND", b""))
        );
    }
}
