//! The emoji picker's catalogue: the emoji people use most, with English words to search by
//! in every language and the interface language's own words (Unicode CLDR's annotations, in
//! resources/emoji, made by scripts/emoji-words), and the quick reactions offered on every
//! message.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Offered first when reacting to a message, as in other messengers.
pub const QUICK_REACTIONS: [&str; 6] = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

/// An emoji and the words it is found by.
pub struct Entry {
    pub emoji: &'static str,
    pub words: &'static str,
}

macro_rules! catalogue {
    ($($emoji:literal $words:literal),* $(,)?) => {
        &[$(Entry { emoji: $emoji, words: $words }),*]
    };
}

pub const ALL: &[Entry] = catalogue![
    "😀" "grinning smile happy", "😃" "smiley happy joy", "😄" "smile happy laugh",
    "😁" "grin beaming", "😆" "laughing satisfied", "😅" "sweat smile relief",
    "😂" "joy tears laugh lol", "🤣" "rofl rolling laugh", "🙂" "slight smile",
    "🙃" "upside down silly", "😉" "wink", "😊" "blush smile happy", "😇" "innocent halo angel",
    "🥰" "love hearts adore", "😍" "heart eyes love", "🤩" "star struck excited",
    "😘" "kiss blow", "😋" "yum tasty delicious", "😛" "tongue playful", "😜" "wink tongue crazy",
    "🤪" "zany crazy", "🤗" "hug hugging", "🤭" "oops hand mouth", "🤫" "shush quiet secret",
    "🤔" "thinking hmm", "🤐" "zipper mouth secret", "🤨" "raised eyebrow skeptical",
    "😐" "neutral meh", "😑" "expressionless", "😶" "no mouth silent", "😏" "smirk",
    "😒" "unamused", "🙄" "eye roll", "😬" "grimace awkward", "😌" "relieved calm",
    "😔" "pensive sad", "😪" "sleepy", "😴" "sleeping tired zzz", "😷" "mask sick",
    "🤒" "thermometer ill fever", "🤢" "nauseated sick", "🤧" "sneeze cold",
    "🥵" "hot heat", "🥶" "cold freezing", "🥴" "woozy dizzy", "🤯" "mind blown exploding",
    "🥳" "party celebrate birthday", "😎" "cool sunglasses", "🤓" "nerd geek",
    "😕" "confused", "😟" "worried", "🙁" "frown sad", "😮" "open mouth surprised wow",
    "😯" "hushed surprised", "😲" "astonished shocked", "😳" "flushed embarrassed",
    "🥺" "pleading puppy eyes", "😦" "frowning", "😨" "fearful scared", "😰" "anxious sweat",
    "😥" "sad relieved", "😢" "cry tear sad", "😭" "sob crying loud", "😱" "scream fear",
    "😖" "confounded", "😣" "persevere", "😞" "disappointed", "😓" "downcast sweat",
    "😩" "weary tired", "😫" "tired exhausted", "🥱" "yawn bored", "😤" "triumph huff",
    "😡" "angry rage pout", "😠" "angry mad", "🤬" "cursing swearing", "😈" "devil smiling",
    "💀" "skull dead", "💩" "poop", "🤡" "clown", "👻" "ghost", "👽" "alien", "🤖" "robot",
    "😺" "cat smile", "😹" "cat joy", "😻" "cat heart eyes", "🙈" "see no evil monkey",
    "🙉" "hear no evil monkey", "🙊" "speak no evil monkey",
    "❤️" "heart love red", "🧡" "orange heart", "💛" "yellow heart", "💚" "green heart",
    "💙" "blue heart", "💜" "purple heart", "🖤" "black heart", "🤍" "white heart",
    "💔" "broken heart", "💕" "two hearts", "💖" "sparkling heart", "💯" "hundred perfect",
    "💥" "collision boom", "💫" "dizzy star", "💬" "speech bubble", "💤" "zzz sleep",
    "👋" "wave hello bye", "🤚" "raised back hand", "✋" "raised hand stop high five",
    "👌" "ok perfect", "🤌" "pinched fingers", "✌️" "victory peace", "🤞" "crossed fingers luck",
    "🤟" "love you gesture", "🤘" "rock horns", "🤙" "call me", "👈" "point left",
    "👉" "point right", "👆" "point up", "👇" "point down", "👍" "thumbs up yes like good",
    "👎" "thumbs down no dislike bad", "✊" "fist", "👊" "punch fist bump", "👏" "clap applause",
    "🙌" "raised hands hooray", "👐" "open hands", "🤝" "handshake deal", "🙏" "pray please thanks",
    "💪" "muscle strong flex", "👀" "eyes look", "🧠" "brain smart",
    "👶" "baby", "🧒" "child", "👩" "woman", "👨" "man", "🧑" "person", "👵" "old woman grandma",
    "👴" "old man grandpa", "🤷" "shrug dunno", "🤦" "facepalm", "🙋" "raising hand",
    "🐶" "dog puppy", "🐱" "cat kitten", "🐭" "mouse", "🐰" "rabbit bunny", "🦊" "fox",
    "🐻" "bear", "🐼" "panda", "🐨" "koala", "🐯" "tiger", "🦁" "lion", "🐮" "cow", "🐷" "pig",
    "🐸" "frog", "🐵" "monkey", "🐔" "chicken", "🐧" "penguin", "🐦" "bird", "🦄" "unicorn",
    "🐝" "bee", "🦋" "butterfly", "🐢" "turtle slow", "🐍" "snake", "🐙" "octopus", "🐟" "fish",
    "🌸" "blossom flower", "🌹" "rose flower", "🌻" "sunflower", "🌳" "tree", "🍀" "clover luck",
    "🍁" "maple leaf autumn", "🌞" "sun face", "🌙" "moon night", "⭐" "star", "🌈" "rainbow",
    "☀️" "sun sunny", "⛅" "cloud sun", "🌧️" "rain", "❄️" "snow cold", "🔥" "fire hot lit",
    "💧" "droplet water", "🌊" "wave ocean sea",
    "🍎" "apple", "🍌" "banana", "🍓" "strawberry", "🍉" "watermelon", "🍕" "pizza",
    "🍔" "burger hamburger", "🍟" "fries", "🌮" "taco", "🍣" "sushi", "🍜" "noodles ramen",
    "🍰" "cake", "🎂" "birthday cake", "🍪" "cookie", "🍫" "chocolate", "🍿" "popcorn",
    "☕" "coffee tea hot", "🍵" "tea", "🍺" "beer", "🍻" "cheers beers", "🍷" "wine",
    "🥂" "toast champagne", "🍾" "champagne bottle",
    "⚽" "football soccer", "🏀" "basketball", "🎾" "tennis", "🏆" "trophy win",
    "🥇" "gold medal first", "🎮" "video game", "🎲" "dice game", "🎵" "music note",
    "🎶" "music notes", "🎸" "guitar", "🎉" "party tada celebrate", "🎊" "confetti",
    "🎁" "gift present", "🎈" "balloon", "🎄" "christmas tree",
    "🚗" "car", "🚕" "taxi", "🚌" "bus", "🚲" "bicycle bike", "✈️" "airplane flight travel",
    "🚀" "rocket launch", "🏠" "house home", "🏖️" "beach holiday", "⛰️" "mountain",
    "⌚" "watch time", "📱" "phone mobile", "💻" "laptop computer", "⌨️" "keyboard",
    "📷" "camera photo", "🎥" "movie camera", "📞" "telephone call", "🔋" "battery",
    "💡" "idea light bulb", "📚" "books", "✏️" "pencil write", "📝" "memo note",
    "📅" "calendar date", "📌" "pin", "📎" "paperclip attachment", "🔒" "lock locked secure",
    "🔑" "key", "🔔" "bell notification", "🔕" "muted bell", "💰" "money bag", "💸" "money wings",
    "✅" "check done yes", "❌" "cross no wrong", "❓" "question", "❗" "exclamation",
    "⚠️" "warning", "🚫" "prohibited no", "➕" "plus add", "➖" "minus", "🆗" "ok button",
    "🆕" "new", "🔝" "top", "⏰" "alarm clock", "⏳" "hourglass waiting",
    "🇩🇪" "flag germany", "🇫🇷" "flag france", "🇪🇸" "flag spain", "🇮🇹" "flag italy",
    "🇧🇷" "flag brazil", "🇵🇱" "flag poland", "🇺🇦" "flag ukraine", "🇳🇱" "flag netherlands",
    "🇯🇵" "flag japan", "🇨🇳" "flag china", "🇬🇧" "flag united kingdom", "🇺🇸" "flag usa",
    "🏳️‍🌈" "rainbow flag pride",
];

/// Each shipped language's words (by its directory under i18n/): a line per emoji, the
/// emoji, a tab, its words.
const WORDS: &[(&str, &str)] = &[
    ("de", include_str!("../../resources/emoji/de.tsv")),
    ("en", include_str!("../../resources/emoji/en.tsv")),
    ("es", include_str!("../../resources/emoji/es.tsv")),
    ("fr", include_str!("../../resources/emoji/fr.tsv")),
    ("it", include_str!("../../resources/emoji/it.tsv")),
    ("ja", include_str!("../../resources/emoji/ja.tsv")),
    ("nl", include_str!("../../resources/emoji/nl.tsv")),
    ("pl", include_str!("../../resources/emoji/pl.tsv")),
    ("pt-BR", include_str!("../../resources/emoji/pt-BR.tsv")),
    ("ru", include_str!("../../resources/emoji/ru.tsv")),
    ("uk", include_str!("../../resources/emoji/uk.tsv")),
    ("zh-CN", include_str!("../../resources/emoji/zh-CN.tsv")),
];

/// Language -> emoji -> its words, read once.
static LOCAL: LazyLock<HashMap<&'static str, HashMap<&'static str, &'static str>>> =
    LazyLock::new(|| {
        WORDS
            .iter()
            .map(|(language, table)| {
                let words = table
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .filter_map(|l| l.split_once('\t'))
                    .collect();
                (*language, words)
            })
            .collect()
    });

/// The words of `language` (a directory name under i18n/, or just its language part).
fn local(language: &str) -> Option<&'static HashMap<&'static str, &'static str>> {
    LOCAL.get(language).or_else(|| {
        let base = language.split(['-', '_']).next()?;
        LOCAL
            .iter()
            .find(|(l, _)| l.split('-').next() == Some(base))
            .map(|(_, words)| words)
    })
}

/// Entries whose words, English or `language`'s, start with every word of `query` (all of
/// them for an empty query).
pub fn search(query: &str, language: &str) -> Vec<&'static Entry> {
    let wanted: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let local = local(language);
    let english = LOCAL.get("en");
    ALL.iter()
        .filter(|e| {
            let theirs = local.and_then(|l| l.get(e.emoji)).copied().unwrap_or("");
            let cldr = english.and_then(|l| l.get(e.emoji)).copied().unwrap_or("");
            wanted.iter().all(|w| {
                [e.words, cldr, theirs]
                    .iter()
                    .flat_map(|words| words.split(' '))
                    .any(|word| word.starts_with(w.as_str()))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(query: &str, language: &str) -> Vec<&'static str> {
        search(query, language).iter().map(|e| e.emoji).collect()
    }

    #[test]
    fn finds_by_word_prefix() {
        assert_eq!(found("thumb", "en"), ["👍", "👎"]);
        assert_eq!(search("thumbs up", "en").len(), 1);
        assert_eq!(search("", "en").len(), ALL.len());
        assert!(search("zzzz-nothing", "en").is_empty());
    }

    // A German finds 😂 by "lachen", a Japanese by 笑, a Ukrainian by "сміх"-like words;
    // English still works in every language, and one language's words not in another's.
    #[test]
    fn finds_in_the_interface_language() {
        assert!(found("lachen", "de").contains(&"😂"));
        assert!(!found("lachen", "fr").contains(&"😂"));
        assert!(found("笑", "ja").contains(&"😂"));
        assert!(found("笑", "zh-CN").contains(&"😂"));
        assert!(found("coração", "pt-BR").contains(&"❤️"));
        assert!(found("serce", "pl").contains(&"❤️"));
        assert!(found("flagge deutschland", "de") == ["🇩🇪"]);
        assert_eq!(found("thumb", "de"), ["👍", "👎"]);
        // A region the files do not name falls back to its language.
        assert!(found("lachen", "de-AT").contains(&"😂"));
        assert!(found("coração", "pt").contains(&"❤️"));
    }

    // scripts/emoji-words writes a file for every shipped language with every emoji in it.
    #[test]
    fn every_language_has_words_for_every_emoji() {
        let shipped: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/i18n"))
            .unwrap()
            .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(shipped.len(), WORDS.len(), "{shipped:?}");
        for language in &shipped {
            let words = LOCAL
                .get(language.as_str())
                .unwrap_or_else(|| panic!("{language}"));
            for e in ALL {
                assert!(
                    words.get(e.emoji).is_some_and(|w| !w.is_empty()),
                    "{language} has no words for {}: run scripts/emoji-words",
                    e.emoji
                );
            }
        }
    }

    #[test]
    fn quick_reactions_are_in_the_catalogue() {
        for r in QUICK_REACTIONS {
            assert!(ALL.iter().any(|e| e.emoji == r), "{r}");
        }
    }
}
