//! Positions at the protocol edge: LSP lines and columns (UTF-8 or UTF-16 code units) to byte
//! offsets and back, and to char indices of an editing rope.
//!
//! Everything inside copydesk is byte offsets into `\n`-agnostic text; this is the one place
//! that knows LSP counts columns in negotiated code units and that `\n`, `\r\n` and `\r` end
//! lines. Out-of-range positions are clamped as the specification says: a character past the
//! end of its line means the end of the line, a line past the end means the end of the text.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range};

use crate::analysis::workspace::Document;

/// The negotiated position encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn width(self, ch: char) -> usize {
        match self {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
        }
    }
}

/// Byte offset of an LSP position in a document.
pub fn offset(doc: &Document, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize + 1;
    if line > doc.line_count() {
        return doc.text.len();
    }
    let span = doc.line_span(line);
    let mut units = 0usize;
    for (i, ch) in doc.text[span.clone()].char_indices() {
        if units >= pos.character as usize {
            return span.start + i;
        }
        units += enc.width(ch);
        // A column inside a character (half a surrogate pair) snaps to the character's start.
        if units > pos.character as usize {
            return span.start + i;
        }
    }
    span.end
}

/// LSP position of a byte offset (clamped to the text and to a character boundary).
pub fn position(doc: &Document, offset: usize, enc: Encoding) -> Position {
    let mut offset = offset.min(doc.text.len());
    while !doc.text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = doc.line_of(offset);
    let span = doc.line_span(line);
    let end = offset.clamp(span.start, span.end);
    let character = units(&doc.text[span.start..end], enc);
    Position::new((line - 1) as u32, character as u32)
}

/// Length of `s` in code units of `enc`. Paragraphs are single lines of hundreds of characters,
/// and every diagnostic asks this of a line's start up to its own start and end, so it counts
/// bytes rather than decoding characters: a UTF-16 code unit per character (each character has
/// one byte that is not a continuation byte) and a second one for each four-byte character.
fn units(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => {
            const HIGH: u64 = 0x8080_8080_8080_8080;
            let bytes = s.as_bytes();
            let mut chunks = bytes.chunks_exact(8);
            let mut continuation = 0;
            let mut four_byte = 0;
            // Eight bytes at a time: bit 7 of each byte of `x << k` is bit `7 - k` of that byte.
            for chunk in &mut chunks {
                let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                continuation += (x & !(x << 1) & HIGH).count_ones() as usize;
                four_byte += (x & (x << 1) & (x << 2) & (x << 3) & HIGH).count_ones() as usize;
            }
            for &b in chunks.remainder() {
                continuation += usize::from(b & 0xC0 == 0x80);
                four_byte += usize::from(b >= 0xF0);
            }
            bytes.len() - continuation + four_byte
        }
    }
}

pub fn range(doc: &Document, span: &std::ops::Range<usize>, enc: Encoding) -> Range {
    Range::new(position(doc, span.start, enc), position(doc, span.end, enc))
}

/// Char index of an LSP position in a rope, clamped like [`offset`].
pub fn rope_char(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let mut units = 0usize;
    let mut chars = 0usize;
    for ch in rope.line(line).chars() {
        if ch == '\n' || ch == '\r' || units >= pos.character as usize {
            break;
        }
        units += enc.width(ch);
        if units > pos.character as usize {
            break;
        }
        chars += 1;
    }
    start + chars
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new("t".into(), text.into())
    }

    #[test]
    fn utf16_and_utf8_columns_on_non_ascii_text() {
        let d = doc("Café 😀 — flagged\nnext");
        let flagged = d.text.find("flagged").unwrap();
        assert_eq!(position(&d, flagged, Encoding::Utf16), Position::new(0, 10));
        assert_eq!(position(&d, flagged, Encoding::Utf8), Position::new(0, 15));
        assert_eq!(offset(&d, Position::new(0, 10), Encoding::Utf16), flagged);
        assert_eq!(offset(&d, Position::new(0, 15), Encoding::Utf8), flagged);
    }

    #[test]
    fn code_units_are_counted_from_bytes() {
        let samples = [
            "",
            "plain",
            "Café 😀 — ‘quoted’ 𝔘 ñ",
            "😀😀x",
            "a longer line: Ærø, Łódź, İstanbul — “quoted” 😀 and 𝔘𝔘𝔘 at the end ✓",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
        ];
        for s in samples {
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let by_char: usize = s.chars().map(|c| enc.width(c)).sum();
                assert_eq!(units(s, enc), by_char, "{s:?} {enc:?}");
            }
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let d = doc("ab\r\ncd");
        assert_eq!(offset(&d, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(offset(&d, Position::new(9, 0), Encoding::Utf16), 6);
        assert_eq!(position(&d, 99, Encoding::Utf16), Position::new(1, 2));
        // Inside a surrogate pair: snaps to the emoji's start.
        let d = doc("😀x");
        assert_eq!(offset(&d, Position::new(0, 1), Encoding::Utf16), 0);
        assert_eq!(offset(&d, Position::new(0, 2), Encoding::Utf16), 4);
    }

    #[test]
    fn rope_chars_match_offsets() {
        let text = "Café 😀 —\r\nsecond\rthird\n";
        let rope = Rope::from_str(text);
        let d = doc(text);
        for line in 0..5 {
            for character in 0..12 {
                for enc in [Encoding::Utf8, Encoding::Utf16] {
                    let pos = Position::new(line, character);
                    let byte = offset(&d, pos, enc);
                    assert_eq!(rope.char_to_byte(rope_char(&rope, pos, enc)), byte, "{pos:?} {enc:?}");
                }
            }
        }
    }
}
