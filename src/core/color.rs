//! XEP-0392 Consistent Color Generation: the same colour for the same name in every client
//! that follows it (Conversations, Dino, Gajim), used for avatars without a picture, nicknames
//! and account markers.

use sha1::{Digest, Sha1};

/// A colour as sRGB components between 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb {
    pub red: f32,
    pub green: f32,
    pub blue: f32,
}

/// The hue angle in degrees: the first two bytes of SHA-1, little-endian, over the circle.
pub fn angle(identifier: &str) -> f64 {
    let digest = Sha1::digest(identifier.as_bytes());
    let value = u16::from_le_bytes([digest[0], digest[1]]);
    f64::from(value) / 65536.0 * 360.0
}

/// The colour of `identifier` (a bare JID or a nickname): HSLuv with full saturation and
/// half lightness, readable on light and dark backgrounds alike.
pub fn of(identifier: &str) -> Rgb {
    let (red, green, blue) = hsluv::hsluv_to_rgb(angle(identifier), 100.0, 50.0);
    Rgb {
        red: red.clamp(0.0, 1.0) as f32,
        green: green.clamp(0.0, 1.0) as f32,
        blue: blue.clamp(0.0, 1.0) as f32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The XEP's test vectors: angle, then the colour at saturation 100 and lightness 50.
    #[test]
    fn matches_the_specification() {
        let vectors = [
            ("Romeo", 327.255249, [0.865, 0.000, 0.686]),
            ("juliet@capulet.lit", 209.410400, [0.000, 0.515, 0.573]),
            ("\u{1F63A}", 331.199341, [0.872, 0.000, 0.659]),
            ("council", 359.994507, [0.918, 0.000, 0.394]),
            ("Board", 171.430664, [0.000, 0.527, 0.457]),
        ];
        for (name, want_angle, want) in vectors {
            assert!((angle(name) - want_angle).abs() < 1e-4, "{name}");
            let got = of(name);
            for (g, w) in [got.red, got.green, got.blue].into_iter().zip(want) {
                assert!((g - w).abs() < 0.002, "{name}: {got:?}");
            }
        }
    }
}
