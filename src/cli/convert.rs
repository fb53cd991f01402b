//! `vietag convert --from ENCODING INPUT -o OUT`: old Vietnamese encodings
//! (TCVN3, VNI, Windows-1258, VIQR) to NFC UTF-8, and back with `--to`.

use std::io::{self, Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use clap::ValueEnum;
use vietag::encoding::{
    decode, decode_lossy, detect, encode, encode_lossy, Encoding, EncodingChoice,
};

use super::files::display_name;
use super::output::Output;
use super::{EXIT_OK, EXIT_SOME_FAILED};

const EXAMPLES: &str = "\
Examples:
  vietag convert old-decree.txt -o decree.txt            # detect the encoding
  vietag convert --from tcvn3 old-decree.txt -o decree.txt
  vietag convert --to vni decree.txt -o decree-vni.txt   # UTF-8 to VNI
  cat memo.txt | vietag convert --from viqr -

Exit status: 0 converted; 1 INPUT could not be read in the encoding (or
no encoding reads it as Vietnamese), or OUT cannot hold a character;
2 usage error or unreadable input.";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The file to read, - for standard input.
    #[arg(value_name = "INPUT")]
    input: String,
    /// The encoding of INPUT; auto picks the one that reads as Vietnamese.
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto, value_name = "ENCODING")]
    from: EncodingArg,
    /// The encoding to write (UTF-8 is written in NFC).
    #[arg(long, value_enum, default_value_t = TargetArg::Utf8, value_name = "ENCODING")]
    to: TargetArg,
    /// Output file, or - for standard output (the default).
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// Bytes INPUT's encoding leaves undefined become U+FFFD, and characters
    /// the output encoding has no code for become '?', instead of an error.
    #[arg(long)]
    lossy: bool,
}

/// An input encoding on the command line (also `annotate --encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    /// Detect: the encoding whose reading is clearly Vietnamese
    Auto,
    /// UTF-8
    Utf8,
    /// TCVN3 (ABC, the .Vn fonts; .VnH capitals)
    Tcvn3,
    /// VNI Windows (the VNI- fonts)
    Vni,
    /// Windows-1258
    Cp1258,
    /// VIQR (RFC 1456), "Vie^.t Nam"
    Viqr,
}

impl From<EncodingArg> for EncodingChoice {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Auto => EncodingChoice::Auto,
            EncodingArg::Utf8 => EncodingChoice::Forced(Encoding::Utf8),
            EncodingArg::Tcvn3 => EncodingChoice::Forced(Encoding::Tcvn3),
            EncodingArg::Vni => EncodingChoice::Forced(Encoding::Vni),
            EncodingArg::Cp1258 => EncodingChoice::Forced(Encoding::Cp1258),
            EncodingArg::Viqr => EncodingChoice::Forced(Encoding::Viqr),
        }
    }
}

/// An output encoding on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    /// UTF-8, NFC
    Utf8,
    /// TCVN3 (capitals with tone marks in TCVN 5712 VN2)
    Tcvn3,
    /// VNI Windows
    Vni,
    /// Windows-1258
    Cp1258,
    /// VIQR
    Viqr,
}

impl From<TargetArg> for Encoding {
    fn from(t: TargetArg) -> Self {
        match t {
            TargetArg::Utf8 => Encoding::Utf8,
            TargetArg::Tcvn3 => Encoding::Tcvn3,
            TargetArg::Vni => Encoding::Vni,
            TargetArg::Cp1258 => Encoding::Cp1258,
            TargetArg::Viqr => Encoding::Viqr,
        }
    }
}

pub fn run(args: Args) -> Result<u8> {
    let name = display_name(&args.input);
    let bytes = read_input(&args.input).with_context(|| format!("{name}: cannot read"))?;
    let text = match read_text(&bytes, args.from.into(), args.lossy) {
        Ok((text, note)) => {
            diag!("vietag: {name}: {note}");
            text
        }
        Err(message) => {
            diag!("vietag: {name}: {message}");
            return Ok(EXIT_SOME_FAILED);
        }
    };
    let target = Encoding::from(args.to);
    let out = if args.lossy {
        encode_lossy(&text, target)
    } else {
        match encode(&text, target) {
            Ok(out) => out,
            Err(e) => {
                diag!("vietag: {name}: {e}; pass --lossy to write '?' for it");
                return Ok(EXIT_SOME_FAILED);
            }
        }
    };
    let mut output = Output::open(
        args.output.as_deref().map(Path::new),
        &[Path::new(&args.input)],
    )?;
    output.write_all(&out)?;
    output.commit()?;
    Ok(EXIT_OK)
}

/// The text of `bytes` and a note on how it was read, or why it cannot be.
fn read_text(
    bytes: &[u8],
    choice: EncodingChoice,
    lossy: bool,
) -> std::result::Result<(String, String), String> {
    match choice {
        EncodingChoice::Forced(e) if lossy => Ok((decode_lossy(bytes, e), read_as(e, None))),
        EncodingChoice::Forced(e) => decode(bytes, e)
            .map(|t| (t, read_as(e, None)))
            .map_err(|err| err.to_string()),
        // Auto and Default, and any choice added later: detect.
        _ => match detect(bytes) {
            Ok(d) => {
                let note = read_as(d.encoding, d.score.map(|s| s.to_string()));
                Ok((d.text.into_owned(), note))
            }
            Err(u) => Err(format!("{u}; name the encoding with --from")),
        },
    }
}

fn read_as(e: Encoding, detail: Option<String>) -> String {
    match detail {
        Some(d) => format!("read as {} ({d})", e.title()),
        None => format!("read as {}", e.title()),
    }
}

fn read_input(input: &str) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if input == "-" {
        io::stdin().lock().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(input)?;
    }
    Ok(bytes)
}
