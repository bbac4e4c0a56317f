//! Voice notes and audio files: what a recording becomes before it is sent (Opus in Ogg,
//! `audio/ogg`, as Conversations, Dino and Gajim send voice), and what received audio is
//! decoded from: Ogg/Opus with libopus, AAC/M4A and MP3 with symphonia (what phones send).
//! Recording and playback devices are the window's; this is the part between samples and
//! files, which runs the same on every machine (and in tests, with no microphone).

use std::io::Cursor;
use std::time::Duration;

use crate::core::{Error, ErrorKind};

/// Opus runs at 48 kHz whatever the input; Ogg's granule positions count at this rate.
const OPUS_RATE: u32 = 48_000;
/// 20 ms frames: what voice applications use.
const FRAME: usize = 960;
/// A voice note's bit rate: speech sounds clear at 24 kb/s; 32 leaves room for music.
const BITRATE: i32 = 32_000;
/// The largest Opus frame, 120 ms, in samples per channel.
const MAX_FRAME: usize = 5_760;
/// The Ogg stream's serial number (one logical stream per file).
const SERIAL: u32 = 0x7469_6431;

fn refused(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::InvalidInput, format!("{what}: {e}"))
}

/// Decoded sound: interleaved samples from -1 to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Sound {
    pub sample_rate: u32,
    pub channels: u16,
    pub samples: Vec<f32>,
}

impl Sound {
    pub fn duration(&self) -> Duration {
        let frames = self.samples.len() / usize::from(self.channels.max(1));
        Duration::from_secs_f64(frames as f64 / f64::from(self.sample_rate.max(1)))
    }

    /// `bars` loudness values from 0 to 1 (the peak of each slice), for the waveform a
    /// voice note shows.
    pub fn waveform(&self, bars: usize) -> Vec<f32> {
        if self.samples.is_empty() || bars == 0 {
            return vec![0.0; bars];
        }
        let per_bar = self.samples.len().div_ceil(bars);
        let peaks: Vec<f32> = self
            .samples
            .chunks(per_bar)
            .map(|c| c.iter().fold(0.0f32, |m, s| m.max(s.abs())))
            .collect();
        let loudest = peaks.iter().copied().fold(0.0, f32::max).max(1e-6);
        let mut bars_out: Vec<f32> = peaks.iter().map(|p| p / loudest).collect();
        bars_out.resize(bars, 0.0);
        bars_out
    }
}

/// Mono samples at `sample_rate` (a microphone's 44.1 or 48 kHz, or any other) encoded as
/// an Ogg/Opus voice note.
pub fn encode_voice(samples: &[f32], sample_rate: u32) -> Result<Vec<u8>, Error> {
    let pcm = resample(samples, sample_rate, OPUS_RATE);
    let mut encoder = opus::Encoder::new(OPUS_RATE, opus::Channels::Mono, opus::Application::Voip)
        .map_err(|e| refused("cannot start the Opus encoder", e))?;
    encoder
        .set_bitrate(opus::Bitrate::Bits(BITRATE))
        .map_err(|e| refused("cannot set the bit rate", e))?;
    let pre_skip = encoder
        .get_lookahead()
        .map_err(|e| refused("cannot read the encoder's delay", e))? as usize;

    let mut out = Vec::new();
    let mut writer = ogg::PacketWriter::new(Cursor::new(&mut out));
    let write = |w: &mut ogg::PacketWriter<_>, packet: Vec<u8>, end, granule| {
        w.write_packet(packet, SERIAL, end, granule)
            .map_err(|e| refused("cannot write the voice note", e))
    };
    // RFC 7845: the identification header, then the comment header, each on its own page.
    let mut head = b"OpusHead".to_vec();
    head.push(1); // version
    head.push(1); // one channel
    head.extend_from_slice(&(pre_skip as u16).to_le_bytes());
    head.extend_from_slice(&sample_rate.to_le_bytes());
    head.extend_from_slice(&0i16.to_le_bytes()); // output gain
    head.push(0); // mapping family: mono or stereo
    write(&mut writer, head, ogg::PacketWriteEndInfo::EndPage, 0)?;
    let vendor = concat!("Tidings ", env!("CARGO_PKG_VERSION"));
    let mut tags = b"OpusTags".to_vec();
    tags.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    tags.extend_from_slice(vendor.as_bytes());
    tags.extend_from_slice(&0u32.to_le_bytes()); // no comments
    write(&mut writer, tags, ogg::PacketWriteEndInfo::EndPage, 0)?;

    // The encoder's delay is made up with silence at the end, and the last granule position
    // says where the sound really stops.
    let end = (pre_skip + pcm.len()) as u64;
    let frames = (pcm.len() + pre_skip).div_ceil(FRAME).max(1);
    let mut frame = vec![0i16; FRAME];
    for n in 0..frames {
        frame.fill(0);
        let start = (n * FRAME).min(pcm.len());
        let stop = ((n + 1) * FRAME).min(pcm.len());
        frame[..stop - start].copy_from_slice(&pcm[start..stop]);
        let packet = encoder
            .encode_vec(&frame, 4000)
            .map_err(|e| refused("cannot encode the voice note", e))?;
        let last = n + 1 == frames;
        let granule = (((n + 1) * FRAME) as u64).min(end);
        let info = if last {
            ogg::PacketWriteEndInfo::EndStream
        } else {
            ogg::PacketWriteEndInfo::NormalPacket
        };
        write(&mut writer, packet, info, if last { end } else { granule })?;
    }
    drop(writer);
    Ok(out)
}

/// Linear interpolation to `to` Hz, as 16-bit samples: plenty for a voice.
fn resample(samples: &[f32], from: u32, to: u32) -> Vec<i16> {
    let as_i16 = |s: f32| (s.clamp(-1.0, 1.0) * f32::from(i16::MAX)) as i16;
    if from == to || from == 0 {
        return samples.iter().copied().map(as_i16).collect();
    }
    let length = (samples.len() as u64 * u64::from(to) / u64::from(from)) as usize;
    let step = f64::from(from) / f64::from(to);
    (0..length)
        .map(|i| {
            let at = i as f64 * step;
            let left = at.floor() as usize;
            let right = (left + 1).min(samples.len() - 1);
            let t = (at - left as f64) as f32;
            as_i16(samples[left] * (1.0 - t) + samples[right] * t)
        })
        .collect()
}

/// Received audio decoded: Ogg/Opus by libopus, everything else (AAC, M4A, MP3, Ogg/Vorbis
/// is not among them) by symphonia.
pub fn decode(data: &[u8], media_type: &str) -> Result<Sound, Error> {
    if data.starts_with(b"OggS") {
        return decode_ogg_opus(data);
    }
    decode_other(data, media_type)
}

fn decode_ogg_opus(data: &[u8]) -> Result<Sound, Error> {
    let bad = |e: &dyn std::fmt::Display| refused("not a voice note we can play", e);
    let mut reader = ogg::PacketReader::new(Cursor::new(data));
    let head = reader.read_packet_expected().map_err(|e| bad(&e))?;
    if !head.data.starts_with(b"OpusHead") || head.data.len() < 19 {
        return Err(bad(&"no Opus identification header"));
    }
    let channels = head.data[9];
    let pre_skip = u16::from_le_bytes([head.data[10], head.data[11]]) as usize;
    let layout = match channels {
        1 => opus::Channels::Mono,
        2 => opus::Channels::Stereo,
        n => return Err(bad(&format!("{n} channels"))),
    };
    let tags = reader.read_packet_expected().map_err(|e| bad(&e))?;
    if !tags.data.starts_with(b"OpusTags") {
        return Err(bad(&"no Opus comment header"));
    }
    let mut decoder = opus::Decoder::new(OPUS_RATE, layout).map_err(|e| bad(&e))?;
    let per = usize::from(channels);
    let mut pcm = Vec::new();
    let mut frame = vec![0i16; MAX_FRAME * per];
    let mut last_granule = None;
    while let Some(packet) = reader.read_packet().map_err(|e| bad(&e))? {
        let n = decoder
            .decode(&packet.data, &mut frame, false)
            .map_err(|e| bad(&e))?;
        pcm.extend_from_slice(&frame[..n * per]);
        if packet.last_in_page() {
            last_granule = Some(packet.absgp_page() as usize);
        }
    }
    // The last granule position says how much of the decoded sound is real.
    let end = last_granule.unwrap_or(pcm.len() / per).min(pcm.len() / per);
    let start = pre_skip.min(end);
    let samples = pcm[start * per..end * per]
        .iter()
        .map(|s| f32::from(*s) / f32::from(i16::MAX))
        .collect();
    Ok(Sound {
        sample_rate: OPUS_RATE,
        channels: u16::from(channels),
        samples,
    })
}

fn decode_other(data: &[u8], media_type: &str) -> Result<Sound, Error> {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::codecs::DecoderOptions;
    use symphonia::core::errors::Error as Failure;
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::meta::MetadataOptions;
    use symphonia::core::probe::Hint;

    let bad = |e: &dyn std::fmt::Display| refused("not audio we can play", e);
    let source = MediaSourceStream::new(Box::new(Cursor::new(data.to_vec())), Default::default());
    let mut hint = Hint::new();
    hint.mime_type(media_type);
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            source,
            // Encoder delay and padding (LAME's header, MP4 edit lists) are cut, so a note
            // lasts what it lasted.
            &FormatOptions {
                enable_gapless: true,
                ..Default::default()
            },
            &MetadataOptions::default(),
        )
        .map_err(|e| bad(&e))?;
    let mut format = probed.format;
    let track = format
        .default_track()
        .ok_or_else(|| bad(&"no audio track"))?;
    let track_id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|e| bad(&e))?;
    let mut sound = Sound {
        sample_rate: track.codec_params.sample_rate.unwrap_or(0),
        channels: track.codec_params.channels.map_or(0, |c| c.count() as u16),
        samples: Vec::new(),
    };
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            Err(Failure::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(Failure::ResetRequired) => break,
            Err(e) => return Err(bad(&e)),
        };
        if packet.track_id() != track_id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(d) => d,
            // A damaged frame is skipped, as players do.
            Err(Failure::DecodeError(_)) => continue,
            Err(e) => return Err(bad(&e)),
        };
        let spec = *decoded.spec();
        sound.sample_rate = spec.rate;
        sound.channels = spec.channels.count() as u16;
        let mut buffer = SampleBuffer::<f32>::new(decoded.capacity() as u64, spec);
        buffer.copy_interleaved_ref(decoded);
        sound.samples.extend_from_slice(buffer.samples());
    }
    if sound.sample_rate == 0 || sound.channels == 0 {
        return Err(bad(&"no sound in it"));
    }
    Ok(sound)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tone, as a microphone would hand it over.
    fn tone(hz: f32, seconds: f32, rate: u32) -> Vec<f32> {
        (0..(seconds * rate as f32) as usize)
            .map(|i| 0.5 * (2.0 * std::f32::consts::PI * hz * i as f32 / rate as f32).sin())
            .collect()
    }

    /// The pitch of a sound, from how often it rises through zero.
    fn pitch(sound: &Sound) -> f32 {
        let mono: Vec<f32> = sound
            .samples
            .chunks(usize::from(sound.channels))
            .map(|c| c[0])
            .collect();
        // Rising through a band around zero, so a lossy codec's noise near zero is no pitch.
        let (mut crossings, mut below) = (0, false);
        for s in mono {
            if s < -0.1 {
                below = true;
            } else if s > 0.1 && below {
                crossings += 1;
                below = false;
            }
        }
        crossings as f32 / sound.duration().as_secs_f32()
    }

    #[test]
    fn a_recording_becomes_ogg_opus_and_plays_back_the_same_length_and_pitch() {
        for rate in [48_000, 44_100, 16_000] {
            let recorded = tone(440.0, 2.5, rate);
            let note = encode_voice(&recorded, rate).unwrap();
            assert!(note.starts_with(b"OggS"));
            // 32 kb/s: about 10 kB for 2.5 s.
            assert!(note.len() < 16_000, "{} bytes", note.len());
            let played = decode(&note, "audio/ogg").unwrap();
            let off = played.duration().as_secs_f64() - 2.5;
            assert!(off.abs() < 0.05, "{rate} Hz: {:?}", played.duration());
            assert!((pitch(&played) - 440.0).abs() < 10.0, "{}", pitch(&played));
        }
    }

    #[test]
    fn silence_and_a_short_click_still_make_a_note() {
        let note = encode_voice(&[], 48_000).unwrap();
        assert_eq!(decode(&note, "audio/ogg").unwrap().samples.len(), 0);
        let click = encode_voice(&[0.9; 100], 48_000).unwrap();
        assert_eq!(decode(&click, "audio/ogg").unwrap().samples.len(), 100);
    }

    #[test]
    fn broken_audio_is_refused_with_a_sentence() {
        let note = encode_voice(&tone(300.0, 1.0, 48_000), 48_000).unwrap();
        for broken in [
            &note[..20],
            b"OggS and nothing else".as_slice(),
            b"\xFF\xFB garbage",
        ] {
            let e = decode(broken, "audio/mpeg").unwrap_err();
            assert!(e.message.starts_with("not "), "{}", e.message);
        }
    }

    /// A 2.5 s tone at 440 Hz encoded by ffmpeg, as phones send it (scripts/test installs
    /// ffmpeg; a machine without it fails here and says so).
    fn ffmpeg_sample(codec: &[&str], extension: &str) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(format!("sample.{extension}"));
        let status = std::process::Command::new("ffmpeg")
            .args(["-v", "error", "-f", "lavfi"])
            .args(["-i", "sine=frequency=440:duration=2.5:sample_rate=44100"])
            .args(codec)
            .arg(&out)
            .status()
            .expect("ffmpeg makes the test's samples: run scripts/test, which installs it");
        assert!(
            status.success(),
            "ffmpeg could not make a {extension} sample"
        );
        std::fs::read(out).unwrap()
    }

    #[test]
    fn aac_m4a_and_mp3_as_phones_send_them_play() {
        for (codec, extension, media_type) in [
            (&["-c:a", "aac", "-b:a", "64k"][..], "m4a", "audio/mp4"),
            (&["-c:a", "aac", "-b:a", "64k"][..], "aac", "audio/aac"),
            (
                &["-c:a", "libmp3lame", "-b:a", "64k"][..],
                "mp3",
                "audio/mpeg",
            ),
        ] {
            let sound = decode(&ffmpeg_sample(codec, extension), media_type)
                .unwrap_or_else(|e| panic!("{extension}: {e}"));
            let off = sound.duration().as_secs_f64() - 2.5;
            assert!(off.abs() < 0.05, "{extension}: {:?}", sound.duration());
            assert!(
                (pitch(&sound) - 440.0).abs() < 10.0,
                "{extension}: {}",
                pitch(&sound)
            );
        }
    }

    #[test]
    fn the_waveform_follows_loudness() {
        let mut samples = tone(200.0, 1.0, 8_000);
        for s in &mut samples[4_000..] {
            *s *= 0.25;
        }
        let sound = Sound {
            sample_rate: 8_000,
            channels: 1,
            samples,
        };
        let bars = sound.waveform(8);
        assert_eq!(bars.len(), 8);
        assert!(
            (bars[0] - 1.0).abs() < 0.01 && (bars[7] - 0.25).abs() < 0.02,
            "{bars:?}"
        );
    }
}
