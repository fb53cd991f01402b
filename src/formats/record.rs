//! Writing one annotated document as a `vietag annotate` record: the one
//! place where typed entities become JSON (the wire format is documented in
//! [`super::jsonl`]).
//!
//! Entities carry lexicon entries as ids and document text as byte spans;
//! here they are written straight into the output buffer through serde
//! (and the crate's own serializer, [`super::json_writer`]), without
//! building intermediate JSON values.

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::Value;

use crate::attrs::{
    Attrs, DateAttrs, DocRefAttrs, LocAttrs, NumericAttrs, OrgAttrs, OrgHead, PerAttrs, Source,
    TextSpan, TitleAttrs, Unit,
};
use crate::claims::Claim;
use crate::encoding::Encoding;
use crate::entity::{Entity, Nested};
use crate::findings::Finding;
use crate::known::Known;
use crate::label::Label;
use crate::lexicon::{Entry, EntryId};
use crate::matcher::CompiledLexicon;
use crate::numeric::{JsonNumber, Op, Role, Roles};
use crate::text::{OffsetConverter, OffsetUnit};

/// What writing needs besides the entities: the text, the lexicon the ids
/// refer to, and the offset unit.
struct Ctx<'a> {
    text: &'a str,
    lexicon: &'a CompiledLexicon,
    roles: &'a Roles,
    conv: std::cell::RefCell<OffsetConverter<'a>>,
    /// An entry's source, `file:line`, as it is joined.
    joined: std::cell::RefCell<String>,
}

impl<'a> Ctx<'a> {
    fn entry(&self, id: EntryId) -> Option<&'a Entry> {
        self.lexicon.entry(id.0)
    }

    fn offset(&self, byte: usize) -> usize {
        self.conv.borrow_mut().convert(byte)
    }

    fn text(&self, span: TextSpan) -> &'a str {
        span.text(self.text)
    }

    /// The entry's `id`, when it has one.
    fn entry_id(&self, id: EntryId) -> Option<&'a str> {
        self.entry(id).map(|e| &*e.id).filter(|s| !s.is_empty())
    }
}

/// How records are written.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct OutputOptions {
    /// Unit of `start`/`end`.
    pub unit: OffsetUnit,
    /// Add the document text to each record.
    pub include_text: bool,
    /// The encoding the document was decoded from, written as `encoding`
    /// after the id (the pipeline sets it per document; `None` writes no
    /// field).
    pub encoding: Option<Encoding>,
}

/// What a record holds after its head: the flat entities (and nested
/// ones, if asked for), the claims and the findings.
pub(crate) struct Body<'a> {
    pub(crate) entities: &'a [Entity],
    pub(crate) claims: &'a [Claim],
    pub(crate) findings: &'a [Finding],
}

/// What a record starts with: the document id and the fields of the input
/// record kept after it.
pub(crate) struct Head<'a> {
    pub(crate) id: &'a Value,
    pub(crate) kept: &'a serde_json::Map<String, Value>,
}

/// Writes the record of `body` (and a newline) into `out`; straight into a
/// writer, so that the record of a very large document is never held whole
/// in memory.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_to<W: std::io::Write>(
    out: W,
    head: Head<'_>,
    text: &str,
    body: Body<'_>,
    lexicon: &CompiledLexicon,
    roles: &Roles,
    opts: OutputOptions,
) -> std::io::Result<()> {
    let ctx = Ctx {
        text,
        lexicon,
        roles,
        conv: std::cell::RefCell::new(OffsetConverter::new(text, opts.unit)),
        joined: Default::default(),
    };
    let record = RecordOut {
        head,
        encoding: opts.encoding.map(crate::encoding::Encoding::name),
        text: opts.include_text.then_some(text),
        entities: Entities {
            ctx: &ctx,
            list: body.entities,
        },
        claims: ClaimsOut(body.claims),
        findings: FindingsOut(body.findings),
    };
    // JSON is written in many small pieces: the writer buffers them, so
    // they are copies into a buffer rather than calls through the caller's
    // writer (often a `dyn Write`), and the record is still never held whole.
    super::json_writer::write_line(out, &record)
}

/// The `attrs` object of one entity as a JSON value (for tests and for
/// callers that want one entity's JSON).
pub(crate) fn attrs_value(
    entity: &Entity,
    text: &str,
    lexicon: &CompiledLexicon,
    roles: &Roles,
) -> Value {
    attrs_of(
        &entity.attrs,
        entity.label,
        &entity.nested,
        text,
        lexicon,
        roles,
    )
}

/// Attributes, label and nested mentions as the JSON `attrs` object.
pub(crate) fn attrs_of(
    attrs: &Attrs,
    label: Label,
    nested: &[Nested],
    text: &str,
    lexicon: &CompiledLexicon,
    roles: &Roles,
) -> Value {
    let ctx = Ctx {
        text,
        lexicon,
        roles,
        conv: std::cell::RefCell::new(OffsetConverter::new(text, Default::default())),
        joined: Default::default(),
    };
    let out = AttrsOut {
        ctx: &ctx,
        attrs,
        label,
        nested,
    };
    serde_json::to_value(&out).unwrap_or(Value::Null)
}

struct RecordOut<'a> {
    head: Head<'a>,
    /// The encoding the text was decoded from (offsets refer to the decoded text).
    encoding: Option<&'static str>,
    text: Option<&'a str>,
    entities: Entities<'a>,
    claims: ClaimsOut<'a>,
    findings: FindingsOut<'a>,
}

impl Serialize for RecordOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", self.head.id)?;
        if let Some(encoding) = self.encoding {
            map.serialize_entry("encoding", encoding)?;
        }
        for (k, v) in self.head.kept {
            map.serialize_entry(k, v)?;
        }
        if let Some(text) = self.text {
            map.serialize_entry("text", text)?;
        }
        map.serialize_entry("entities", &self.entities)?;
        map.serialize_entry("claims", &self.claims)?;
        map.serialize_entry("findings", &self.findings)?;
        map.end()
    }
}

struct ClaimsOut<'a>(&'a [crate::claims::Claim]);

impl Serialize for ClaimsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(crate::claims::ClaimJson))
    }
}

struct FindingsOut<'a>(&'a [crate::findings::Finding]);

impl Serialize for FindingsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(crate::findings::FindingJson))
    }
}

struct Entities<'a> {
    ctx: &'a Ctx<'a>,
    list: &'a [Entity],
}

impl Serialize for Entities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.list.len()))?;
        for e in self.list {
            seq.serialize_element(&EntityOut {
                start: self.ctx.offset(e.start),
                end: self.ctx.offset(e.end),
                label: Known(e.label.as_str()),
                text: e.text(self.ctx.text),
                attrs: AttrsOut {
                    ctx: self.ctx,
                    attrs: &e.attrs,
                    label: e.label,
                    nested: &e.nested,
                },
                source: SourceOut {
                    ctx: self.ctx,
                    source: e.source,
                },
                parent: e.parent,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct EntityOut<'a> {
    start: usize,
    end: usize,
    label: Known,
    text: &'a str,
    attrs: AttrsOut<'a>,
    source: SourceOut<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<usize>,
}

struct SourceOut<'a> {
    ctx: &'a Ctx<'a>,
    source: Source,
}

impl Serialize for SourceOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.source {
            Source::Entry(id) => match self.ctx.entry(id) {
                Some(e) => {
                    // Joined in a buffer kept for the record rather than
                    // through `Display`: the formatting machinery cost more
                    // than the rest of the entity's fields together
                    // (measured).
                    let mut line = itoa::Buffer::new();
                    let mut joined = self.ctx.joined.borrow_mut();
                    joined.clear();
                    joined.push_str(&e.origin.file);
                    joined.push(':');
                    joined.push_str(line.format(e.origin.line));
                    s.serialize_str(&joined)
                }
                None => s.serialize_str("lexicon"),
            },
            // The rule holds its written text: nothing to join.
            Source::Rule(r) => Known(r.as_written()).serialize(s),
        }
    }
}

/// The `attrs` object of an entity: its typed attributes, then `nested`.
struct AttrsOut<'a> {
    ctx: &'a Ctx<'a>,
    attrs: &'a Attrs,
    label: Label,
    nested: &'a [Nested],
}

impl Serialize for AttrsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = self.ctx;
        let nested = (!self.nested.is_empty()).then_some(NestedOut {
            ctx,
            list: self.nested,
        });
        match self.attrs {
            Attrs::Entry(id) => entry_attrs(s, ctx, *id, nested),
            Attrs::Loc(a) => loc_out(ctx, a, nested).serialize(s),
            Attrs::Org(a) => OrgOut {
                nested,
                ..org_out(ctx, a)
            }
            .serialize(s),
            Attrs::Title(a) => title_out(ctx, a, nested).serialize(s),
            Attrs::Per(a) => per_out(ctx, a, nested).serialize(s),
            Attrs::DocRef(a) => docref_out(ctx, a, nested).serialize(s),
            Attrs::Date(a) => date_out(a, nested).serialize(s),
            Attrs::Numeric(a) => numeric_out(ctx, a, self.label, nested).serialize(s),
            _ => NoneOut { nested }.serialize(s),
        }
    }
}

/// No attributes but the nested mentions.
#[derive(Serialize)]
struct NoneOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    nested: Option<NestedOut<'a>>,
}

/// A lexicon entry's own attributes: its id, then its `key=value` pairs in
/// file order.
fn entry_attrs<S: Serializer>(
    s: S,
    ctx: &Ctx<'_>,
    id: EntryId,
    nested: Option<NestedOut<'_>>,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    if let Some(e) = ctx.entry(id) {
        if !e.id.is_empty() {
            map.serialize_entry("id", &e.id)?;
        }
        for (k, v) in e.attrs.iter() {
            map.serialize_entry(k, v)?;
        }
    }
    if let Some(n) = nested {
        map.serialize_entry("nested", &n)?;
    }
    map.end()
}

/// `a|b|c` written as a JSON array.
struct Bars<'a>(&'a str);

impl Serialize for Bars<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Split on the byte: `str::split` with a `char` pattern set up a
        // searcher for each list, more than the writing of its few items.
        let mut seq = s.serialize_seq(None)?;
        let mut rest = self.0;
        while let Some(bar) = rest.bytes().position(|b| b == b'|') {
            seq.serialize_element(rest.get(..bar).unwrap_or_default())?;
            rest = rest.get(bar + 1..).unwrap_or_default();
        }
        seq.serialize_element(rest)?;
        seq.end()
    }
}

#[derive(Serialize)]
struct LocOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'a str>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    type_: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    era: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    province: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    successors: Option<Bars<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nested: Option<NestedOut<'a>>,
}

fn loc_out<'a>(ctx: &'a Ctx<'a>, a: &LocAttrs, nested: Option<NestedOut<'a>>) -> LocOut<'a> {
    let unit = a.unit.and_then(|u| ctx.entry(u));
    // The type word written wins over the unit's own type.
    let written_type = a
        .type_word
        .and_then(|t| ctx.entry(t))
        .and_then(|e| e.attr("type"));
    let mut out = LocOut {
        id: unit.map(|u| &*u.id),
        candidates: (a.candidates > 1).then_some(a.candidates),
        code: None,
        level: None,
        type_: None,
        era: None,
        province: None,
        parent: None,
        valid: None,
        successors: None,
        kind: a
            .feature
            .and_then(|f| ctx.entry(f))
            .and_then(|e| e.attr("kind")),
        nested,
    };
    // One pass over the unit's pairs, not a search per field: a unit has
    // a dozen of them. The first pair of a key wins, as in `Entry::attr`.
    for (k, v) in unit.into_iter().flat_map(|u| u.attrs.iter()) {
        let field = match k {
            "code" => &mut out.code,
            "level" => &mut out.level,
            "type" => &mut out.type_,
            "era" => &mut out.era,
            "province" => &mut out.province,
            "parent" => &mut out.parent,
            "valid" => &mut out.valid,
            "successors" => {
                out.successors.get_or_insert(Bars(v));
                continue;
            }
            _ => continue,
        };
        field.get_or_insert(v);
    }
    if written_type.is_some() {
        out.type_ = written_type;
    }
    out
}

#[derive(Serialize)]
struct OrgOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ticker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    of: Option<Box<OrgOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<ViaOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nested: Option<NestedOut<'a>>,
}

/// `attrs.via`: the mention that licensed this one, in the output's offset
/// unit.
#[derive(Serialize)]
struct ViaOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn via_out<'a>(ctx: &'a Ctx<'a>, via: Option<TextSpan>) -> Option<ViaOut<'a>> {
    via.map(|v| ViaOut {
        start: ctx.offset(v.start as usize),
        end: ctx.offset(v.end as usize),
        text: ctx.text(v),
    })
}

fn org_out<'a>(ctx: &'a Ctx<'a>, a: &'a OrgAttrs) -> OrgOut<'a> {
    let head = ctx.entry(a.head);
    let surface = head.map(|e| &*e.surface);
    let attr = |k: &str| head.and_then(|e| e.attr(k));
    let (body, id, level, kind) = match a.head_kind {
        OrgHead::National => (
            surface,
            ctx.entry_id(a.head),
            Some(attr("level").unwrap_or("central")),
            None,
        ),
        OrgHead::Named => (surface, None, None, attr("kind")),
        OrgHead::Brand => (surface, ctx.entry_id(a.head), None, attr("kind")),
        OrgHead::Cue => (None, None, None, attr("kind")),
        OrgHead::Club => (None, None, None, Some("club")),
        OrgHead::Committee => (attr("body").or(surface), None, attr("level"), None),
        OrgHead::Prefix | OrgHead::Unit => (attr("body").or(surface), None, None, None),
    };
    OrgOut {
        body,
        id,
        level,
        kind,
        place: a.place.map(|p| ctx.text(p)),
        place_id: a.place_id.and_then(|p| ctx.entry_id(p)),
        ticker: (a.head_kind == OrgHead::Brand)
            .then(|| attr("ticker"))
            .flatten(),
        country: (a.head_kind == OrgHead::Brand)
            .then(|| attr("country"))
            .flatten(),
        of: a.of.as_deref().map(|o| Box::new(org_out(ctx, o))),
        via: via_out(ctx, a.via),
        nested: None,
    }
}

#[derive(Serialize)]
struct TitleOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    org: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<OrgOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nested: Option<NestedOut<'a>>,
}

fn title_out<'a>(
    ctx: &'a Ctx<'a>,
    a: &'a TitleAttrs,
    nested: Option<NestedOut<'a>>,
) -> TitleOut<'a> {
    TitleOut {
        role: ctx.entry(a.role).map(|e| &*e.surface),
        org: a.org.map(|o| ctx.text(o)),
        body: a.body.as_ref().map(|b| org_out(ctx, b)),
        nested,
    }
}

#[derive(Serialize)]
struct PerOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    surname: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    given: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    foreign: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<ViaOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nested: Option<NestedOut<'a>>,
}

fn per_out<'a>(ctx: &'a Ctx<'a>, a: &PerAttrs, nested: Option<NestedOut<'a>>) -> PerOut<'a> {
    PerOut {
        surname: a.surname.and_then(|e| ctx.entry(e)).map(|e| &*e.surface),
        given: a.given.map(|g| ctx.text(g)),
        foreign: a.foreign,
        via: via_out(ctx, a.via),
        nested,
    }
}

#[derive(Serialize)]
struct DocRefOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    type_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plenum: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    congress: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    term: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    type_mismatch: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    amends: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nested: Option<NestedOut<'a>>,
}

fn docref_out<'a>(
    ctx: &'a Ctx<'a>,
    a: &'a DocRefAttrs,
    nested: Option<NestedOut<'a>>,
) -> DocRefOut<'a> {
    DocRefOut {
        doc_type: a.doc_type.as_deref(),
        number: a.number.as_deref(),
        type_code: a.type_code.as_deref(),
        issuer_code: a.issuer_code.as_deref(),
        year: a.year,
        id: a.id.as_deref(),
        plenum: a.plenum,
        congress: a.congress,
        date: a.date.as_deref(),
        issuer: a.issuer.map(|i| ctx.text(i)),
        term: a.term,
        subject: a.subject.as_deref(),
        type_mismatch: a.type_mismatch,
        amends: a.amends.as_deref(),
        nested,
    }
}

#[derive(Serialize)]
struct DateOut<'a> {
    #[serde(serialize_with = "iso_str")]
    value: crate::calendar::IsoText,
    kind: Known,
    #[serde(skip_serializing_if = "Option::is_none")]
    weekday: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nested: Option<NestedOut<'a>>,
}

/// An ISO value as a JSON string.
fn iso_str<S: Serializer>(text: &crate::calendar::IsoText, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(text.as_str())
}

fn date_out<'a>(a: &DateAttrs, nested: Option<NestedOut<'a>>) -> DateOut<'a> {
    DateOut {
        value: a.value.iso(),
        kind: Known(a.kind()),
        weekday: a.weekday,
        nested,
    }
}

#[derive(Serialize)]
struct NumericOut<'a> {
    value: JsonNumber,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<JsonNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    op: Option<Known>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decimals: Option<u8>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    points: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    currency_implied: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    unit_inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<Known>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<JsonNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    per: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nested: Option<NestedOut<'a>>,
}

fn numeric_out<'a>(
    ctx: &'a Ctx<'a>,
    a: &'a NumericAttrs,
    label: Label,
    nested: Option<NestedOut<'a>>,
) -> NumericOut<'a> {
    let unit = match &a.unit {
        Some(Unit::Entry(e)) => match ctx.roles.get(e.0) {
            Role::Unit { unit, .. } => Some(&**unit),
            _ => None,
        },
        Some(Unit::Inferred(noun) | Unit::Named(noun)) => Some(&**noun),
        None => None,
    };
    NumericOut {
        value: JsonNumber(a.value),
        max: a.max.map(JsonNumber),
        op: (a.op != Op::Eq).then(|| Known(a.op.as_str())),
        decimals: (label == Label::Percent && a.decimals > 0).then_some(a.decimals),
        points: a.points,
        currency: a.currency.as_ref().map(|c| c.as_str()),
        currency_implied: a.currency_implied,
        unit,
        unit_inferred: matches!(a.unit, Some(Unit::Inferred(_))),
        kind: a.kind.map(|k| Known(k.as_str())),
        total: a.total.map(JsonNumber),
        per: a.per.as_deref(),
        nested,
    }
}

/// `attrs.nested`: the mentions inside an entity, as label, text and id.
struct NestedOut<'a> {
    ctx: &'a Ctx<'a>,
    list: &'a [Nested],
}

#[derive(Serialize)]
struct NestedItem<'a> {
    label: Known,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
}

impl Serialize for NestedOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ctx = self.ctx;
        s.collect_seq(self.list.iter().map(|n| NestedItem {
            label: Known(n.label.as_str()),
            text: ctx.text.get(n.start..n.end).unwrap_or(""),
            id: attrs_id(ctx, &n.attrs),
        }))
    }
}

/// The `id` an entity's attributes give it, if any.
fn attrs_id<'a>(ctx: &Ctx<'a>, attrs: &'a Attrs) -> Option<&'a str> {
    match attrs {
        Attrs::Entry(e) => ctx.entry_id(*e),
        Attrs::Loc(l) => l.unit.and_then(|u| ctx.entry_id(u)),
        Attrs::Org(o) if matches!(o.head_kind, OrgHead::National | OrgHead::Brand) => {
            ctx.entry_id(o.head)
        }
        Attrs::DocRef(d) => d.id.as_deref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AnnotatorBuilder;

    /// The source of the one entity a lexicon named `file` finds in "Xã Tân Hòa".
    fn source_from(file: &str) -> String {
        let annotator = AnnotatorBuilder::new()
            .default_lexicons(false)
            .lexicon_str(file, "surface\tlabel\tid\tattrs\nTân Hòa\tLOC\t\t\n")
            .build()
            .unwrap();
        let text = "Xã Tân Hòa";
        let mut out = Vec::new();
        annotator
            .annotate(text)
            .write_json(&mut out, &Value::Null, text, OutputOptions::default());
        let record: Value = serde_json::from_slice(&out).unwrap();
        record["entities"][0]["source"]
            .as_str()
            .unwrap()
            .to_string()
    }

    #[test]
    fn sources_are_written_whole_whatever_their_length() {
        assert_eq!(source_from("mine.tsv"), "mine.tsv:2");
        let long = format!("{}/mine.tsv", "d".repeat(1000));
        assert_eq!(source_from(&long), format!("{long}:2"));
    }
}
