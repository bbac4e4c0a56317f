//! Pictures people send, decoded for a preview: with explicit size and memory limits (a
//! decompression bomb declares 100,000 × 100,000 pixels in a few bytes), turned the way the
//! camera's EXIF orientation says, and shrunk. Callers run this off the interface thread.

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

/// The picture in `data`, oriented and shrunk to fit `side` × `side`.
pub fn preview(data: &[u8], side: u32) -> Result<Preview, Error> {
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
    let small = picture.thumbnail(side, side).to_rgba8();
    let (width, height) = small.dimensions();
    Ok(Preview {
        width,
        height,
        rgba: small.into_raw(),
    })
}
