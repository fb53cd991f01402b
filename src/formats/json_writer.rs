//! A serde `Serializer` that writes compact JSON, byte for byte as
//! `serde_json::to_writer` writes it, through a buffer into any writer.
//!
//! Records are written by serde (derived and hand-written `Serialize`
//! impls); serde_json's serializer spent two fifths of the record's cost
//! escaping strings one byte at a time through a table (every key too),
//! and more in its formatter layer. Here a short string (most keys and
//! values) is checked and stored as two overlapping words, a longer one
//! eight bytes at a time, and each piece of punctuation is one store
//! into the buffer.
//!
//! What must match serde_json (the output is compared byte for byte):
//! escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, else `\u00xx` in
//! lowercase hex for the other bytes below 0x20; nothing else, not `/`,
//! DEL or U+2028); integers through `itoa`; finite floats through `zmij`
//! (serde_json's float formatter: `1e+300`, not ryu's `1e300`) and
//! non-finite ones as `null`; map keys as serde_json's `MapKeySerializer`
//! takes them (numbers and bools quoted); and `serde_json::Number` under
//! its `arbitrary_precision` feature, which serialises as a struct with a
//! private name whose one field is the number's text.

use std::cell::Cell;
use std::fmt::{self, Display};
use std::io::{self, Write};

use crate::text::swar::{self, bytes_equal, control_bytes};
use serde::ser::{self, Impossible, Serialize};

/// Bytes of JSON gathered before they go to the writer.
const BUFFER: usize = 16 * 1024;

thread_local! {
    /// The buffer of the last record written on this thread, for the next
    /// one: allocating and zeroing one a record was a tenth of the
    /// instructions of writing (measured on s3).
    static SPARE: Cell<Option<Box<[u8]>>> = const { Cell::new(None) };
}

/// Writes `value` as compact JSON and a newline into `out`, through a
/// buffer: the JSON of a very large value is never held whole in memory.
pub(crate) fn write_line<W: Write, T: ?Sized + Serialize>(out: W, value: &T) -> io::Result<()> {
    let buf = SPARE
        .take()
        .unwrap_or_else(|| vec![0; BUFFER].into_boxed_slice());
    let mut w = JsonWriter { buf, len: 0, out };
    let written = write_all_of(&mut w, value);
    // The buffer goes back to the spare whether or not the write worked:
    // a writer that failed once (a full disk, a closed pipe) must not cost
    // every later record a new buffer.
    SPARE.set(Some(w.buf));
    written
}

/// The body of [`write_line`]: `value`, the newline, and the flush.
fn write_all_of<W: Write, T: ?Sized + Serialize>(
    w: &mut JsonWriter<W>,
    value: &T,
) -> io::Result<()> {
    value.serialize(&mut *w)?;
    w.push(b"\n")?;
    w.drain()?;
    w.out.flush()
}

/// The output buffer, its first `len` bytes written, and the writer it
/// drains into.
struct JsonWriter<W> {
    buf: Box<[u8]>,
    len: usize,
    out: W,
}

impl<W: Write> JsonWriter<W> {
    /// Appends `bytes`; the common case, room in the buffer, is a copy.
    #[inline]
    fn push(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.buf.get_mut(self.len..self.len + bytes.len()) {
            Some(room) => {
                copy(room, bytes);
                self.len += bytes.len();
                Ok(())
            }
            None => self.push_past_end(bytes),
        }
    }

    /// [`Self::push`] when the buffer is full: drains it first, and writes
    /// a piece larger than the whole buffer straight through.
    #[cold]
    fn push_past_end(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.drain()?;
        match self.buf.get_mut(..bytes.len()) {
            Some(room) => {
                room.copy_from_slice(bytes);
                self.len = bytes.len();
                Ok(())
            }
            None => self.out.write_all(bytes),
        }
    }

    /// Hands the buffered bytes to the writer.
    fn drain(&mut self) -> io::Result<()> {
        let result = self
            .out
            .write_all(self.buf.get(..self.len).unwrap_or_default());
        self.len = 0;
        result
    }

    /// `value` as a JSON string, quotes included. Most strings (keys,
    /// labels, names, ids) are short and need no escape: those of up to 32
    /// bytes take one check and a few stores, without a loop.
    #[inline]
    fn string(&mut self, value: &str) -> io::Result<()> {
        let end = self.len + QUOTED_ROOM;
        if let Some(room) = self.buf.get_mut(self.len..end) {
            let bytes = value.as_bytes();
            let quoted = match bytes.len() {
                0..=16 => quote_short(room, bytes),
                _ => quote_medium(room, bytes),
            };
            if let Some(written) = quoted {
                self.len += written;
                return Ok(());
            }
        }
        self.string_long(value)
    }

    /// A struct field's name, with the comma before it unless it is the
    /// `first` of its struct and the colon after it. A name is written in
    /// this crate's code (a field, a `serde(rename)`), never taken from
    /// data, so it needs no escape (a debug assertion checks): a short one
    /// (nearly all of them) is copied with its punctuation in one go, not
    /// checked and pushed piece by piece.
    ///
    /// Always inlined, with [`Compound::field`] and `serialize_field`, into
    /// each derived `Serialize`: the name is a constant there, and its copy
    /// a few fixed stores. With cargo's default of 16 codegen units (what a
    /// crate that embeds this library builds it with), writing the records
    /// of s800.jsonl took 74.1M instructions with `#[inline]` here, 61.3M
    /// so; with this crate's own profile of one unit, the whole run took
    /// 732.5M with the writer of 64e84df (`#[inline]` here, a 24-byte
    /// error) and 723.7M with this one.
    #[inline(always)]
    fn field_name(&mut self, first: bool, name: &'static str) -> io::Result<()> {
        if self.put_constant(!first, name, true) {
            return Ok(());
        }
        if !first {
            self.push(b",")?;
        }
        self.string_long(name)?;
        self.push(b":")
    }

    /// `text`, written in this crate's code (a unit variant's name, a
    /// [`Known`](crate::known::Known) text), as a JSON string: like a
    /// field's name it needs no escape, and a short one is copied between
    /// its quotes without the check of [`Self::string`]. Labels and rule
    /// names are some 42,000 of the 150,000 strings of s800.jsonl's
    /// records: the whole run took 696.9M instructions through
    /// [`Self::string`], 694.2M so.
    #[inline(always)]
    fn constant(&mut self, text: &'static str) -> io::Result<()> {
        if self.put_constant(false, text, false) {
            return Ok(());
        }
        self.string_long(text)
    }

    /// Copies `text`, written in this crate's code and so needing no escape
    /// (a debug assertion checks), between quotes, after a comma if
    /// `comma` and before a colon if `colon`, in one go: true if it is at
    /// most 16 bytes long and the buffer has room, else false, with
    /// nothing written. Both flags are constants where this is inlined.
    #[inline(always)]
    fn put_constant(&mut self, comma: bool, text: &'static str, colon: bool) -> bool {
        debug_assert!(
            text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\'),
            "{text:?}, written in code, needs an escape"
        );
        let bytes = text.as_bytes();
        let at = usize::from(comma);
        let end = self.len + SHORT_ROOM;
        let Some(room) = self
            .buf
            .get_mut(self.len..end)
            .filter(|_| bytes.len() <= 16)
        else {
            return false;
        };
        // The comma's byte is overwritten by the quote when there is none,
        // and the colon's lies past the end when there is none.
        room[0] = b',';
        room[at] = b'"';
        copy(&mut room[at + 1..at + 1 + bytes.len()], bytes);
        room[at + 1 + bytes.len()] = b'"';
        room[at + 2 + bytes.len()] = b':';
        self.len += at + 2 + bytes.len() + usize::from(colon);
        true
    }

    /// [`Self::string`] for the rest.
    #[inline(never)]
    fn string_long(&mut self, value: &str) -> io::Result<()> {
        self.push(b"\"")?;
        self.string_contents(value)?;
        self.push(b"\"")
    }

    /// `value` escaped, without quotes: straight into the buffer if it fits
    /// in what is left of it, else run by run.
    fn string_contents(&mut self, value: &str) -> io::Result<()> {
        let room = self.buf.get_mut(self.len..).unwrap_or_default();
        match escape_into(room, value.as_bytes()) {
            Some(written) => {
                self.len += written;
                Ok(())
            }
            None => self.string_runs(value.as_bytes()),
        }
    }

    /// [`Self::string_contents`] through [`Self::push`]: runs that need no
    /// escape are copied whole, however long.
    #[cold]
    fn string_runs(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut run = 0;
        let mut at = 0;
        while at < bytes.len() {
            let flags = needs_escape(word_at(bytes, at));
            if flags == 0 {
                at += 8;
                continue;
            }
            let hit = at + (flags.trailing_zeros() / 8) as usize;
            // Flagged bytes lie inside `bytes`: the padding needs no escape.
            let Some(&byte) = bytes.get(hit) else { break };
            self.push(bytes.get(run..hit).unwrap_or_default())?;
            self.push(escape(byte).as_bytes())?;
            run = hit + 1;
            at = run;
        }
        self.push(bytes.get(run..).unwrap_or_default())
    }

    /// An integer in decimal.
    fn integer<I: itoa::Integer>(&mut self, value: I) -> io::Result<()> {
        self.push(itoa::Buffer::new().format(value).as_bytes())
    }

    /// A finite float in its shortest form, as serde_json writes it.
    fn float<F: zmij::Float>(&mut self, value: F) -> io::Result<()> {
        self.push(zmij::Buffer::new().format_finite(value).as_bytes())
    }

    /// Opens an array or object whose items go through [`Compound`].
    #[inline(always)]
    fn open(&mut self, open: &'static [u8], close: &'static [u8]) -> Result<Compound<'_, W>> {
        self.push(open)?;
        Ok(Compound {
            w: self,
            first: true,
            close,
            number: false,
        })
    }

    /// `{"variant":` before the value of an enum variant with data; the
    /// caller closes the object.
    fn variant_key(&mut self, variant: &str) -> io::Result<()> {
        self.push(b"{")?;
        self.string(variant)?;
        self.push(b":")
    }
}

/// Room [`quote_short`] writes in: a string of up to 16 bytes, its quotes,
/// and the overshoot of its stores; also the room of a field name of up to
/// 16 bytes with its comma, quotes and colon
/// ([`JsonWriter::field_name`]).
const SHORT_ROOM: usize = 24;

/// Room [`JsonWriter::string`] asks for: a string of up to 32 bytes and
/// its quotes ([`quote_medium`] stores nothing past them).
const QUOTED_ROOM: usize = 34;

/// [`quote_short`] for a string of 17 to 32 bytes (else `None`): four
/// overlapping words, the first two and the last two. Ids of places
/// (`vn.post2025.c.00004`), sources (`file.tsv:123`) and many names are
/// that long; the loop of [`escape_into`] took some 200 instructions for
/// each (19,218 strings of s800.jsonl: the whole run took 692.8M
/// instructions so, 690.3M with this).
#[inline]
fn quote_medium(room: &mut [u8], bytes: &[u8]) -> Option<usize> {
    let n = bytes.len();
    if !(17..=32).contains(&n) {
        return None;
    }
    let word = |at: usize| swar::word_at(bytes, at);
    let (a, b, c, d) = (word(0)?, word(8)?, word(n - 16)?, word(n - 8)?);
    if needs_escape(a) | needs_escape(b) | needs_escape(c) | needs_escape(d) != 0 {
        return None;
    }
    *room.get_mut(0)? = b'"';
    put::<8>(room, 1, a)?;
    put::<8>(room, 9, b)?;
    put::<8>(room, n - 15, c)?;
    put::<8>(room, n - 7, d)?;
    *room.get_mut(n + 1)? = b'"';
    Some(n + 2)
}

/// Writes `"bytes"` at the start of `room` and says how many bytes that
/// took, if `bytes` is at most 16 bytes long and needs no escape (else
/// `None`, and `room` holds garbage). Like a small `memcpy`, it reads and
/// writes two overlapping pieces of a fixed size: all the bytes checked
/// are bytes of the string.
#[inline]
fn quote_short(room: &mut [u8], bytes: &[u8]) -> Option<usize> {
    let n = bytes.len();
    if n > 16 {
        return None;
    }
    let (head, tail) = if n >= 8 {
        (
            swar::word_at(bytes, 0)?,
            swar::word_at(bytes, n.checked_sub(8)?)?,
        )
    } else if n >= 4 {
        (half_word(bytes, 0)?, half_word(bytes, n - 4)?)
    } else if n > 0 {
        // One to three bytes: the first, the middle and the last.
        let byte = |i: usize| bytes.get(i).copied().map(u64::from);
        let word = byte(0)? | byte(n / 2)? << 8 | byte(n - 1)? << 16;
        (word | SPACES << 24, SPACES)
    } else {
        (SPACES, SPACES)
    };
    if needs_escape(head) | needs_escape(tail) != 0 {
        return None;
    }
    *room.get_mut(0)? = b'"';
    if n >= 8 {
        put::<8>(room, 1, head)?;
        put::<8>(room, n - 7, tail)?;
    } else if n >= 4 {
        put::<4>(room, 1, head)?;
        put::<4>(room, n - 3, tail)?;
    } else if n > 0 {
        *room.get_mut(1)? = head as u8;
        *room.get_mut(1 + n / 2)? = (head >> 8) as u8;
        *room.get_mut(n)? = (head >> 16) as u8;
    }
    *room.get_mut(n + 1)? = b'"';
    Some(n + 2)
}

/// Four bytes of `bytes` from `at` as a word, spaces above them.
#[inline]
fn half_word(bytes: &[u8], at: usize) -> Option<u64> {
    let four = bytes.get(at..)?.first_chunk::<4>()?;
    Some(u64::from(u32::from_le_bytes(*four)) | SPACES << 32)
}

/// Stores the low `N` bytes of `word` at `at` in `room`.
#[inline]
fn put<const N: usize>(room: &mut [u8], at: usize, word: u64) -> Option<()> {
    let bytes = word.to_le_bytes();
    room.get_mut(at..at + N)?.copy_from_slice(bytes.get(..N)?);
    Some(())
}

/// Eight spaces, the padding of a word past the end of a string: a space
/// needs no escape.
const SPACES: u64 = 0x2020_2020_2020_2020;

/// Copies `src` into `dst`, of the same length: pieces of up to 16 bytes
/// (punctuation, numbers: nearly all of them) as two overlapping
/// fixed-size copies rather than a call to `memcpy`.
#[inline]
fn copy(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    if n > 16 || dst.len() != n {
        dst.copy_from_slice(src);
    } else if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..].copy_from_slice(&src[n - 4..]);
    } else if n >= 2 {
        dst[..2].copy_from_slice(&src[..2]);
        dst[n - 2..].copy_from_slice(&src[n - 2..]);
    } else if n == 1 {
        dst[0] = src[0];
    }
}

/// Writes `bytes` escaped into `out` eight bytes at a time (each word is
/// stored whole, then the write position moves past its clean bytes) and
/// says how many bytes it wrote; `None` if `out` may be too short.
fn escape_into(out: &mut [u8], bytes: &[u8]) -> Option<usize> {
    let mut o = 0;
    let mut at = 0;
    while at < bytes.len() {
        let word = word_at(bytes, at);
        out.get_mut(o..o + 8)?.copy_from_slice(&word.to_le_bytes());
        let flags = needs_escape(word);
        if flags == 0 {
            let clean = (bytes.len() - at).min(8);
            (o, at) = (o + clean, at + clean);
            continue;
        }
        let clean = (flags.trailing_zeros() / 8) as usize;
        (o, at) = (o + clean, at + clean);
        let escaped = escape(*bytes.get(at)?);
        out.get_mut(o..o + 6)?.copy_from_slice(&escaped.0);
        (o, at) = (o + escaped.1, at + 1);
    }
    Some(o)
}

/// Eight bytes of `bytes` from `at`; past the end, spaces.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    if let Some(word) = swar::word_at(bytes, at) {
        return word;
    }
    // Fewer than eight bytes are left (none at or past the end: then all
    // spaces); the `min` keeps the shift under 64 bits.
    let left = bytes.len().saturating_sub(at).min(7);
    swar::tail_word(bytes, at).unwrap_or(0) | SPACES << (8 * left)
}

/// The high bit of each byte of `word` that JSON escapes (`"`, `\` or a
/// control byte below 0x20). Bytes above the first flagged one may be
/// flagged wrongly (a borrow carries up), so only the lowest flag is used;
/// bytes of 0x80 and over (UTF-8 beyond ASCII) are never flagged.
#[inline]
fn needs_escape(word: u64) -> u64 {
    control_bytes(word) | bytes_equal(word, b'"') | bytes_equal(word, b'\\')
}

/// The escape of `byte`, one that [`needs_escape`] flags.
fn escape(byte: u8) -> Escape {
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let (hi, lo) = (HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]);
            return Escape([b'\\', b'u', b'0', b'0', hi, lo], 6);
        }
    };
    Escape([b'\\', short, 0, 0, 0, 0], 2)
}

/// An escape sequence on the stack: its bytes and its length.
struct Escape([u8; 6], usize);

impl Escape {
    fn as_bytes(&self) -> &[u8] {
        &self.0[..self.1]
    }
}

/// What serialising can fail with: the writer's error, or a value JSON
/// cannot hold (a map key that is not a string, a custom error) as an
/// `io::Error` of kind `InvalidData`, as serde_json reports it. One pointer
/// wide on 64-bit targets, so that the `Result` every `serialize_*` call
/// returns travels in a register rather than through memory (an enum of
/// the two, 24 bytes, did not).
#[derive(Debug)]
struct Error(io::Error);

type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A value JSON cannot hold, said by `message`.
    fn data(message: impl Into<String>) -> Self {
        Error(io::Error::new(io::ErrorKind::InvalidData, message.into()))
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error(e)
    }
}

/// As serde_json's error becomes an `io::Error`.
impl From<Error> for io::Error {
    fn from(e: Error) -> Self {
        e.0
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error::data(message.to_string())
    }
}

fn key_must_be_a_string() -> Error {
    Error::data("key must be a string")
}

/// The struct name `serde_json::Number` serialises under with
/// `arbitrary_precision` (serde_json's private `number::TOKEN`); its one
/// field, of the same name, is the number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Methods of a serializer that refuse every value they are given.
macro_rules! refuse {
    ($error:ident: $($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<()> {
            Err($error())
        })*
    };
}

/// The compound types of a serializer of one scalar, and the methods that
/// would start them (or wrap a value in a variant), all refused.
macro_rules! refuse_compounds {
    ($error:ident) => {
        type SerializeSeq = Impossible<(), Error>;
        type SerializeTuple = Impossible<(), Error>;
        type SerializeTupleStruct = Impossible<(), Error>;
        type SerializeTupleVariant = Impossible<(), Error>;
        type SerializeMap = Impossible<(), Error>;
        type SerializeStruct = Impossible<(), Error>;
        type SerializeStructVariant = Impossible<(), Error>;

        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<()> {
            Err($error())
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Impossible<(), Error>> {
            Err($error())
        }
        fn serialize_tuple(self, _: usize) -> Result<Impossible<(), Error>> {
            Err($error())
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Impossible<(), Error>> {
            Err($error())
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Impossible<(), Error>> {
            Err($error())
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Impossible<(), Error>> {
            Err($error())
        }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Impossible<(), Error>> {
            Err($error())
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Impossible<(), Error>> {
            Err($error())
        }
    };
}

/// The `serialize_*` methods of every integer type: each binds the
/// serializer to `$s` and the integer to `$v` in `$body`.
macro_rules! integers {
    (|$s:ident, $v:ident| $body:expr) => {
        integers!(@each $s $v $body; serialize_i8 i8, serialize_i16 i16, serialize_i32 i32,
            serialize_i64 i64, serialize_i128 i128, serialize_u8 u8, serialize_u16 u16,
            serialize_u32 u32, serialize_u64 u64, serialize_u128 u128);
    };
    (@each $s:ident $v:ident $body:expr; $($method:ident $t:ty),*) => {
        $(fn $method(self, $v: $t) -> Result<()> {
            let $s = self;
            $body
        })*
    };
}

impl<'a, W: Write> ser::Serializer for &'a mut JsonWriter<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        Ok(self.push(if v { b"true" } else { b"false" })?)
    }
    integers!(|w, v| Ok(w.integer(v)?));
    fn serialize_f32(self, v: f32) -> Result<()> {
        match v.is_finite() {
            true => Ok(self.float(v)?),
            false => self.serialize_unit(),
        }
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        match v.is_finite() {
            true => Ok(self.float(v)?),
            false => self.serialize_unit(),
        }
    }
    fn serialize_char(self, v: char) -> Result<()> {
        Ok(self.string(v.encode_utf8(&mut [0; 4]))?)
    }
    #[inline(always)]
    fn serialize_str(self, v: &str) -> Result<()> {
        Ok(self.string(v)?)
    }
    /// Bytes as an array of numbers, as serde_json writes them.
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }
    #[inline(always)]
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        Ok(self.push(b"null")?)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }
    #[inline(always)]
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        Ok(self.constant(variant)?)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.variant_key(variant)?;
        value.serialize(&mut *self)?;
        Ok(self.push(b"}")?)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        self.open(b"[", b"]")
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a, W>> {
        self.open(b"[", b"]")
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a, W>> {
        self.open(b"[", b"]")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, W>> {
        self.variant_key(variant)?;
        self.open(b"[", b"]}")
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, W>> {
        self.open(b"{", b"}")
    }
    #[inline(always)]
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Compound<'a, W>> {
        if name == NUMBER_TOKEN {
            return Ok(Compound {
                w: self,
                first: true,
                close: b"",
                number: true,
            });
        }
        self.open(b"{", b"}")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, W>> {
        self.variant_key(variant)?;
        self.open(b"{", b"}}")
    }
    /// Written piece by piece through the escaper, not gathered in a
    /// `String` first (serde's default).
    fn collect_str<T: ?Sized + Display>(self, value: &T) -> Result<()> {
        self.push(b"\"")?;
        let mut pieces = Pieces {
            w: &mut *self,
            error: None,
        };
        if fmt::write(&mut pieces, format_args!("{value}")).is_err() {
            return Err(match pieces.error {
                Some(e) => Error(e),
                None => ser::Error::custom("a Display implementation returned an error"),
            });
        }
        Ok(self.push(b"\"")?)
    }
}

/// [`JsonWriter::string_contents`] as a `fmt::Write`, keeping the writer's
/// error (which `fmt` cannot carry).
struct Pieces<'a, W> {
    w: &'a mut JsonWriter<W>,
    error: Option<io::Error>,
}

impl<W: Write> fmt::Write for Pieces<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.w.string_contents(s).map_err(|e| {
            self.error = Some(e);
            fmt::Error
        })
    }
}

/// An array or object being written: commas go before all items but the
/// first, `close` after the last. `number` marks a `serde_json::Number`,
/// whose one field is written as it is.
struct Compound<'a, W> {
    w: &'a mut JsonWriter<W>,
    first: bool,
    close: &'static [u8],
    number: bool,
}

impl<W: Write> Compound<'_, W> {
    /// The comma before every item but the first.
    #[inline]
    fn comma(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.first) {
            Ok(())
        } else {
            self.w.push(b",")
        }
    }

    #[inline(always)]
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.comma()?;
        value.serialize(&mut *self.w)
    }

    #[inline(always)]
    fn key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.comma()?;
        key.serialize(MapKey(&mut *self.w))?;
        Ok(self.w.push(b":")?)
    }

    /// A struct field: its name is a string already.
    #[inline(always)]
    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<()> {
        if self.number {
            return match key {
                NUMBER_TOKEN => value.serialize(NumberText(&mut *self.w)),
                _ => Err(invalid_number()),
            };
        }
        let first = std::mem::take(&mut self.first);
        self.w.field_name(first, key)?;
        value.serialize(&mut *self.w)
    }

    #[inline(always)]
    fn close(self) -> Result<()> {
        Ok(self.w.push(self.close)?)
    }
}

/// The serde traits of sequences for [`Compound`]: each item an element.
macro_rules! sequence_impls {
    ($($name:ident::$method:ident),*) => {$(
        impl<W: Write> ser::$name for Compound<'_, W> {
            type Ok = ();
            type Error = Error;
            #[inline(always)]
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
                self.element(value)
            }
            #[inline(always)]
            fn end(self) -> Result<()> {
                self.close()
            }
        }
    )*};
}

sequence_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<W: Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    #[inline(always)]
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.key(key)
    }
    #[inline(always)]
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.w)
    }
    #[inline(always)]
    fn end(self) -> Result<()> {
        self.close()
    }
}

/// The serde traits of structs for [`Compound`]: each item a field.
macro_rules! struct_impls {
    ($($name:ident),*) => {$(
        impl<W: Write> ser::$name for Compound<'_, W> {
            type Ok = ();
            type Error = Error;
            #[inline(always)]
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<()> {
                self.field(key, value)
            }
            #[inline(always)]
            fn end(self) -> Result<()> {
                self.close()
            }
        }
    )*};
}

struct_impls!(SerializeStruct, SerializeStructVariant);

/// Writes a map key as serde_json's `MapKeySerializer` does: strings,
/// chars and unit variants as strings; integers, bools and finite floats
/// as strings of their JSON form; anything else is an error.
struct MapKey<'a, W>(&'a mut JsonWriter<W>);

impl<W: Write> MapKey<'_, W> {
    /// `write` between quotes.
    fn quoted(self, write: impl FnOnce(&mut JsonWriter<W>) -> io::Result<()>) -> Result<()> {
        self.0.push(b"\"")?;
        write(&mut *self.0)?;
        Ok(self.0.push(b"\"")?)
    }
}

impl<W: Write> ser::Serializer for MapKey<'_, W> {
    type Ok = ();
    type Error = Error;
    refuse_compounds!(key_must_be_a_string);

    #[inline(always)]
    fn serialize_str(self, v: &str) -> Result<()> {
        Ok(self.0.string(v)?)
    }
    fn serialize_char(self, v: char) -> Result<()> {
        Ok(self.0.string(v.encode_utf8(&mut [0; 4]))?)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        Ok(self.0.string(variant)?)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    #[inline(always)]
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn collect_str<T: ?Sized + Display>(self, value: &T) -> Result<()> {
        self.0.collect_str(value)
    }
    fn serialize_bool(self, v: bool) -> Result<()> {
        self.quoted(|w| w.push(if v { b"true" } else { b"false" }))
    }
    integers!(|key, v| key.quoted(|w| w.integer(v)));
    fn serialize_f32(self, v: f32) -> Result<()> {
        match v.is_finite() {
            true => self.quoted(|w| w.float(v)),
            false => Err(Error::data("float key must be finite")),
        }
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        match v.is_finite() {
            true => self.quoted(|w| w.float(v)),
            false => Err(Error::data("float key must be finite")),
        }
    }
    refuse!(key_must_be_a_string: serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str));
}

fn invalid_number() -> Error {
    Error::data("invalid number")
}

/// The text of a `serde_json::Number`, written as it is (it was valid JSON
/// when parsed or formatted); only a string is accepted.
struct NumberText<'a, W>(&'a mut JsonWriter<W>);

impl<W: Write> ser::Serializer for NumberText<'_, W> {
    type Ok = ();
    type Error = Error;
    refuse_compounds!(invalid_number);

    #[inline(always)]
    fn serialize_str(self, v: &str) -> Result<()> {
        Ok(self.0.push(v.as_bytes())?)
    }
    refuse!(invalid_number: serialize_bool(bool), serialize_i8(i8), serialize_i16(i16),
        serialize_i32(i32), serialize_i64(i64), serialize_i128(i128), serialize_u8(u8),
        serialize_u16(u16), serialize_u32(u32), serialize_u64(u64), serialize_u128(u128),
        serialize_f32(f32), serialize_f64(f64), serialize_char(char), serialize_bytes(&[u8]),
        serialize_none(), serialize_unit(), serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str));
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<()> {
        Err(invalid_number())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<()> {
        Err(invalid_number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Map, Value};
    use std::collections::BTreeMap;

    /// What this writer writes for `value`, or its error.
    fn ours<T: ?Sized + Serialize>(value: &T) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        write_line(&mut out, value)?;
        Ok(out)
    }

    /// What serde_json writes, with the newline `write_line` adds.
    fn theirs<T: ?Sized + Serialize>(value: &T) -> Vec<u8> {
        let mut out = serde_json::to_vec(value).unwrap();
        out.push(b'\n');
        out
    }

    fn same<T: ?Sized + Serialize + fmt::Debug>(value: &T) {
        assert_eq!(
            String::from_utf8(ours(value).unwrap()).unwrap(),
            String::from_utf8(theirs(value)).unwrap(),
            "{value:?}"
        );
    }

    /// A word of a string is its eight bytes from a place, spaces past
    /// its end, so that the padding never looks like a byte to escape;
    /// and a clean short string goes into the buffer in one go.
    #[test]
    fn words_of_a_string_are_padded_with_spaces() {
        for len in 0..=20u8 {
            let bytes: Vec<u8> = (0..len).map(|k| b'a' + k).collect();
            for at in 0..usize::from(len) {
                let mut padded = [b' '; 8];
                let rest = &bytes[at..bytes.len().min(at + 8)];
                padded[..rest.len()].copy_from_slice(rest);
                assert_eq!(
                    word_at(&bytes, at),
                    u64::from_le_bytes(padded),
                    "{len}: {at}"
                );
            }
            let mut out = [0u8; 40];
            assert_eq!(escape_into(&mut out, &bytes), Some(bytes.len()), "{len}");
            assert_eq!(&out[..bytes.len()], &bytes[..]);
        }
    }

    /// Characters that JSON escapes, or that a writer might wrongly
    /// escape, among ordinary ones.
    fn tricky_char() -> impl Strategy<Value = char> {
        prop_oneof![
            any::<char>(),
            (0u8..0x20).prop_map(char::from),
            Just('"'),
            Just('\\'),
            Just('/'),
            Just('\u{7f}'),
            Just('\u{2028}'),
            Just('\u{2029}'),
            Just('ệ'),
            Just('😀'),
            Just('a'),
        ]
    }

    fn tricky_string(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(tricky_char(), 0..max).prop_map(String::from_iter)
    }

    fn number() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            Just(json!(0.1)),
            Just(json!(1e300)),
            Just(json!(-0.0)),
            Just(json!(i64::MIN)),
            Just(json!(u64::MAX)),
            Just(json!(5e-324)),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            number(),
            tricky_string(24).prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                proptest::collection::vec((tricky_string(12), inner), 0..8)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
            ]
        })
    }

    proptest! {
        #[test]
        fn strings_are_written_as_serde_json_writes_them(s in tricky_string(64)) {
            same(&s);
            // As a map key too, and after other output (the buffer is not
            // empty, so a string may not fit in what is left of it).
            same(&BTreeMap::from([(s.clone(), s.clone())]));
            same(&vec![s.repeat(200); 30]);
        }

        #[test]
        fn values_are_written_as_serde_json_writes_them(v in value()) {
            same(&v);
        }

        #[test]
        fn floats_are_written_as_serde_json_writes_them(f in any::<f64>(), g in any::<f32>()) {
            same(&f);
            same(&g);
            same(&(f, g, Some(f), None::<f64>));
        }

        #[test]
        fn integers_are_written_as_serde_json_writes_them(
            a in any::<i64>(), b in any::<u64>(), c in any::<i128>(), d in any::<u128>(),
            e in any::<i8>(), f in any::<u16>(),
        ) {
            same(&(a, b, c, d, e, f));
            same(&BTreeMap::from([(a, b)]));
            same(&BTreeMap::from([(c, e)]));
        }
    }

    #[test]
    fn every_byte_escape_is_serde_json_s() {
        for byte in 0u8..0x80 {
            let one = char::from(byte).to_string();
            same(&one);
            // At each place of a word and of strings longer than one: of
            // two words and more, of four, of more than four.
            for len in [20, 32, 33] {
                for at in 0..len {
                    let mut s = "x".repeat(len);
                    s.replace_range(at..at + 1, &one);
                    same(&s);
                }
            }
        }
    }

    #[test]
    fn numbers_parsed_from_text_keep_their_text() {
        // `arbitrary_precision`: a number keeps the text it was read as
        // (its parser writes exponents one way), beyond what u64 or f64
        // could hold.
        let text = r#"[0.1,1e300,1E+300,-0.0,-9223372036854775808,18446744073709551615,
            123456789012345678901234567890,1.50,0]"#;
        let v: Value = serde_json::from_str(text).unwrap();
        same(&v);
        assert_eq!(
            String::from_utf8(ours(&v).unwrap()).unwrap(),
            "[0.1,1e+300,1e+300,-0.0,-9223372036854775808,18446744073709551615,\
             123456789012345678901234567890,1.50,0]\n"
        );
    }

    #[derive(serde::Serialize, Debug)]
    enum Shape {
        Unit,
        // A unit variant's name past the 16 bytes copied whole.
        AUnitVariantOfALongName,
        Newtype(u8),
        Tuple(u8, String),
        Struct { a: Option<u8>, b: &'static str },
    }

    #[derive(serde::Serialize, Debug)]
    struct Unit;

    #[derive(serde::Serialize, Debug)]
    struct Pair(i32, bool);

    #[test]
    fn every_kind_of_serde_value_is_serde_json_s() {
        same(&[
            Shape::Unit,
            Shape::AUnitVariantOfALongName,
            Shape::Newtype(1),
            Shape::Tuple(2, "t".into()),
            Shape::Struct { a: None, b: "\"" },
        ]);
        same(&(Unit, Pair(-1, true), (), 'x', '"', Vec::<u8>::new()));
        same(&BTreeMap::from([(true, 1), (false, 2)]));
        same(&BTreeMap::from([('k', 1)]));
        same(&BTreeMap::<String, u8>::new());
        same(&serde_bytes_like(b"\x00\xff"));
    }

    #[test]
    fn field_names_of_every_length_are_serde_json_s() {
        /// A struct of `.0` fields named "a", "ab", "abc" …, each worth
        /// its length: the first field without a comma, names of up to 16
        /// bytes copied whole, longer ones through the general way.
        #[derive(Debug)]
        struct Fields(usize);
        impl Serialize for Fields {
            fn serialize<S: ser::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                use ser::SerializeStruct;
                const LETTERS: &str = "abcdefghijklmnopqrstuvwxyz";
                let mut fields = s.serialize_struct("Fields", self.0)?;
                for n in 1..=self.0 {
                    fields.serialize_field(&LETTERS[..n], &n)?;
                }
                fields.end()
            }
        }
        for count in 0..=26 {
            same(&Fields(count));
        }
    }

    /// Bytes serialised as bytes (serde's impls for `[u8]` write a
    /// sequence instead).
    fn serde_bytes_like(bytes: &'static [u8]) -> impl Serialize + fmt::Debug {
        #[derive(Debug)]
        struct Bytes(&'static [u8]);
        impl Serialize for Bytes {
            fn serialize<S: ser::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        Bytes(bytes)
    }

    #[test]
    fn collect_str_escapes_each_piece() {
        #[derive(Debug)]
        struct Shown;
        impl Display for Shown {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Several pieces, numbers among them, each with escapes.
                write!(f, "a\"b{}\\", 1)?;
                f.write_str("\n\u{1}")
            }
        }
        #[derive(Debug)]
        struct Collected;
        impl Serialize for Collected {
            fn serialize<S: ser::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_str(&Shown)
            }
        }
        same(&Collected);
        same(&BTreeMap::from([("k", Collected)]));
    }

    #[test]
    fn keys_that_are_not_strings_are_errors() {
        let unit_key = BTreeMap::from([((), 1)]);
        assert!(serde_json::to_vec(&unit_key).is_err());
        let err = ours(&unit_key).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert_eq!(err.to_string(), "key must be a string");
        assert!(ours(&BTreeMap::from([(vec![1], 1)])).is_err());
    }

    #[test]
    fn large_values_go_through_the_buffer_whole() {
        let long = "ệ\"\n".repeat(3 * BUFFER);
        same(&long);
        same(&vec![long.as_str(); 3]);
        let plain = "a".repeat(BUFFER + 7);
        same(&(plain.as_str(), 1, plain.as_str()));
        let many: Vec<_> = (0..5000).map(|i| (i, format!("s{i}"), 0.5)).collect();
        same(&many);
    }

    #[test]
    fn the_writer_s_errors_come_back_as_they_were() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "gone"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let err = write_line(Broken, &"x".repeat(3 * BUFFER)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
        let err = write_line(Broken, &1).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
        // A failed write hands its buffer back as this thread's spare, as a
        // good one does: the same buffer, not a new one for each record.
        let spare = vec![0; BUFFER].into_boxed_slice();
        let at = spare.as_ptr();
        SPARE.set(Some(spare));
        assert!(write_line(Broken, &"y").is_err());
        assert_eq!(SPARE.take().map(|b| b.as_ptr()), Some(at));
    }
}
