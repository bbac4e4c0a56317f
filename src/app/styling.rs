//! Message styling: turns a message body into blocks and spans for display, following
//! XEP-0393 (Message Styling), plus link and emoji detection. Pure std, no UI types.
//!
//! Choices:
//! - Styling directives stay in the text. The XEP recommends showing them, formatted like
//!   the text they apply to ("*strong*" renders bold, asterisks included). Nothing the sender
//!   typed disappears (`2*3*4` and `file_names_like_this` stay readable), copy and paste gives the
//!   original text back, and every span is a slice of the body. Preformatted blocks keep their
//!   ``` fence lines for the same reason.
//! - Quote markers are the exception: a quote's `>` and the one whitespace character after it
//!   are dropped (the XEP trims them before parsing the child block) and replaced by `depth`,
//!   which the view shows as an indent or bar, as the XEP recommends.
//! - A preformatted block inside a quote cannot be a `Block::Pre` (that has no depth), so its
//!   lines become `code` spans inside the `Quote`.
//! - Rules are applied as written, even where other clients are looser: an opening directive
//!   must start the line, follow whitespace or follow another opening directive, so `(*x*)`
//!   and `**x**` stay plain; a line starting with ``` opens a preformatted block that runs to a
//!   line holding only ``` (trailing whitespace allowed, for CRLF bodies) or the end of the
//!   enclosing block.
//! - Links (`https://`, `http://`, `xmpp:`, `mailto:`, `geo:`) are found before styling, so
//!   directive characters inside them are ignored (an `_` in a URL never opens emphasis); a link
//!   takes the style of the span around it. Links are not detected in code spans or blocks.
//! - Emoji runs get their own spans so the view can pick an emoji font. Characters that are
//!   text by default (©, ☺, ❤ and other BMP symbols) count only with U+FE0F, a skin tone or
//!   inside a ZWJ sequence, as Unicode specifies; digits, `#` and `*` only with U+FE0F/U+20E3.
//!
//! Everything is linear in the body length: closing directives are looked up through
//! precomputed position lists with forward-only cursors, quote depth is counted without
//! recursion, and span recursion is at most four deep (one level per directive kind).
//! `Quote.depth` is unbounded (100 000 `>` give depth 100 000): views should clamp the indent.

use std::ops::Range;

/// One visual block of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block<'a> {
    /// Ordinary lines (may hold several lines joined with '\n' inside spans).
    /// An empty `Text` is a blank line between two other blocks.
    Text(Vec<Span<'a>>),
    /// A quote ("> " lines), nested depth >= 1, its content styled again.
    Quote { depth: usize, spans: Vec<Span<'a>> },
    /// A preformatted block (``` ... ```), shown verbatim in monospace; fence lines included.
    Pre(&'a str),
}

/// Formatting of a span; several may apply at once (`*_both_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub strong: bool,
    pub emphasis: bool,
    pub strike: bool,
    pub code: bool,
}

/// A run of text with one style. `text` is always a slice of the parsed body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span<'a> {
    pub text: &'a str,
    pub style: Style,
    /// The URI to open; equal to `text` when set.
    pub link: Option<&'a str>,
    /// Text made only of emoji, to be drawn with an emoji font.
    pub emoji: bool,
}

/// Parses a message body into display blocks. Never panics; linear time.
#[must_use]
pub fn parse(body: &str) -> Vec<Block<'_>> {
    let mut out = Builder {
        body,
        blocks: Vec::new(),
        open: None,
    };
    if body.is_empty() {
        return out.blocks;
    }
    // A preformatted block being read: its quote depth and, at depth 0, its byte range.
    let mut pre: Option<(usize, Range<usize>)> = None;
    let mut line_start = 0;
    for line in body.split('\n') {
        let line_range = line_start..line_start + line.len();
        line_start = line_range.end + 1;

        if let Some((depth, range)) = pre.as_mut() {
            let (levels, offset) = strip_quotes(line, *depth);
            // Lines with fewer levels end the quote holding the block, and the block with it.
            if levels == *depth {
                if *depth == 0 {
                    range.end = line_range.end;
                } else {
                    out.code_line(*depth, line_range.start + offset, line_range.end);
                }
                if line[offset..].trim_end() == "```" {
                    if *depth == 0 {
                        out.pre(range.clone());
                    }
                    pre = None;
                }
                continue;
            }
            pre = None;
        }

        let (depth, offset) = strip_quotes(line, usize::MAX);
        let content = line_range.start + offset..line_range.end;
        if line[offset..].starts_with("```") {
            if depth > 0 {
                out.code_line(depth, content.start, content.end);
            }
            pre = Some((depth, line_range));
        } else {
            out.styled_line(depth, content);
        }
    }
    // The closing fence is optional at the end of the message.
    if let Some((0, range)) = pre {
        out.pre(range);
    }
    out.finish()
}

/// The links a body shows, in order, each once (the message menu opens them from the keyboard).
#[must_use]
pub fn links(body: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    for block in parse(body) {
        let spans = match &block {
            Block::Text(spans) | Block::Quote { spans, .. } => spans,
            Block::Pre(_) => continue,
        };
        for link in spans.iter().filter_map(|s| s.link) {
            if !found.contains(&link) {
                found.push(link);
            }
        }
    }
    found
}

/// True when the body is 1 to 3 emoji (flags, keycaps and ZWJ sequences count as one) and
/// whitespace, for showing them large.
#[must_use]
pub fn is_only_emoji(body: &str) -> bool {
    let mut count = 0;
    let mut i = 0;
    while let Some(c) = char_at(body, i) {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        match emoji_at(body, i) {
            Some(end) if count < 3 => {
                count += 1;
                i = end;
            }
            _ => return false,
        }
    }
    count > 0
}

/// Removes up to `max` quote levels: each is a '>' and at most one whitespace character after
/// it. Returns the levels removed and the byte offset of what remains.
fn strip_quotes(line: &str, max: usize) -> (usize, usize) {
    let mut levels = 0;
    let mut offset = 0;
    while levels < max && line.as_bytes().get(offset) == Some(&b'>') {
        levels += 1;
        offset += 1;
        if let Some(c) = char_at(line, offset)
            && c.is_whitespace()
        {
            offset += c.len_utf8();
        }
    }
    (levels, offset)
}

/// A span under construction, in body byte offsets.
#[derive(Debug, Clone)]
struct Raw {
    range: Range<usize>,
    style: Style,
    link: bool,
    emoji: bool,
}

/// The Text (depth 0) or Quote block being filled.
struct Open {
    depth: usize,
    spans: Vec<Raw>,
    /// End of its last line: the '\n' there joins the next line of the same block.
    last_end: usize,
}

struct Builder<'a> {
    body: &'a str,
    blocks: Vec<Block<'a>>,
    open: Option<Open>,
}

impl<'a> Builder<'a> {
    /// Where to put the spans of a new line at `depth` ending at `end`: the open block when
    /// the depth matches (after the '\n' that joins them), else a new block.
    fn line(&mut self, depth: usize, end: usize) -> &mut Vec<Raw> {
        match self.open.as_mut() {
            Some(open) if open.depth == depth => {
                let newline = open.last_end..open.last_end + 1;
                push(&mut open.spans, Raw::plain(newline, Style::default()));
            }
            _ => self.flush(),
        }
        let open = self.open.get_or_insert_with(|| Open {
            depth,
            spans: Vec::new(),
            last_end: end,
        });
        open.last_end = end;
        &mut open.spans
    }

    fn styled_line(&mut self, depth: usize, content: Range<usize>) {
        let body = self.body;
        let spans = self.line(depth, content.end);
        style_line(body, content, spans);
    }

    /// A line of a preformatted block inside a quote.
    fn code_line(&mut self, depth: usize, start: usize, end: usize) {
        let body = self.body;
        let code = Style {
            code: true,
            ..Style::default()
        };
        let spans = self.line(depth, end);
        split_emoji(body, start..end, code, spans);
    }

    fn pre(&mut self, range: Range<usize>) {
        self.flush();
        self.blocks.push(Block::Pre(&self.body[range]));
    }

    fn flush(&mut self) {
        if let Some(open) = self.open.take() {
            let body = self.body;
            let spans = open
                .spans
                .into_iter()
                .map(|raw| {
                    let text = &body[raw.range];
                    Span {
                        text,
                        style: raw.style,
                        link: raw.link.then_some(text),
                        emoji: raw.emoji,
                    }
                })
                .collect();
            self.blocks.push(match open.depth {
                0 => Block::Text(spans),
                depth => Block::Quote { depth, spans },
            });
        }
    }

    fn finish(mut self) -> Vec<Block<'a>> {
        self.flush();
        self.blocks
    }
}

impl Raw {
    fn plain(range: Range<usize>, style: Style) -> Raw {
        Raw {
            range,
            style,
            link: false,
            emoji: false,
        }
    }
}

/// Appends a span, merging it into the previous one when they touch and look the same, so a
/// plain multi-line text stays one span. Links are never merged: each is one target.
fn push(spans: &mut Vec<Raw>, raw: Raw) {
    if raw.range.is_empty() {
        return;
    }
    if let Some(last) = spans.last_mut()
        && last.range.end == raw.range.start
        && last.style == raw.style
        && last.emoji == raw.emoji
        && !last.link
        && !raw.link
    {
        last.range.end = raw.range.end;
        return;
    }
    spans.push(raw);
}

// ---------------------------------------------------------------------------------------------
// Spans

/// The four span directives, in the order of `Closers` lists and `Style::with`.
const DIRECTIVES: [u8; 4] = [b'*', b'_', b'~', b'`'];

fn directive(byte: u8) -> Option<usize> {
    DIRECTIVES.iter().position(|&d| d == byte)
}

impl Style {
    fn with(mut self, directive: usize) -> Style {
        match directive {
            0 => self.strong = true,
            1 => self.emphasis = true,
            2 => self.strike = true,
            _ => self.code = true,
        }
        self
    }

    fn has(self, directive: usize) -> bool {
        match directive {
            0 => self.strong,
            1 => self.emphasis,
            2 => self.strike,
            _ => self.code,
        }
    }
}

/// Styles one line (a plain block) of the body, appending its spans.
fn style_line(body: &str, content: Range<usize>, out: &mut Vec<Raw>) {
    let base = content.start;
    let line = &body[content];
    let links = find_links(line);
    let mut parser = SpanParser {
        line,
        links: &links,
        next_link: 0,
        closers: Closers::new(line, &links),
        segments: Vec::new(),
    };
    parser.run(0, line.len(), Style::default());

    // Cut the styled segments at links (never in code), then at emoji.
    let mut next_link = 0;
    for (range, style) in parser.segments {
        let mut at = range.start;
        if !style.code {
            while let Some(link) = links.get(next_link) {
                if link.start >= range.end {
                    break;
                }
                next_link += 1;
                // Links inside code spans were skipped over by the parser and are dropped here.
                if link.start < at || link.end > range.end {
                    continue;
                }
                split_emoji(body, base + at..base + link.start, style, out);
                push(
                    out,
                    Raw {
                        range: base + link.start..base + link.end,
                        style,
                        link: true,
                        emoji: false,
                    },
                );
                at = link.end;
            }
        }
        split_emoji(body, base + at..base + range.end, style, out);
    }
}

/// Positions where each directive may close a span: not inside a link and right after a
/// non-whitespace character. Read with forward-only cursors: the parser asks in increasing
/// position order, so all lookups together cost one pass.
struct Closers {
    positions: [Vec<usize>; 4],
    cursor: [usize; 4],
}

impl Closers {
    fn new(line: &str, links: &[Range<usize>]) -> Closers {
        let mut positions: [Vec<usize>; 4] = Default::default();
        let mut prev: Option<char> = None;
        let mut link = 0;
        for (i, c) in line.char_indices() {
            if let Some(d) = u8::try_from(c).ok().and_then(directive) {
                while links.get(link).is_some_and(|l| l.end <= i) {
                    link += 1;
                }
                let in_link = links.get(link).is_some_and(|l| l.start <= i);
                if !in_link && prev.is_some_and(|p| !p.is_whitespace()) && !is_keycap_star(line, i)
                {
                    positions[d].push(i);
                }
            }
            prev = Some(c);
        }
        Closers {
            positions,
            cursor: [0; 4],
        }
    }

    /// The first closing position for directive `d` at or after `from`.
    fn next(&mut self, d: usize, from: usize) -> Option<usize> {
        let list = &self.positions[d];
        let cursor = &mut self.cursor[d];
        while list.get(*cursor).is_some_and(|&p| p < from) {
            *cursor += 1;
        }
        list.get(*cursor).copied()
    }
}

/// `*` followed by U+FE0F or U+20E3 is the keycap emoji *️⃣, not a directive.
fn is_keycap_star(line: &str, i: usize) -> bool {
    line.as_bytes().get(i) == Some(&b'*') && matches!(char_at(line, i + 1), Some(VS16 | KEYCAP))
}

struct SpanParser<'l> {
    line: &'l str,
    links: &'l [Range<usize>],
    next_link: usize,
    closers: Closers,
    /// Styled byte ranges of the line, in order, covering it entirely.
    segments: Vec<(Range<usize>, Style)>,
}

impl SpanParser<'_> {
    /// Styles `start..end` (a whole line, or a span's content) with `style` plus any spans
    /// found in it. Spans are matched left to right, each closing at its first valid closer
    /// (the XEP's lazy matching).
    fn run(&mut self, start: usize, end: usize, style: Style) {
        let mut i = start;
        let mut plain = start;
        while i < end {
            if let Some(link_end) = self.link_at(i) {
                i = link_end.min(end);
                continue;
            }
            let byte = self.line.as_bytes()[i];
            let Some(d) = directive(byte) else {
                i += char_at(self.line, i).map_or(1, char::len_utf8);
                continue;
            };
            let Some(close) = self.closing(d, i, start, end, style) else {
                i += 1;
                continue;
            };
            let inner = style.with(d);
            self.segment(plain..i, style);
            self.segment(i..i + 1, inner);
            if inner.code {
                // Preformatted span contents are not styled further.
                self.segment(i + 1..close, inner);
            } else {
                self.run(i + 1, close, inner);
            }
            self.segment(close..close + 1, inner);
            i = close + 1;
            plain = i;
        }
        self.segment(plain..end, style);
    }

    /// Where the span opened by directive `d` at `i` closes, if `i` may open one.
    fn closing(
        &mut self,
        d: usize,
        i: usize,
        start: usize,
        end: usize,
        style: Style,
    ) -> Option<usize> {
        // A same-kind span cannot nest: its closer would have closed the outer one first.
        if style.has(d) || is_keycap_star(self.line, i) {
            return None;
        }
        // Opening: at the start of the block (or of the enclosing span's content, i.e. right
        // after another opening directive) or after whitespace; never before whitespace.
        let after_ok = i == start
            || self.line[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace);
        let next = char_at(self.line, i + 1)?;
        if !after_ok || next.is_whitespace() {
            return None;
        }
        let close = self.closers.next(d, i + 1)?;
        // `**`: no text between, so neither directive counts.
        (close > i + 1 && close < end).then_some(close)
    }

    /// The end of the link starting at `i`, if any.
    fn link_at(&mut self, i: usize) -> Option<usize> {
        while self.links.get(self.next_link).is_some_and(|l| l.end <= i) {
            self.next_link += 1;
        }
        self.links
            .get(self.next_link)
            .filter(|l| l.start <= i)
            .map(|l| l.end)
    }

    fn segment(&mut self, range: Range<usize>, style: Style) {
        if range.is_empty() {
            return;
        }
        if let Some((last, last_style)) = self.segments.last_mut()
            && last.end == range.start
            && *last_style == style
        {
            last.end = range.end;
            return;
        }
        self.segments.push((range, style));
    }
}

// ---------------------------------------------------------------------------------------------
// Links

const SCHEMES: [&str; 5] = ["https://", "http://", "xmpp:", "mailto:", "geo:"];

/// Byte ranges of the URIs in a line, in order, not overlapping.
fn find_links(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut links = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Only ASCII letters are tested, so `i` is a char boundary whenever it is sliced at.
        if matches!(bytes[i] | 0x20, b'h' | b'x' | b'm' | b'g')
            && !line[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            && let Some(scheme) = SCHEMES.iter().find(|s| {
                bytes
                    .get(i..i + s.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(s.as_bytes()))
            })
        {
            let rest = i + scheme.len();
            if starts_address(scheme, char_at(line, rest)) {
                let end = trim_link(line, rest, url_end(line, rest));
                if end > rest {
                    links.push(i..end);
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    links
}

/// Whether `c`, just after the scheme, can begin the rest of a URI. Rejects "http:// " and
/// "geo:" followed by prose.
fn starts_address(scheme: &str, c: Option<char>) -> bool {
    let Some(c) = c else { return false };
    if scheme == "geo:" {
        return c.is_ascii_digit() || c == '-';
    }
    c.is_alphanumeric() || matches!(c, '[' | '%' | '-' | '/')
}

/// End of the run of URI characters from `from`: up to whitespace, a control character, or
/// one of `<>"` and backtick, which never appear unescaped in a URI.
fn url_end(line: &str, from: usize) -> usize {
    line[from..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
        .map_or(line.len(), |(i, _)| from + i)
}

/// Drops trailing characters that belong to the sentence rather than the URI: punctuation,
/// quotes, styling directives, and closing brackets that have no opening partner inside.
fn trim_link(line: &str, start: usize, mut end: usize) -> usize {
    const PAIRS: [(char, char); 3] = [('(', ')'), ('[', ']'), ('{', '}')];
    // Balance counts are kept up to date while trimming, keeping this linear.
    let mut balance = [0isize; 3];
    for c in line[start..end].chars() {
        for (k, (open, close)) in PAIRS.iter().enumerate() {
            if c == *open {
                balance[k] += 1;
            } else if c == *close {
                balance[k] -= 1;
            }
        }
    }
    while let Some(c) = line[start..end].chars().next_back() {
        let trailing = match c {
            '.' | ',' | '!' | '?' | ':' | ';' | '\'' | '*' | '_' | '~' => true,
            '‘' | '’' | '“' | '”' | '«' | '»' | '…' => true,
            _ => match PAIRS.iter().position(|&(_, close)| close == c) {
                Some(k) if balance[k] < 0 => {
                    balance[k] += 1;
                    true
                }
                _ => false,
            },
        };
        if !trailing {
            break;
        }
        end -= c.len_utf8();
    }
    end
}

// ---------------------------------------------------------------------------------------------
// Emoji

const ZWJ: char = '\u{200D}';
const VS15: char = '\u{FE0E}';
const VS16: char = '\u{FE0F}';
const KEYCAP: char = '\u{20E3}';

/// Emoji by default (`Emoji_Presentation`). Exact in the BMP, where most symbols are text by
/// default; in the pictograph blocks whole blocks are taken, since platforms draw even the
/// text-default ones there (🌡, 🕊) as emoji.
const DEFAULT_EMOJI: &[(u32, u32)] = &[
    (0x231A, 0x231B),
    (0x23E9, 0x23EC),
    (0x23F0, 0x23F0),
    (0x23F3, 0x23F3),
    (0x25FD, 0x25FE),
    (0x2614, 0x2615),
    (0x2648, 0x2653),
    (0x267F, 0x267F),
    (0x2693, 0x2693),
    (0x26A1, 0x26A1),
    (0x26AA, 0x26AB),
    (0x26BD, 0x26BE),
    (0x26C4, 0x26C5),
    (0x26CE, 0x26CE),
    (0x26D4, 0x26D4),
    (0x26EA, 0x26EA),
    (0x26F2, 0x26F3),
    (0x26F5, 0x26F5),
    (0x26FA, 0x26FA),
    (0x26FD, 0x26FD),
    (0x2705, 0x2705),
    (0x270A, 0x270B),
    (0x2728, 0x2728),
    (0x274C, 0x274C),
    (0x274E, 0x274E),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2795, 0x2797),
    (0x27B0, 0x27B0),
    (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x1F004, 0x1F004),
    (0x1F0CF, 0x1F0CF),
    (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A),
    (0x1F201, 0x1F201),
    (0x1F21A, 0x1F21A),
    (0x1F22F, 0x1F22F),
    (0x1F232, 0x1F236),
    (0x1F238, 0x1F23A),
    (0x1F250, 0x1F251),
    (0x1F300, 0x1F64F),
    (0x1F680, 0x1F6FF),
    (0x1F7E0, 0x1F7EB),
    (0x1F7F0, 0x1F7F0),
    (0x1F90C, 0x1F9FF),
    (0x1FA70, 0x1FAFF),
];

/// `Extended_Pictographic` characters that are text by default: emoji only with U+FE0F, a skin
/// tone, or after a ZWJ. Coarse outside the exact BMP entries; a stray U+FE0F after a
/// non-pictograph there is rare and harmless.
const PICTOGRAPHIC: &[(u32, u32)] = &[
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x2199),
    (0x21A9, 0x21AA),
    (0x2300, 0x23FF),
    (0x24C2, 0x24C2),
    (0x25AA, 0x25AB),
    (0x25B6, 0x25B6),
    (0x25C0, 0x25C0),
    (0x25FB, 0x25FE),
    (0x2600, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B07),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0x1F000, 0x1FAFF),
];

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    let i = table.partition_point(|&(_, hi)| hi < c);
    table.get(i).is_some_and(|&(lo, _)| lo <= c)
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

fn is_skin_tone(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// Tag characters, which follow 🏴 in subdivision flags.
fn is_tag(c: char) -> bool {
    ('\u{E0020}'..='\u{E007F}').contains(&c)
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

/// End of the emoji sequence starting at `i` (elements joined by ZWJ), if one starts there.
fn emoji_at(s: &str, i: usize) -> Option<usize> {
    let mut end = emoji_element(s, i, false)?;
    while char_at(s, end) == Some(ZWJ) {
        match emoji_element(s, end + ZWJ.len_utf8(), true) {
            Some(next) => end = next,
            None => break,
        }
    }
    Some(end)
}

/// One emoji with its modifiers: a flag pair, a keycap, or a pictograph with optional
/// U+FE0F, skin tone and tags. `joined` is true after a ZWJ, where text-default pictographs
/// (♀, ❤, ➡) are emoji without U+FE0F.
fn emoji_element(s: &str, i: usize, joined: bool) -> Option<usize> {
    let c = char_at(s, i)?;
    let mut end = i + c.len_utf8();
    if is_regional_indicator(c) {
        // A lone indicator is still drawn by emoji fonts, as a letter in a box.
        if char_at(s, end).is_some_and(is_regional_indicator) {
            end += 4;
        }
        return Some(end);
    }
    if c.is_ascii_digit() || c == '#' || c == '*' {
        let mut qualified = false;
        if char_at(s, end) == Some(VS16) {
            end += VS16.len_utf8();
            qualified = true;
        }
        if char_at(s, end) == Some(KEYCAP) {
            return Some(end + KEYCAP.len_utf8());
        }
        return qualified.then_some(end);
    }
    let mut qualified = joined || in_table(DEFAULT_EMOJI, c);
    if !qualified && !in_table(PICTOGRAPHIC, c) {
        return None;
    }
    match char_at(s, end) {
        Some(VS16) => {
            end += VS16.len_utf8();
            qualified = true;
        }
        // Text presentation explicitly asked for.
        Some(VS15) => return None,
        _ => {}
    }
    if char_at(s, end).is_some_and(is_skin_tone) {
        end += 4;
        qualified = true;
    }
    while char_at(s, end).is_some_and(is_tag) {
        end += 4;
    }
    qualified.then_some(end)
}

/// Appends `range` with `style`, emoji runs as their own spans.
fn split_emoji(body: &str, range: Range<usize>, style: Style, out: &mut Vec<Raw>) {
    // Sequences must not run past the segment.
    let text = &body[..range.end];
    let mut i = range.start;
    let mut plain = range.start;
    while let Some(c) = char_at(text, i) {
        match emoji_at(text, i) {
            Some(end) => {
                push(out, Raw::plain(plain..i, style));
                push(
                    out,
                    Raw {
                        range: i..end,
                        style,
                        link: false,
                        emoji: true,
                    },
                );
                i = end;
                plain = end;
            }
            None => i += c.len_utf8(),
        }
    }
    push(out, Raw::plain(plain..range.end, style));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// Compact rendering: blocks as `T[..]`, `Q2[..]`, `P[..]`; spans joined by `|`, each with
    /// `:` and flags S(trong) E(mphasis) X (strike) C(ode) L(ink) J (emoji) when it has any.
    fn show(body: &str) -> String {
        parse(body)
            .iter()
            .map(|block| match block {
                Block::Text(spans) => format!("T[{}]", show_spans(spans)),
                Block::Quote { depth, spans } => format!("Q{depth}[{}]", show_spans(spans)),
                Block::Pre(text) => format!("P[{text}]"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn show_spans(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|span| {
                let s = span.style;
                let flags: String = [
                    (s.strong, 'S'),
                    (s.emphasis, 'E'),
                    (s.strike, 'X'),
                    (s.code, 'C'),
                    (span.link.is_some(), 'L'),
                    (span.emoji, 'J'),
                ]
                .iter()
                .filter_map(|&(on, flag)| on.then_some(flag))
                .collect();
                if flags.is_empty() {
                    span.text.to_string()
                } else {
                    format!("{}:{flags}", span.text)
                }
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    fn links(body: &str) -> Vec<&str> {
        parse(body)
            .into_iter()
            .flat_map(|block| match block {
                Block::Text(spans) | Block::Quote { spans, .. } => spans,
                Block::Pre(_) => Vec::new(),
            })
            .filter_map(|span| span.link)
            .collect()
    }

    /// Checks that spans and pre blocks are in-order, non-empty slices of the body and that
    /// everything between them is newlines and quote prefixes (`>` plus at most one whitespace
    /// character, as many as the block's depth), so the body can be rebuilt from the blocks.
    fn assert_reconstructs(body: &str) {
        let base = body.as_ptr() as usize;
        let mut pos = 0;
        let mut rebuilt = String::new();
        for block in parse(body) {
            let (depth, pieces): (usize, Vec<&str>) = match &block {
                Block::Text(spans) => (0, spans.iter().map(|s| s.text).collect()),
                Block::Quote { depth, spans } => (*depth, spans.iter().map(|s| s.text).collect()),
                Block::Pre(text) => (0, vec![*text]),
            };
            if let Block::Text(spans) | Block::Quote { spans, .. } = &block {
                for span in spans {
                    assert!(span.link.is_none_or(|l| l == span.text), "{body:?}");
                    assert!(!span.emoji || emoji_at(span.text, 0).is_some(), "{body:?}");
                }
            }
            for piece in pieces {
                assert!(!piece.is_empty(), "empty span in {body:?}");
                let offset = (piece.as_ptr() as usize)
                    .checked_sub(base)
                    .expect("span outside the body");
                assert!(
                    offset >= pos && offset + piece.len() <= body.len(),
                    "{body:?}"
                );
                let gap = &body[pos..offset];
                assert_gap(body, gap);
                // The prefix right before a line's content has the block's depth.
                let prefix = gap.rsplit('\n').next().unwrap_or("");
                if !gap.is_empty() {
                    assert_eq!(prefix.matches('>').count(), depth, "{body:?}");
                }
                rebuilt.push_str(gap);
                rebuilt.push_str(piece);
                pos = offset + piece.len();
            }
        }
        assert_gap(body, &body[pos..]);
        rebuilt.push_str(&body[pos..]);
        assert_eq!(rebuilt, body);
    }

    fn assert_gap(body: &str, gap: &str) {
        for part in gap.split('\n') {
            let (_, offset) = strip_quotes(part, usize::MAX);
            assert_eq!(offset, part.len(), "stray text {gap:?} in {body:?}");
        }
    }

    // --- Spans: the XEP's examples -----------------------------------------------------------

    #[test]
    fn xep_styled_examples() {
        assert_eq!(show("plain span"), "T[plain span]");
        assert_eq!(show("*strong span*"), "T[*strong span*:S]");
        assert_eq!(
            show("plain _emphasis_ plain"),
            "T[plain |_emphasis_:E| plain]"
        );
        assert_eq!(
            show("`pre` plain *strong*"),
            "T[`pre`:C| plain |*strong*:S]"
        );
        // Lazy: the first valid closer wins, the last `*` stays plain.
        assert_eq!(show("*strong*plain*"), "T[*strong*:S|plain*]");
        // A directive followed by a space opens nothing.
        assert_eq!(show("* plain *strong*"), "T[* plain |*strong*:S]");
    }

    #[test]
    fn xep_unstyled_examples() {
        for body in [
            "not strong*",
            "*not strong",
            "*not *strong",
            "**",
            "***",
            "****",
        ] {
            assert_eq!(show(body), format!("T[{body}]"), "{body}");
        }
        // Spans do not cross lines.
        assert_eq!(show("*not \n strong*"), "T[*not \n strong*]");
    }

    #[test]
    fn xep_span_kinds() {
        assert_eq!(
            show("Two spans, both *alike in dignity*"),
            "T[Two spans, both |*alike in dignity*:S]"
        );
        assert_eq!(
            show("Title: _Twelfth Night, or What You Will_ but\n_most_ people shorten it."),
            "T[Title: |_Twelfth Night, or What You Will_:E| but\n|_most_:E| people shorten it.]"
        );
        assert_eq!(
            show("Everyone ~dis~likes cake."),
            "T[Everyone |~dis~:X|likes cake.]"
        );
        assert_eq!(show("I write `monospace`!"), "T[I write |`monospace`:C|!]");
    }

    #[test]
    fn preformatted_span_is_not_styled_inside() {
        assert_eq!(show("This is `*monospace*`"), "T[This is |`*monospace*`:C]");
        assert_eq!(
            show("This is *`mono and bold`*"),
            "T[This is |*:S|`mono and bold`:SC|*:S]"
        );
        assert_eq!(show("`_a_ ~b~`"), "T[`_a_ ~b~`:C]");
    }

    #[test]
    fn nesting_and_directive_positions() {
        assert_eq!(show("*_both_*"), "T[*:S|_both_:SE|*:S]");
        assert_eq!(show("_~x~_ y"), "T[_:E|~x~:EX|_:E| y]");
        // Crossing spans: the first to close wins, the inner opener finds no closer inside.
        assert_eq!(show("*a _b* c_"), "T[*a _b*:S| c_]");
        // Openers must follow whitespace, the block start, or another opening directive.
        assert_eq!(show("(*x*)"), "T[(*x*)]");
        assert_eq!(show("a*b*"), "T[a*b*]");
        assert_eq!(show("_*x*"), "T[_*x*]");
        assert_eq!(show("**bold**"), "T[**bold**]");
        // A closer after whitespace is skipped; a later one can still close.
        assert_eq!(show("*a * b*"), "T[*a * b*:S]");
        assert_eq!(show("*a *"), "T[*a *]");
        assert_eq!(show("x *\u{3000}y*"), "T[x *\u{3000}y*]");
    }

    #[test]
    fn non_ascii_around_directives() {
        assert_eq!(show("é*ü*"), "T[é*ü*]");
        assert_eq!(show("ü *ö* ü"), "T[ü |*ö*:S| ü]");
        assert_eq!(show("*日本*語"), "T[*日本*:S|語]");
    }

    #[test]
    fn plain_lines_join_into_one_text_block() {
        assert_eq!(
            show("three blocks, one per line,\nbut no *formatting\nas spans* stay in a line."),
            "T[three blocks, one per line,\nbut no *formatting\nas spans* stay in a line.]"
        );
        assert_eq!(show("a\n\nb"), "T[a\n\nb]");
        assert_eq!(show("*a*\r\nb"), "T[*a*:S|\r\nb]");
        assert!(parse("").is_empty());
        assert_eq!(show("\n"), "T[\n]");
    }

    // --- Blocks ------------------------------------------------------------------------------

    #[test]
    fn xep_preformatted_block() {
        let body = "```ignored\n(println \"Hello, world!\")\n```\n\nThis is monospace text ⤴";
        assert_eq!(
            show(body),
            "P[```ignored\n(println \"Hello, world!\")\n```] T[\nThis is monospace text ⤴]"
        );
    }

    #[test]
    fn preformatted_block_rules() {
        // Unclosed: runs to the end of the message.
        assert_eq!(show("```\n*a*\n> b"), "P[```\n*a*\n> b]");
        // Only a line of exactly ``` closes (trailing whitespace allowed).
        assert_eq!(
            show("```\nx ```\n````\n``` \r\nafter"),
            "P[```\nx ```\n````\n``` \r] T[after]"
        );
        // A line beginning with ``` opens a block even with more on it.
        assert_eq!(show("```x```\n*y*"), "P[```x```\n*y*]");
        // Not at the start of a line: just text.
        assert_eq!(show("a ```b```"), "T[a ```b```]");
        assert_eq!(show("a\n```\nb\n```\nc"), "T[a] P[```\nb\n```] T[c]");
        // A blank line between two blocks is kept as an empty Text.
        assert_eq!(show("```\n```\n\n```\n```"), "P[```\n```] T[] P[```\n```]");
        assert_eq!(show("```"), "P[```]");
        assert_eq!(
            show("```\nhttps://example.com"),
            "P[```\nhttps://example.com]"
        );
    }

    #[test]
    fn xep_preformatted_block_ended_by_quote() {
        let body = "> ```\n> (println \"Hello, world!\")\n\nThe blockquote is preformatted, but this line\nis plaintext!";
        assert_eq!(
            show(body),
            "Q1[```:C|\n|(println \"Hello, world!\"):C] \
             T[\nThe blockquote is preformatted, but this line\nis plaintext!]"
        );
    }

    #[test]
    fn preformatted_block_inside_quote() {
        assert_eq!(
            show("> look:\n> ```\n> > *x*\n> ```\n> *after*"),
            "Q1[look:\n|```:C|\n|> *x*:C|\n|```:C|\n|*after*:S]"
        );
        // A deeper line stays inside; a shallower one ends the block.
        assert_eq!(show(">> ```\n>>> a\n> b"), "Q2[```:C|\n|> a:C] Q1[b]");
    }

    #[test]
    fn xep_quotations() {
        assert_eq!(
            show("> That that is, is.\nSaid the old hermit of Prague."),
            "Q1[That that is, is.] T[Said the old hermit of Prague.]"
        );
        assert_eq!(
            show(">> That that is, is.\n> Said the old hermit of Prague.\nWho?"),
            "Q2[That that is, is.] Q1[Said the old hermit of Prague.] T[Who?]"
        );
    }

    #[test]
    fn quote_details() {
        // Each level drops '>' and at most one whitespace character.
        assert_eq!(show("> > x"), "Q2[x]");
        assert_eq!(show(">  x"), "Q1[ x]");
        assert_eq!(show(">\tx"), "Q1[x]");
        assert_eq!(show("> *hi* _there_"), "Q1[*hi*:S| |_there_:E]");
        assert_eq!(show("> a\n>\n> b"), "Q1[a\n|\n|b]");
        assert_eq!(show("a > b"), "T[a > b]");
        // The XEP's emoticon example: quoted, and the `_` before a space opens nothing.
        assert_eq!(show("> _ <"), "Q1[_ <]");
        assert_eq!(show(">"), "Q1[]");
        assert_eq!(show("> a\n\n> b"), "Q1[a] T[] Q1[b]");
    }

    // --- Links -------------------------------------------------------------------------------

    #[test]
    fn links_and_trailing_punctuation() {
        assert_eq!(
            show("see https://example.com/a_b_c."),
            "T[see |https://example.com/a_b_c:L|.]"
        );
        for (body, link) in [
            (
                "https://x.org/p?q=1&r=2#frag",
                "https://x.org/p?q=1&r=2#frag",
            ),
            ("Visit https://x.org!", "https://x.org"),
            ("https://x.org?", "https://x.org"),
            ("https://x.org, then", "https://x.org"),
            ("at https://x.org: now", "https://x.org"),
            ("https://x.org;", "https://x.org"),
            ("'https://x.org/it's'", "https://x.org/it's"),
            ("\"https://x.org\"", "https://x.org"),
            ("“https://x.org”", "https://x.org"),
            ("<https://x.org>", "https://x.org"),
            ("http://x.org...", "http://x.org"),
            ("HTTPS://X.ORG/A", "HTTPS://X.ORG/A"),
            (
                "https://de.wikipedia.org/wiki/Müller",
                "https://de.wikipedia.org/wiki/Müller",
            ),
            (
                "xmpp:room@muc.example.org?join",
                "xmpp:room@muc.example.org?join",
            ),
            ("mail mailto:bob@example.com.", "mailto:bob@example.com"),
            (
                "geo:37.786971,-122.399677;u=35.",
                "geo:37.786971,-122.399677;u=35",
            ),
            ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ] {
            assert_eq!(links(body), [link], "{body}");
        }
    }

    #[test]
    fn links_and_parentheses() {
        assert_eq!(
            show("(see https://en.wikipedia.org/wiki/Rust_(programming_language))"),
            "T[(see |https://en.wikipedia.org/wiki/Rust_(programming_language):L|)]"
        );
        assert_eq!(links("(https://x.org/a)"), ["https://x.org/a"]);
        assert_eq!(links("https://x.org/a)."), ["https://x.org/a"]);
        assert_eq!(links("https://x.org/(a)"), ["https://x.org/(a)"]);
        assert_eq!(links("[https://x.org/[1]]"), ["https://x.org/[1]"]);
    }

    #[test]
    fn not_links() {
        for body in [
            "http://",
            "https:// x",
            "nothttps://x.org",
            "xmpp: x",
            "mailto:",
            "geo: here",
            "see http",
            "`https://x.org`",
        ] {
            assert!(links(body).is_empty(), "{body}");
        }
        assert_eq!(show("`https://x.org/a_b`"), "T[`https://x.org/a_b`:C]");
    }

    #[test]
    fn links_and_styling() {
        // Underscores inside a URL never open or close emphasis.
        assert_eq!(
            show("_https://x.org/a_b_"),
            "T[_:E|https://x.org/a_b:EL|_:E]"
        );
        assert_eq!(show("https://x.org/_a_ b"), "T[https://x.org/_a:L|_ b]");
        assert_eq!(
            show("_a https://x.org/_b c_"),
            "T[_a :E|https://x.org/_b:EL| c_:E]"
        );
        assert_eq!(
            show("*see https://x.org*."),
            "T[*see :S|https://x.org:SL|*:S|.]"
        );
        assert_eq!(
            show("two https://a.org https://b.org"),
            "T[two |https://a.org:L| |https://b.org:L]"
        );
        assert_eq!(show("> https://x.org"), "Q1[https://x.org:L]");
    }

    // --- Emoji -------------------------------------------------------------------------------

    #[test]
    fn emoji_sequences() {
        let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
        assert_eq!(show(family), format!("T[{family}:J]"));
        assert_eq!(show("🇩🇪🇫🇷"), "T[🇩🇪🇫🇷:J]");
        assert_eq!(
            show("1\u{FE0F}\u{20E3} first"),
            "T[1\u{FE0F}\u{20E3}:J| first]"
        );
        assert_eq!(show("#\u{20E3}"), "T[#\u{20E3}:J]");
        assert_eq!(show("# 1 * 5"), "T[# 1 * 5]");
        assert_eq!(show("hi 👋🏽 there"), "T[hi |👋🏽:J| there]");
        assert_eq!(show("❤\u{FE0F}"), "T[❤\u{FE0F}:J]");
        let rainbow = "🏳\u{FE0F}\u{200D}🌈";
        assert_eq!(show(rainbow), format!("T[{rainbow}:J]"));
        let scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
        assert_eq!(show(scotland), format!("T[{scotland}:J]"));
        let runner = "🏃\u{200D}➡\u{FE0F}";
        assert_eq!(show(runner), format!("T[{runner}:J]"));
        assert_eq!(show("a😀😀b"), "T[a|😀😀:J|b]");
        assert_eq!(show("⌚ ☕"), "T[⌚:J| |☕:J]");
    }

    #[test]
    fn text_default_symbols_need_vs16() {
        assert_eq!(show("© ™ ☺ ❤ ✔ ⤴"), "T[© ™ ☺ ❤ ✔ ⤴]");
        assert_eq!(show("☺\u{FE0F}"), "T[☺\u{FE0F}:J]");
        assert_eq!(show("☝🏻"), "T[☝🏻:J]");
        // U+FE0E asks for text even on default-emoji characters.
        assert_eq!(show("⌚\u{FE0E}"), "T[⌚\u{FE0E}]");
    }

    #[test]
    fn emoji_with_styling() {
        assert_eq!(show("*🎉 yay*"), "T[*:S|🎉:SJ| yay*:S]");
        assert_eq!(show("`🦀`"), "T[`:C|🦀:CJ|`:C]");
        // The keycap asterisk is an emoji, not a directive.
        assert_eq!(show("*\u{FE0F}\u{20E3} x*"), "T[*\u{FE0F}\u{20E3}:J| x*]");
        assert_eq!(show("> 😀"), "Q1[😀:J]");
    }

    #[test]
    fn only_emoji() {
        for body in [
            "😀",
            " 😀 😀 😀 ",
            "👨\u{200D}👩\u{200D}👧\u{200D}👦",
            "🇩🇪🇫🇷",
            "1\u{FE0F}\u{20E3}",
            "❤\u{FE0F}",
            "👍🏿\n",
        ] {
            assert!(is_only_emoji(body), "{body}");
        }
        for body in [
            "",
            "  ",
            "😀😀😀😀",
            "hi 😀",
            "1",
            "#",
            "❤",
            "😀.",
            "\u{200D}",
            "\u{FE0F}",
        ] {
            assert!(!is_only_emoji(body), "{body}");
        }
    }

    #[test]
    fn emoji_tables_are_sorted() {
        for table in [DEFAULT_EMOJI, PICTOGRAPHIC] {
            assert!(table.iter().all(|&(lo, hi)| lo <= hi));
            assert!(table.windows(2).all(|w| w[0].1 < w[1].0));
        }
        assert!(in_table(DEFAULT_EMOJI, '😀'));
        assert!(!in_table(DEFAULT_EMOJI, 'a'));
        assert!(in_table(PICTOGRAPHIC, '©'));
    }

    // --- Robustness --------------------------------------------------------------------------

    #[test]
    fn hostile_input_is_fast() {
        let bodies = [
            "*_~".repeat(34_000),
            ">".repeat(100_000),
            "> ".repeat(50_000),
            "`".repeat(100_000),
            "```\n".repeat(25_000),
            "*a ".repeat(34_000),
            " _a".repeat(34_000),
            "(https://x.org/".repeat(7_000) + &")".repeat(20_000),
            "https://".repeat(12_500),
            "http:// ".repeat(12_500),
            "👨\u{200D}".repeat(20_000),
            "1\u{FE0F}".repeat(25_000),
            "🏴".to_string() + &"\u{E0067}".repeat(25_000),
            "*x\n".repeat(33_000),
            ">> ```\n>".repeat(12_500),
        ];
        for body in &bodies {
            let started = Instant::now();
            let blocks = parse(body);
            // Only the tag flood is a single (long) emoji.
            assert_eq!(is_only_emoji(body), body.starts_with('🏴'));
            assert!(!blocks.is_empty());
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "{:?}… took {:?}",
                &body.chars().take(12).collect::<String>(),
                started.elapsed()
            );
            assert_reconstructs(body);
        }
        assert_eq!(
            parse(&">".repeat(100_000)),
            [Block::Quote {
                depth: 100_000,
                spans: vec![]
            }]
        );
    }

    #[test]
    fn bodies_reconstruct_from_blocks() {
        for body in [
            "plain span",
            "*strong*plain*",
            "* plain *strong*",
            "*not \n strong*",
            "**\n***\n****",
            "*_both_* and `code *x*` ~gone~",
            "line one\nline two\n\nline four\n",
            "```ignored\n(println \"Hello\")\n```\n\nafter ⤴",
            "> ```\n> (println \"Hello\")\n\nplain",
            ">> That that is, is.\n> Said the old hermit.\nWho?",
            "> > x\n>  y\n>\tz\n>\n> ",
            "> look:\n> ```\n> > *x*\n> ```\n> *after*",
            "(see https://en.wikipedia.org/wiki/Rust_(programming_language)).",
            "_https://x.org/a_b_ and mailto:a@b.c, xmpp:r@m.org?join",
            "👨\u{200D}👩\u{200D}👧\u{200D}👦 🇩🇪 1\u{FE0F}\u{20E3} hi 👋🏽 *🎉*",
            "*a*\r\n> b\r\n```\r\nc\r\n```\r\n",
            "\n\n>\n\n```",
            "é*ü* 日本 `語`",
        ] {
            assert_reconstructs(body);
        }
    }

    #[test]
    fn random_bodies_never_panic_and_reconstruct() {
        const ALPHABET: &[&str] = &[
            "*",
            "_",
            "~",
            "`",
            "```",
            ">",
            "> ",
            "\n",
            " ",
            "\t",
            "a",
            "é",
            "語",
            "(",
            ")",
            ".",
            "https://",
            "x.org",
            "xmpp:",
            "geo:1",
            "😀",
            "\u{200D}",
            "\u{FE0F}",
            "\u{20E3}",
            "1",
            "🇩",
            "🏻",
            "\u{E0067}",
            "\r",
            "©",
            "\u{3000}",
        ];
        // A fixed linear congruential generator: reproducible without a crate.
        let mut seed: u64 = 0x5DEE_CE66;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            usize::try_from(seed >> 33).unwrap_or(0)
        };
        for _ in 0..3_000 {
            let len = next() % 24;
            let body: String = (0..len)
                .map(|_| ALPHABET[next() % ALPHABET.len()])
                .collect();
            assert_reconstructs(&body);
            // Bodies shown large must parse to emoji and whitespace only.
            if is_only_emoji(&body) {
                for block in parse(&body) {
                    let Block::Text(spans) = block else {
                        panic!("{body:?}")
                    };
                    assert!(
                        spans.iter().all(|s| s.emoji || s.text.trim().is_empty()),
                        "{body:?}"
                    );
                }
            }
        }
    }
}
