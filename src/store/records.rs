//! Versioned record encoding. Domain types carry no serde derives: each stored value is one
//! version byte followed by the JSON of an explicit record type, so a field can change in a
//! later version while old records still decode (and are migrated at start-up).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::brief::{Block, Brief, Section};

/// Version byte of brief records written by this build.
pub(crate) const BRIEF_RECORD_V1: u8 = 1;

#[derive(Serialize, Deserialize)]
struct BriefRecordV1 {
    id: String,
    date: String,
    title: String,
    lead: String,
    sections: Vec<SectionRecordV1>,
    source: String,
    content_hash: String,
    revision: u32,
    ingested_at: i64,
}

#[derive(Serialize, Deserialize)]
struct SectionRecordV1 {
    heading: String,
    /// `("p", text)` for a paragraph, `("li", text)` for a bullet.
    blocks: Vec<(String, String)>,
}

pub(crate) fn encode_brief(b: &Brief) -> Vec<u8> {
    let rec = BriefRecordV1 {
        id: b.id.clone(),
        date: b.date.to_string(),
        title: b.title.clone(),
        lead: b.lead.clone(),
        sections: b
            .sections
            .iter()
            .map(|s| SectionRecordV1 {
                heading: s.heading.clone(),
                blocks: s
                    .blocks
                    .iter()
                    .map(|bl| match bl {
                        Block::Paragraph(t) => ("p".to_string(), t.clone()),
                        Block::Bullet(t) => ("li".to_string(), t.clone()),
                    })
                    .collect(),
            })
            .collect(),
        source: b.source.clone(),
        content_hash: b.content_hash.clone(),
        revision: b.revision,
        ingested_at: b.ingested_at,
    };
    let mut out = vec![BRIEF_RECORD_V1];
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_writer(&mut out, &rec).expect("brief record serializes");
    out
}

pub(crate) fn decode_brief(key: &[u8], bytes: &[u8]) -> Result<Brief, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        reason,
    };
    let (version, body) = bytes
        .split_first()
        .ok_or_else(|| corrupt("empty record".into()))?;
    if *version != BRIEF_RECORD_V1 {
        return Err(corrupt(format!("unknown brief record version {version}")));
    }
    let rec: BriefRecordV1 = serde_json::from_slice(body).map_err(|e| corrupt(e.to_string()))?;
    let date = NaiveDate::parse_from_str(&rec.date, "%Y-%m-%d")
        .map_err(|e| corrupt(format!("bad date {:?}: {e}", rec.date)))?;
    let mut sections = Vec::with_capacity(rec.sections.len());
    for s in rec.sections {
        let mut blocks = Vec::with_capacity(s.blocks.len());
        for (kind, text) in s.blocks {
            blocks.push(match kind.as_str() {
                "p" => Block::Paragraph(text),
                "li" => Block::Bullet(text),
                other => return Err(corrupt(format!("unknown block kind {other:?}"))),
            });
        }
        sections.push(Section {
            heading: s.heading,
            blocks,
        });
    }
    Ok(Brief {
        id: rec.id,
        date,
        title: rec.title,
        lead: rec.lead,
        sections,
        source: rec.source,
        content_hash: rec.content_hash,
        revision: rec.revision,
        ingested_at: rec.ingested_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brief_round_trips_and_rejects_unknown_versions() {
        let b = Brief {
            id: "2025-09-05-borderland-brief".into(),
            date: NaiveDate::from_ymd_opt(2025, 9, 5).unwrap(),
            title: "Borderland Brief".into(),
            lead: "Lead “quoted”".into(),
            sections: vec![Section {
                heading: "What Happened".into(),
                blocks: vec![
                    Block::Paragraph("Rzeszów.".into()),
                    Block::Bullet("one".into()),
                ],
            }],
            source: "briefs/x.txt".into(),
            content_hash: "ab".into(),
            revision: 2,
            ingested_at: 1_700_000_000,
        };
        let bytes = encode_brief(&b);
        assert_eq!(decode_brief(b"k", &bytes).unwrap(), b);
        let mut future = bytes.clone();
        future[0] = 9;
        assert!(matches!(
            decode_brief(b"k", &future),
            Err(StoreError::Corrupt { .. })
        ));
        assert!(decode_brief(b"k", &[]).is_err());
    }
}
