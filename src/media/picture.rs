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
    let picture = match jpeg_scaled(data, side) {
        Some(decoded) => decoded?,
        None => decode(data)?,
    };
    let small = shrunk(&picture, side);
    let (width, height) = small.dimensions();
    Ok(Preview {
        width,
        height,
        rgba: small.into_raw(),
    })
}

/// A JPEG decoded at the smallest IDCT scale (1, 1/2, 1/4, 1/8) that still covers `side`,
/// turned upright: a phone photo's preview costs an eighth of a full decode. None for what
/// is not a JPEG this path reads (CMYK, 16-bit), which the general decoder takes.
fn jpeg_scaled(data: &[u8], side: u32) -> Option<Result<DynamicImage, Error>> {
    use jpeg_decoder::PixelFormat;
    if !data.starts_with(&[0xff, 0xd8]) {
        return None;
    }
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(data));
    decoder.set_max_decoding_buffer_size(MAX_ALLOC as usize);
    if let Err(e) = decoder.read_info() {
        return Some(Err(refused(e)));
    }
    let info = decoder.info()?;
    if u32::from(info.width) > MAX_SIDE || u32::from(info.height) > MAX_SIDE {
        return Some(Err(refused("the picture is too large")));
    }
    if !matches!(info.pixel_format, PixelFormat::RGB24 | PixelFormat::L8) {
        return None;
    }
    let wanted = side.min(u32::from(u16::MAX)) as u16;
    if let Err(e) = decoder.scale(wanted, wanted) {
        return Some(Err(refused(e)));
    }
    let pixels = match decoder.decode() {
        Ok(pixels) => pixels,
        Err(e) => return Some(Err(refused(e))),
    };
    let info = decoder.info()?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    let mut picture = match info.pixel_format {
        PixelFormat::RGB24 => {
            DynamicImage::ImageRgb8(image::RgbImage::from_raw(width, height, pixels)?)
        }
        _ => DynamicImage::ImageLuma8(image::GrayImage::from_raw(width, height, pixels)?),
    };
    let orientation = decoder
        .exif_data()
        .and_then(image::metadata::Orientation::from_exif_chunk)
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    picture.apply_orientation(orientation);
    Some(Ok(picture))
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// The picture in `data` within the limits, turned as its EXIF orientation says.
fn decode(data: &[u8]) -> Result<DynamicImage, Error> {
    let mut reader = ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(refused)?;
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let orientation = decoder.orientation().map_err(refused)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(refused)?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// `picture` made to fit `side` × `side` if it is larger, never enlarged.
fn shrunk(picture: &DynamicImage, side: u32) -> image::RgbaImage {
    match picture.width().max(picture.height()) > side {
        true => picture.thumbnail(side, side).to_rgba8(),
        false => picture.to_rgba8(),
    }
}

/// The picture in `data` as a round avatar of `side` × `side`: its centred square, scaled
/// (up too: the edge of the circle is drawn at the size it is shown), transparent outside the
/// circle with a smoothed edge. Drawn this way, it is round on every renderer (tiny-skia
/// draws images without their border radius), and a frame scales a small picture, not the
/// contact's 512-pixel original.
pub fn round(data: &[u8], side: u32) -> Result<Preview, Error> {
    let picture = decode(data)?;
    let square = picture.width().min(picture.height());
    if square == 0 || side == 0 {
        return Err(refused("the picture is empty"));
    }
    let (x, y) = (
        (picture.width() - square) / 2,
        (picture.height() - square) / 2,
    );
    let cropped = picture.crop_imm(x, y, square, square).to_rgba8();
    let mut scaled =
        image::imageops::resize(&cropped, side, side, image::imageops::FilterType::Triangle);
    let radius = side as f32 / 2.0;
    for (x, y, pixel) in scaled.enumerate_pixels_mut() {
        let (dx, dy) = (x as f32 + 0.5 - radius, y as f32 + 0.5 - radius);
        // Coverage of this pixel by the circle, over its last pixel of width.
        let inside = (radius - (dx * dx + dy * dy).sqrt() + 0.5).clamp(0.0, 1.0);
        pixel.0[3] = (f32::from(pixel.0[3]) * inside).round() as u8;
    }
    Ok(Preview {
        width: side,
        height: side,
        rgba: scaled.into_raw(),
    })
}

/// One frame of an animation, and how long it shows.
pub struct Frame {
    pub picture: Preview,
    pub delay: std::time::Duration,
}

/// Frames of one animation we decode at most (an endless GIF is a bomb of its own).
const MAX_FRAMES: usize = 300;
/// Pixels of one animation's shrunk frames we keep at most, in bytes.
const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;
/// The shortest delay we honour: browsers treat 0 and 10 ms as 100 ms, and so do we.
const MIN_DELAY_MS: u32 = 20;

/// The frames of an animated GIF in `data`, each shrunk to fit `side` × `side`; None when it
/// is not a GIF or has one frame. Decoding stops at MAX_FRAMES or MAX_FRAME_BYTES: a longer
/// animation plays its first part.
pub fn animation(data: &[u8], side: u32) -> Result<Option<Vec<Frame>>, Error> {
    use image::AnimationDecoder;
    if !data.starts_with(b"GIF8") {
        return Ok(None);
    }
    let mut decoder = image::codecs::gif::GifDecoder::new(Cursor::new(data)).map_err(refused)?;
    decoder.set_limits(limits()).map_err(refused)?;
    let mut frames = Vec::new();
    let mut kept = 0;
    for frame in decoder.into_frames().take(MAX_FRAMES) {
        let frame = frame.map_err(refused)?;
        let (numerator, denominator) = frame.delay().numer_denom_ms();
        let ms = numerator / denominator.max(1);
        let delay = if ms < MIN_DELAY_MS { 100 } else { ms };
        let canvas = DynamicImage::ImageRgba8(frame.into_buffer());
        let small = shrunk(&canvas, side);
        kept += small.len();
        if kept > MAX_FRAME_BYTES {
            break;
        }
        let (width, height) = small.dimensions();
        frames.push(Frame {
            picture: Preview {
                width,
                height,
                rgba: small.into_raw(),
            },
            delay: std::time::Duration::from_millis(u64::from(delay)),
        });
    }
    Ok((frames.len() > 1).then_some(frames))
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

/// A picture for a room or an account (a vCard photo): at most `side` on its longer side,
/// turned upright, as a JPEG without metadata, whatever it came as.
pub fn avatar(data: &[u8], side: u32) -> Result<Vec<u8>, Error> {
    let picture = decode(data)?;
    let small = if picture.width().max(picture.height()) > side {
        picture.resize(side, side, image::imageops::FilterType::Triangle)
    } else {
        picture
    };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&small.to_rgb8())
        .map_err(refused)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A wide picture becomes its centre, round: corners clear, middle and the circle's
    // inside opaque, the edge in between; what is not a picture is refused.
    #[test]
    fn an_avatar_is_its_centred_square_cut_round() {
        let wide = image::RgbImage::from_fn(300, 100, |x, _| {
            let red = if (100..200).contains(&x) { 255 } else { 0 };
            image::Rgb([red, 0, 255 - red])
        });
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(wide)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let cut = round(&png, 64).unwrap();
        assert_eq!(
            (cut.width, cut.height, cut.rgba.len()),
            (64, 64, 64 * 64 * 4)
        );
        let at = |x: usize, y: usize| &cut.rgba[(y * 64 + x) * 4..][..4];
        assert_eq!(at(0, 0)[3], 0, "a corner is outside the circle");
        assert_eq!(at(63, 63)[3], 0);
        assert_eq!(
            at(32, 32),
            [255, 0, 0, 255],
            "the middle third of the picture, opaque"
        );
        assert_eq!(at(32, 2)[3], 255, "inside the circle near its top");
        let edge = at(32, 0)[3];
        assert!(edge > 0 && edge < 255, "the edge is smoothed: {edge}");
        assert!(round(b"not a picture", 64).is_err());
    }

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

    /// A GIF of `count` frames of `side` × `side`, each 30 ms.
    fn gif(count: usize, side: u32) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = image::codecs::gif::GifEncoder::new(&mut out);
            encoder
                .set_repeat(image::codecs::gif::Repeat::Infinite)
                .unwrap();
            let frames = (0..count).map(|i| {
                let shade = (i * 40 % 256) as u8;
                let canvas =
                    image::RgbaImage::from_pixel(side, side, image::Rgba([shade, 0, 0, 255]));
                image::Frame::from_parts(canvas, 0, 0, image::Delay::from_numer_denom_ms(30, 1))
            });
            encoder.encode_frames(frames).unwrap();
        }
        out
    }

    #[test]
    fn animations_play_and_endless_ones_are_cut_short() {
        let frames = animation(&gif(3, 100), 320).unwrap().expect("animated");
        assert_eq!(frames.len(), 3);
        assert_eq!(frames[1].delay, std::time::Duration::from_millis(30));
        assert_eq!(
            (frames[0].picture.width, frames[0].picture.height),
            (100, 100)
        );
        assert!(
            animation(&gif(1, 10), 320).unwrap().is_none(),
            "one frame is a still"
        );
        assert!(animation(&jpeg(10, 10), 320).unwrap().is_none());

        // 2,000 frames: the first MAX_FRAMES, quickly.
        let endless = gif(2000, 8);
        let started = std::time::Instant::now();
        assert_eq!(animation(&endless, 320).unwrap().unwrap().len(), MAX_FRAMES);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // Cut off half-way: refused, not half shown.
        let whole = gif(3, 100);
        assert!(animation(&whole[..whole.len() / 2], 320).is_err());
    }

    #[test]
    fn photos_are_previewed_from_a_scaled_decode_and_turned_upright() {
        let shown = preview(&jpeg(4000, 3000), 640).unwrap();
        assert_eq!((shown.width, shown.height), (640, 480));
        // Taken with the phone held upright: EXIF says turn 90° clockwise (6).
        let flat = jpeg(400, 200);
        let mut turned = flat[..2].to_vec();
        turned.extend(crate::media::metadata::exif_with_orientation(6));
        turned.extend_from_slice(&flat[2..]);
        let shown = preview(&turned, 640).unwrap();
        assert_eq!((shown.width, shown.height), (200, 400));
        // Cut off half-way: refused.
        let whole = jpeg(800, 600);
        assert!(preview(&whole[..whole.len() / 2], 640).is_err());
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

    #[test]
    fn an_avatar_is_a_small_jpeg() {
        let made = avatar(&jpeg(1200, 800), 256).unwrap();
        let back = decode(&made).unwrap();
        assert_eq!((back.width(), back.height()), (256, 171));
        assert!(made.starts_with(&[0xFF, 0xD8, 0xFF]));
        assert!(avatar(b"not a picture", 256).is_err());
    }
}
