//! The emoji picker's catalogue: the emoji people use most, with English words to search by,
//! and the quick reactions offered on every message.

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

/// Entries whose words start with every word of `query` (all of them for an empty query).
pub fn search(query: &str) -> Vec<&'static Entry> {
    let wanted: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    ALL.iter()
        .filter(|e| {
            wanted
                .iter()
                .all(|w| e.words.split(' ').any(|word| word.starts_with(w.as_str())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_word_prefix() {
        let hits: Vec<_> = search("thumb").iter().map(|e| e.emoji).collect();
        assert_eq!(hits, ["👍", "👎"]);
        assert_eq!(search("thumbs up").len(), 1);
        assert_eq!(search("").len(), ALL.len());
        assert!(search("zzzz-nothing").is_empty());
    }

    #[test]
    fn quick_reactions_are_in_the_catalogue() {
        for r in QUICK_REACTIONS {
            assert!(ALL.iter().any(|e| e.emoji == r), "{r}");
        }
    }
}
