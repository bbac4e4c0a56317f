//! The microphone and the speakers (cpal): recording a voice note and playing one back. Each
//! runs on a thread of its own that owns the device's stream (streams cannot move between
//! threads on every platform); the interface reads levels and positions through a lock and
//! never waits on the device. No device is an error with a sentence, never a panic.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

use super::voice::Sound;
use crate::core::{Error, ErrorKind};

fn device_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Io, format!("{what}: {e}"))
}

/// Opens a device's stream on a thread of its own and keeps it there until the returned
/// sender is used or dropped. Waits at most five seconds for the device to answer.
fn on_own_thread(
    name: &str,
    what: &'static str,
    open: impl FnOnce() -> Result<cpal::Stream, Error> + Send + 'static,
) -> Result<mpsc::Sender<()>, Error> {
    let (stop, stopped) = mpsc::channel::<()>();
    let (ready, started) = mpsc::channel::<Result<(), Error>>();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let stream = match open() {
                Ok(stream) => stream,
                Err(e) => {
                    let _ = ready.send(Err(e));
                    return;
                }
            };
            let _ = ready.send(Ok(()));
            let _ = stopped.recv();
            drop(stream);
        })
        .map_err(|e| device_error(what, e))?;
    started
        .recv_timeout(Duration::from_secs(5))
        .map_err(|_| device_error(what, "the device did not answer"))??;
    Ok(stop)
}

/// What the recording thread gathers.
#[derive(Default)]
struct Captured {
    samples: Vec<f32>,
    rate: u32,
    /// The loudness of the latest buffer, 0 to 1, for the level meter.
    level: f32,
}

/// A recording in progress; `finish` ends it, dropping it throws it away.
pub struct Recorder {
    captured: Arc<Mutex<Captured>>,
    stop: mpsc::Sender<()>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Recorder({:?})", self.elapsed())
    }
}

/// Mixes a buffer of interleaved frames to mono and adds it.
fn gather(captured: &Mutex<Captured>, frames: impl Iterator<Item = f32>, channels: usize) {
    let Ok(mut c) = captured.lock() else { return };
    let mut peak = 0.0f32;
    let mut sum = 0.0;
    let mut n = 0;
    for s in frames {
        sum += s;
        n += 1;
        if n == channels {
            let mono = sum / channels as f32;
            peak = peak.max(mono.abs());
            c.samples.push(mono);
            sum = 0.0;
            n = 0;
        }
    }
    c.level = peak.min(1.0);
}

impl Recorder {
    /// Starts recording from the default microphone.
    pub fn start() -> Result<Recorder, Error> {
        let captured = Arc::new(Mutex::new(Captured::default()));
        let shared = captured.clone();
        let stop = on_own_thread("tidings-microphone", "cannot start recording", move || {
            open_input(shared)
        })?;
        Ok(Recorder { captured, stop })
    }

    /// How long it has recorded.
    pub fn elapsed(&self) -> Duration {
        let Ok(c) = self.captured.lock() else {
            return Duration::ZERO;
        };
        Duration::from_secs_f64(c.samples.len() as f64 / f64::from(c.rate.max(1)))
    }

    pub fn level(&self) -> f32 {
        self.captured.lock().map(|c| c.level).unwrap_or(0.0)
    }

    /// Ends the recording: mono samples and their rate.
    pub fn finish(&self) -> (Vec<f32>, u32) {
        let _ = self.stop.send(());
        let Ok(mut c) = self.captured.lock() else {
            return (Vec::new(), 48_000);
        };
        (std::mem::take(&mut c.samples), c.rate)
    }
}

fn open_input(captured: Arc<Mutex<Captured>>) -> Result<cpal::Stream, Error> {
    let device = cpal::default_host()
        .default_input_device()
        .ok_or_else(|| device_error("no microphone", "the system has no input device"))?;
    let config = device
        .default_input_config()
        .map_err(|e| device_error("the microphone cannot record", e))?;
    let channels = usize::from(config.channels());
    if let Ok(mut c) = captured.lock() {
        c.rate = config.sample_rate();
    }
    let failed = |e: cpal::Error| tracing::warn!("the microphone stopped: {e}");
    let stream = match config.sample_format() {
        cpal::SampleFormat::F32 => device.build_input_stream(
            config.config(),
            move |data: &[f32], _: &_| gather(&captured, data.iter().copied(), channels),
            failed,
            None,
        ),
        cpal::SampleFormat::I16 => device.build_input_stream(
            config.config(),
            move |data: &[i16], _: &_| {
                let scaled = data.iter().map(|s| f32::from(*s) / f32::from(i16::MAX));
                gather(&captured, scaled, channels)
            },
            failed,
            None,
        ),
        other => {
            return Err(device_error(
                "the microphone cannot record",
                format!("its sample format {other:?} is not supported"),
            ));
        }
    }
    .map_err(|e| device_error("the microphone cannot record", e))?;
    stream
        .play()
        .map_err(|e| device_error("the microphone cannot record", e))?;
    Ok(stream)
}

/// Where playback is.
struct Playback {
    /// Mono samples at `rate`.
    samples: Vec<f32>,
    rate: u32,
    /// In samples, fractional: the device may run at another rate.
    position: f64,
    playing: bool,
}

/// A sound being played; dropping it stops it.
pub struct Player {
    playback: Arc<Mutex<Playback>>,
    _stop: mpsc::Sender<()>,
}

impl std::fmt::Debug for Player {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Player({:?})", self.state())
    }
}

impl Player {
    /// Starts playing `sound` on the default output.
    pub fn start(sound: &Sound) -> Result<Player, Error> {
        let channels = usize::from(sound.channels.max(1));
        let samples = sound
            .samples
            .chunks(channels)
            .map(|f| f.iter().sum::<f32>() / channels as f32)
            .collect();
        let playback = Arc::new(Mutex::new(Playback {
            samples,
            rate: sound.sample_rate,
            position: 0.0,
            playing: true,
        }));
        let shared = playback.clone();
        let stop = on_own_thread("tidings-speaker", "cannot play sound", move || {
            open_output(shared)
        })?;
        Ok(Player {
            playback,
            _stop: stop,
        })
    }

    pub fn toggle(&self) {
        if let Ok(mut p) = self.playback.lock() {
            if p.position as usize >= p.samples.len() {
                p.position = 0.0;
            }
            p.playing = !p.playing;
        }
    }

    /// Jumps to `fraction` (0 to 1) of the sound.
    pub fn seek(&self, fraction: f32) {
        if let Ok(mut p) = self.playback.lock() {
            p.position = f64::from(fraction.clamp(0.0, 1.0)) * p.samples.len() as f64;
        }
    }

    /// Where it is, how long it is, and whether it plays.
    pub fn state(&self) -> (Duration, Duration, bool) {
        let Ok(p) = self.playback.lock() else {
            return (Duration::ZERO, Duration::ZERO, false);
        };
        let rate = f64::from(p.rate.max(1));
        let at = Duration::from_secs_f64(p.position.min(p.samples.len() as f64) / rate);
        let length = Duration::from_secs_f64(p.samples.len() as f64 / rate);
        (
            at,
            length,
            p.playing && (p.position as usize) < p.samples.len(),
        )
    }
}

fn open_output(playback: Arc<Mutex<Playback>>) -> Result<cpal::Stream, Error> {
    let device = cpal::default_host()
        .default_output_device()
        .ok_or_else(|| device_error("no speakers", "the system has no output device"))?;
    let config = device
        .default_output_config()
        .map_err(|e| device_error("cannot play sound", e))?;
    let channels = usize::from(config.channels());
    let device_rate = f64::from(config.sample_rate());
    // Fills a buffer of interleaved frames from the sound, silence once it ends or pauses.
    let next = move |out: &mut dyn FnMut(usize, f32), frames: usize| {
        let Ok(mut p) = playback.lock() else { return };
        let step = f64::from(p.rate) / device_rate;
        for frame in 0..frames {
            let index = p.position as usize;
            let value = if p.playing && index < p.samples.len() {
                p.position += step;
                p.samples[index]
            } else {
                0.0
            };
            for channel in 0..channels {
                out(frame * channels + channel, value);
            }
        }
    };
    let failed = |e: cpal::Error| tracing::warn!("playback stopped: {e}");
    let stream = match config.sample_format() {
        cpal::SampleFormat::F32 => device.build_output_stream(
            config.config(),
            move |data: &mut [f32], _: &_| {
                let frames = data.len() / channels;
                next(&mut |i, v| data[i] = v, frames)
            },
            failed,
            None,
        ),
        cpal::SampleFormat::I16 => device.build_output_stream(
            config.config(),
            move |data: &mut [i16], _: &_| {
                let frames = data.len() / channels;
                next(
                    &mut |i, v| data[i] = (v * f32::from(i16::MAX)) as i16,
                    frames,
                )
            },
            failed,
            None,
        ),
        other => {
            return Err(device_error(
                "cannot play sound",
                format!("the output's sample format {other:?} is not supported"),
            ));
        }
    }
    .map_err(|e| device_error("cannot play sound", e))?;
    stream
        .play()
        .map_err(|e| device_error("cannot play sound", e))?;
    Ok(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gathered_frames_are_mixed_to_mono_with_their_level() {
        let captured = Mutex::new(Captured::default());
        gather(&captured, [0.5, 0.3, -0.8, -0.6].into_iter(), 2);
        let c = captured.lock().unwrap();
        assert_eq!(c.samples.len(), 2);
        assert!((c.samples[0] - 0.4).abs() < 1e-6 && (c.samples[1] + 0.7).abs() < 1e-6);
        assert!((c.level - 0.7).abs() < 1e-6);
    }
}
