//! Voice notes in the conversation view: recording from the composer (elapsed time, level,
//! Cancel and Send), and voice notes and audio files played inline with a waveform to seek
//! in. Devices open, sound decodes and notes encode in tasks, never in update or view.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use iced::widget::{container, mouse_area, progress_bar, row, text};

use crate::app::button::{self, button};
use iced::{Alignment, Element, Length, Task, Theme};

use super::Message;
use super::files::{self, Source};
use crate::core::{Attachment, Direction, Message as Stored, MessageId};
use crate::fl;
use crate::media::audio::{Player, Recorder};
use crate::media::voice;

const MIC: &[u8] = include_bytes!("../../../resources/icons/mic.svg");
const PLAY: &[u8] = include_bytes!("../../../resources/icons/play.svg");
const PAUSE: &[u8] = include_bytes!("../../../resources/icons/pause.svg");
/// Bars in a voice note's waveform.
const BARS: usize = 40;
/// How far Left and Right move the playhead while the play button has focus.
const SEEK_STEP: f32 = 0.1;

/// A voice note's look, read once from its file.
#[derive(Debug, Clone)]
pub enum Note {
    Loading,
    Ready { length: Duration, bars: Vec<f32> },
    Unavailable,
}

#[derive(Debug, Default)]
pub struct Voice {
    pub recording: Option<Arc<Recorder>>,
    pub playing: Option<(MessageId, Arc<Player>)>,
    pub notes: HashMap<MessageId, Note>,
}

pub fn is_audio(a: &Attachment) -> bool {
    a.media_type
        .as_deref()
        .is_some_and(|t| t.starts_with("audio/"))
}

fn read_file(source: &Source, a_type: &str) -> Result<voice::Sound, String> {
    voice::decode(&source.read()?, a_type).map_err(|e| e.message)
}

impl Voice {
    /// Whether the view needs ticks (a recording's time, a playing note's position).
    pub fn ticking(&self) -> bool {
        self.recording.is_some() || self.playing.is_some()
    }

    /// Reads the waveform of downloaded voice notes among `messages` not yet seen.
    pub fn load_notes(&mut self, messages: &[Stored], media_dir: &Path) -> Task<Message> {
        let mut tasks = Vec::new();
        for m in messages {
            let Some(a) = m.attachment.as_ref().filter(|a| is_audio(a)) else {
                continue;
            };
            let Some(source) = Source::of(a, media_dir) else {
                continue;
            };
            if self.notes.contains_key(&m.id) || m.retracted {
                continue;
            }
            self.notes.insert(m.id, Note::Loading);
            let (id, kind) = (m.id, a.media_type.clone().unwrap_or_default());
            tasks.push(Task::perform(
                async move {
                    tokio::task::spawn_blocking(move || {
                        let sound = read_file(&source, &kind)?;
                        Ok((sound.duration(), sound.waveform(BARS)))
                    })
                    .await
                    .map_err(|e| e.to_string())?
                },
                move |read| Message::NoteRead(id, read),
            ));
        }
        Task::batch(tasks)
    }
}

/// Opens the microphone off the interface thread.
pub fn start_recording() -> Task<Message> {
    Task::perform(
        async {
            tokio::task::spawn_blocking(|| Recorder::start().map(Arc::new).map_err(|e| e.message))
                .await
                .map_err(|e| e.to_string())?
        },
        Message::RecordingStarted,
    )
}

/// Ends a recording and encodes it, in memory, as `Voice note <time>.ogg`.
pub fn finish_recording(recorder: Arc<Recorder>) -> Task<Message> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || {
                let (samples, rate) = recorder.finish();
                let note = voice::encode_voice(&samples, rate).map_err(|e| e.message)?;
                let stamp = chrono::Local::now().format("%Y-%m-%d %H.%M.%S");
                let name = format!("{} {stamp}.ogg", fl!("voice-file"));
                Ok(files::UploadFrom {
                    path: PathBuf::from(crate::media::name::sanitize(&name)),
                    recorded: Some(crate::core::FileBytes(Arc::new(note))),
                })
            })
            .await
            .map_err(|e| e.to_string())?
        },
        Message::VoiceEncoded,
    )
}

/// Decodes a note and starts playing it, off the interface thread.
pub fn play(id: MessageId, source: Source, kind: String) -> Task<Message> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || {
                let sound = read_file(&source, &kind)?;
                Player::start(&sound).map(Arc::new).map_err(|e| e.message)
            })
            .await
            .map_err(|e| e.to_string())?
        },
        move |player| Message::PlayerStarted(id, player),
    )
}

/// "1:07"
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

/// The composer's microphone button, or the recording bar.
pub fn composer_part<'a>(voice: &'a Voice) -> Element<'a, Message> {
    let Some(recorder) = &voice.recording else {
        return iced::widget::tooltip(
            button(files::icon(MIC, 20.0, false))
                .style(button::text)
                .on_press(Message::Record)
                .padding([8, 8]),
            text(fl!("chat-record")).size(12),
            iced::widget::tooltip::Position::Top,
        )
        .style(container::rounded_box)
        .into();
    };
    row![
        text("●").size(14).style(text::danger),
        text(fl!("voice-recording", time = clock(recorder.elapsed()))).size(13),
        progress_bar(0.0..=1.0, recorder.level())
            .length(Length::Fixed(80.0))
            .girth(6),
        button(text(fl!("file-cancel")).size(13))
            .style(button::text)
            .on_press(Message::StopRecording(false)),
        button(text(fl!("voice-send")).size(13)).on_press(Message::StopRecording(true)),
    ]
    .spacing(10)
    .align_y(Alignment::Center)
    .into()
}

/// A downloaded voice note or audio file: play or pause, its waveform to seek in, the time.
pub fn card<'a>(m: &'a Stored, voice: &'a Voice) -> Option<Element<'a, Message>> {
    let Some(Note::Ready { length, bars }) = voice.notes.get(&m.id) else {
        return None;
    };
    let outgoing = m.direction == Direction::Out;
    let (at, playing) = match &voice.playing {
        Some((id, player)) if *id == m.id => {
            let (at, _, playing) = player.state();
            (Some(at), playing)
        }
        _ => (None, false),
    };
    let done = at.map_or(0.0, |at| at.as_secs_f32() / length.as_secs_f32().max(0.001));
    let mut wave = row![].spacing(2).align_y(Alignment::Center).height(28);
    for (i, bar) in bars.iter().enumerate() {
        let lit = (i as f32 + 0.5) / BARS as f32 <= done;
        let height = 4.0 + 22.0 * bar;
        let bar = container("")
            .width(3)
            .height(height)
            .style(move |theme: &Theme| {
                let palette = theme.extended_palette();
                let base = if outgoing {
                    palette.primary.base.text
                } else {
                    palette.background.base.text
                };
                container::Style {
                    background: Some(base.scale_alpha(if lit { 1.0 } else { 0.4 }).into()),
                    border: iced::Border::default().rounded(1.5),
                    ..container::Style::default()
                }
            });
        wave = wave.push(mouse_area(bar).on_press(Message::Seek(m.id, i as f32 / BARS as f32)));
    }
    let icon = if playing { PAUSE } else { PLAY };
    let time = match at {
        Some(at) => format!("{} / {}", clock(at), clock(*length)),
        None => clock(*length),
    };
    Some(
        row![
            button(files::icon(icon, 18.0, outgoing))
                .style(button::text)
                .padding(6)
                .on_press(Message::Play(m.id))
                .stepping(
                    Some(Message::Seek(m.id, (done - SEEK_STEP).max(0.0))),
                    Some(Message::Seek(m.id, (done + SEEK_STEP).min(1.0))),
                ),
            wave,
            text(time).size(12),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .into(),
    )
}
