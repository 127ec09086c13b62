//! One mistake, one finding.
//!
//! Some rules report consequences of a mistake another rule already reports: a privileged
//! container also "keeps its capabilities" and "may gain privileges"; `cap_add` without a drop is
//! the same missing `cap_drop: [ALL]` that SS301 reports; a password inside a URL inside a
//! secret-like variable is one secret, not two. Folding keeps the finding that names the mistake
//! (the *carrier*) and moves the others into its [`Finding::related`] list: still shown as
//! related information (SARIF `relatedLocations`, LSP related information, a line in the text
//! output), but not counted, not annotated and without fixes of their own, so that "fix all" does
//! not add `cap_drop: [ALL]` next to `privileged: true`.
//!
//! Folding runs after suppressions (what is suppressed is gone, so suppressing a carrier brings
//! back what it folded: the mistake it named is accepted, the rest stands on its own), and only
//! among the findings of one document. The table, per carrier, is in docs/rules.md.

use std::collections::HashMap;

use crate::finding::{Finding, Related};

/// `(carrier, folded codes, how they must relate)`, applied in this order: a finding folded by
/// an earlier entry cannot carry or be folded by a later one.
const FOLDS: &[(&str, &[&str], Relation)] = &[
    // A privileged container has every capability and every device: the "missing" settings
    // are meaningless beside it, and their fixes would do nothing.
    (
        "SS401",
        &["SS101", "SS301", "SS302", "SS403", "SS404", "SS601"],
        Relation::SameObject,
    ),
    // `cap_add` without `cap_drop: [ALL]` is SS301's missing drop, seen from the added side.
    // (SS302 stays apart: its fix, adding `NET_RAW` to the drops, is safe where SS301's is not.)
    ("SS301", &["SS403"], Relation::SameObject),
    // `SYS_ADMIN` always allows privilege escalation: one capability, one finding.
    ("SS402", &["SS404"], Relation::SameRange),
    // A credential inside a value another secret rule reports: one secret, one finding.
    ("SS501", &["SS503"], Relation::Within),
    ("SS502", &["SS503"], Relation::Within),
    ("SS504", &["SS503"], Relation::Within),
    ("SS505", &["SS503"], Relation::Within),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// Both name the same object (`service db`, `Deployment/api container app`).
    SameObject,
    /// Both underline the same text.
    SameRange,
    /// The folded finding underlines text inside the carrier's.
    Within,
}

impl Relation {
    /// How the docs say it: "on the same service or container", ...
    pub fn describe(self) -> &'static str {
        match self {
            Relation::SameObject => "on the same service, container or unit",
            Relation::SameRange => "on the same text",
            Relation::Within => "inside the text it reports",
        }
    }
}

/// `(carrier, relation)` for each rule that `code` is folded into, in the order folding tries them.
pub fn folded_into(code: &str) -> Vec<(&'static str, Relation)> {
    FOLDS
        .iter()
        .filter(|(_, folded, _)| folded.contains(&code))
        .map(|(carrier, _, relation)| (*carrier, *relation))
        .collect()
}

/// `(folded code, relation)` for each rule that `code` carries.
pub fn carried_by(code: &str) -> Vec<(&'static str, Relation)> {
    FOLDS
        .iter()
        .filter(|(carrier, _, _)| *carrier == code)
        .flat_map(|(_, folded, relation)| folded.iter().map(|f| (*f, *relation)))
        .collect()
}

/// Fold `findings` (one document's) as the table says; the order of the rest is kept.
pub(crate) fn fold(findings: Vec<Finding>) -> Vec<Finding> {
    if findings.len() < 2 {
        return findings;
    }
    let mut slots: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    for (carrier_code, folded_codes, relation) in FOLDS {
        let carriers: Vec<usize> = slots
            .iter()
            .enumerate()
            .filter(|(_, slot)| slot.as_ref().is_some_and(|f| f.code == *carrier_code))
            .map(|(index, _)| index)
            .collect();
        if carriers.is_empty() {
            continue;
        }
        // Carriers by object, so that the same-object folds stay linear in the findings.
        let mut by_object: HashMap<&str, usize> = HashMap::new();
        if matches!(relation, Relation::SameObject) {
            for &index in carriers.iter().rev() {
                if let Some(object) = slots[index].as_ref().and_then(|f| f.object.as_deref()) {
                    by_object.insert(object, index);
                }
            }
        }
        let mut moves: Vec<(usize, usize)> = Vec::new();
        for (index, slot) in slots.iter().enumerate() {
            let Some(finding) = slot else { continue };
            if !folded_codes.contains(&finding.code.as_str()) {
                continue;
            }
            let carrier = match relation {
                Relation::SameObject => finding
                    .object
                    .as_deref()
                    .and_then(|object| by_object.get(object).copied()),
                Relation::SameRange | Relation::Within => carriers.iter().copied().find(|&c| {
                    slots[c].as_ref().is_some_and(|carrier| {
                        let (outer, inner) = (carrier.range, finding.range);
                        match relation {
                            Relation::SameRange => outer == inner,
                            _ => outer.start <= inner.start && inner.end <= outer.end,
                        }
                    })
                }),
            };
            if let Some(carrier) = carrier {
                moves.push((index, carrier));
            }
        }
        for (index, carrier) in moves {
            if let Some(folded) = slots[index].take() {
                if let Some(carrier) = slots[carrier].as_mut() {
                    carrier.related.push(Related::from(folded));
                }
            }
        }
    }
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use crate::{check, Config, Document, FileKind};

    fn codes(kind: FileKind, text: &str) -> Vec<(String, Vec<String>)> {
        check(&Document::new("t", text, kind), &Config::default())
            .into_iter()
            .map(|f| (f.code, f.related.into_iter().map(|r| r.code).collect()))
            .collect()
    }

    #[test]
    fn a_privileged_service_is_one_error_carrying_the_missing_settings() {
        let text =
            "services:\n  app:\n    image: nginx\n    privileged: true\n  web:\n    image: nginx\n";
        let found = codes(FileKind::Compose, text);
        let folded = ["SS101", "SS301", "SS404", "SS601"]
            .map(String::from)
            .to_vec();
        // app (line 2) shows only SS401, carrying its four; web (line 5) keeps its own four.
        assert_eq!(
            found,
            [
                ("SS401".to_string(), folded),
                ("SS101".to_string(), vec![]),
                ("SS301".to_string(), vec![]),
                ("SS404".to_string(), vec![]),
                ("SS601".to_string(), vec![]),
            ]
        );
    }

    #[test]
    fn cap_add_without_a_drop_folds_into_ss301_and_sys_admin_escalation_into_ss402() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext:\n      readOnlyRootFilesystem: true\n      capabilities: {add: [SYS_ADMIN]}\n";
        let found = codes(FileKind::Kubernetes, text);
        assert_eq!(
            found,
            [
                ("SS301".to_string(), vec!["SS403".to_string()]),
                ("SS402".to_string(), vec!["SS404".to_string()]),
            ]
        );
    }

    #[test]
    fn a_url_credential_inside_a_secret_variable_is_one_finding() {
        let text = "services:\n  db:\n    image: postgres:16\n    read_only: true\n    cap_drop: [ALL]\n    pids_limit: 100\n    security_opt: [no-new-privileges:true]\n    environment:\n      DATABASE_PASSWORD: \"postgres://admin:s3cretpassw0rd@db:5432/app\"\n      DATABASE_URL: \"postgres://admin:s3cretpassw0rd@db:5432/app\"\n";
        let found = codes(FileKind::Compose, text);
        assert_eq!(
            found,
            [
                ("SS501".to_string(), vec!["SS503".to_string()]),
                ("SS503".to_string(), vec![]),
            ]
        );
    }

    #[test]
    fn suppressing_the_carrier_brings_back_what_it_folded() {
        let text =
            "services:\n  app: # shipshape ignore=SS401\n    image: nginx\n    privileged: true\n";
        let found = codes(FileKind::Compose, text);
        let plain: Vec<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
        assert_eq!(plain, ["SS101", "SS301", "SS404", "SS601"], "{found:?}");
    }
}
