//! Pictures people send, decoded for a preview: with explicit size and memory limits (a
//! decompression bomb declares 100,000 × 100,000 pixels in a few bytes), turned the way the
//! camera's EXIF orientation says, and shrunk; and photos we send, made smaller. Callers run
//! this off the interface thread.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use crate::core::{Error, ErrorKind};

/// Pictures wider or taller than this are not decoded.
const MAX_SIDE: u32 = 16_384;
/// What decoding one picture may allocate.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// A shrunk picture: RGBA rows, top to bottom.
pub struct Preview {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

fn refused(e: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::InvalidInput,
        format!("not a picture we can show: {e}"),
    )
}

/// The picture in `data`, oriented and shrunk to fit `side` × `side` (never enlarged: a
/// small sticker stays small, and costs no more memory than it needs).
pub fn preview(data: &[u8], side: u32) -> Result<Preview, Error> {
    let picture = decode(data)?;
    let small = match picture.width().max(picture.height()) > side {
        true => picture.thumbnail(side, side).to_rgba8(),
        false => picture.to_rgba8(),
    };
    let (width, height) = small.dimensions();
    Ok(Preview {
        width,
        height,
        rgba: small.into_raw(),
    })
}

/// The picture in `data` within the limits, turned as its EXIF orientation says.
fn decode(data: &[u8]) -> Result<DynamicImage, Error> {
    let mut reader = ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(refused)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let orientation = decoder.orientation().map_err(refused)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(refused)?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// A JPEG photo made no larger than `side` on its longer side, turned upright, re-encoded at
/// the quality messengers send; None when it is small enough already. The result carries no
/// metadata.
pub fn reduce(data: &[u8], side: u32) -> Result<Option<Vec<u8>>, Error> {
    let picture = decode(data)?;
    if picture.width().max(picture.height()) <= side {
        return Ok(None);
    }
    let small = picture
        .resize(side, side, image::imageops::FilterType::Triangle)
        .to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&small)
        .map_err(refused)?;
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&picture)
            .unwrap();
        out
    }

    #[test]
    fn large_photos_are_reduced_and_small_ones_left_alone() {
        let reduced = reduce(&jpeg(4000, 3000), 2048).unwrap().expect("reduced");
        let shown = preview(&reduced, 4096).unwrap();
        assert_eq!((shown.width, shown.height), (2048, 1536));
        assert!(reduce(&jpeg(1600, 1200), 2048).unwrap().is_none());
        assert!(reduce(b"not a photo", 2048).is_err());
        // Previews shrink, never enlarge.
        let small = preview(&jpeg(300, 200), 640).unwrap();
        assert_eq!((small.width, small.height), (300, 200));
    }
}
