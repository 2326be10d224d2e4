//! `name-variant`: one name written several ways, in one article or across the articles of a
//! story: "Sergei Lavrov" and "Sergey Lavrov", "Bashar Assad" and "Bashar al-Assad", "Shayrat",
//! "al-Shayrat" and "Sha'irat", "Russia" and the spun "Russian Federation".
//!
//! Aggregated and machine-rewritten copy mixes the transliterations of its sources and swaps
//! plain names for formal ones; readers notice, and a name spelled two ways looks like two
//! people. The check finds the names of the story (capitalised sequences and acronyms, with
//! titles and roles stripped: "Russian Foreign Minister Sergey Lavrov" is "Sergey Lavrov"), groups
//! the spellings of one name, and flags each form that differs from the preferred one: as a
//! warning when the article itself also uses another form, as information when only other
//! articles of the story do. The finding sits on the first mention of the form in the body
//! (one finding per form and article) and links to the other forms' mentions; hovering any name
//! lists all its forms in the story with counts and places.
//!
//! Spellings are one name when they agree word for word once case, accents, apostrophes,
//! hyphens, the "al-"/"el-" particles, i/y, s/z, x/ks, zh/j ("Zhumabekov"/"Jumabekov"), ou/u
//! ("Doroud"/"Dorud"), oo/u ("Masood"/"Masud"), ee/i ("Tehreek"/"Tehrik"), an opening dj/j
//! ("Djoko"/"Joko"), an opening gh/q in a long word ("Ghazanfari"/"Qazanfari") and doubled
//! letters are set aside ("Ft.", "Mt." and an opening "St." read as Fort, Mount and Saint), or
//! when one word of at least six letters (seven for a one-word name) differs by a single vowel
//! inside it ("Mohammad"/"Mohammed"; the usual romanisations of Muhammad are one), or when a
//! long word differs by a plural "s" ("Communications"/"Communication Workers"), or when a name
//! of three words or more has one word swapped by a synonym tool ("Jinnah Worldwide Airport"
//! for Jinnah International Airport, "Nationwide Hurricane Center"). Romanised Korean and
//! Chinese given names keep their hyphenated syllable ("Kim Yong-chol" is "Kim Yong Chol"). An
//! alias table covers the formal names of spun copy: "Russian Federation" for Russia, "North
//! Atlantic Treaty Organisation" for NATO, "Federal Bureau of Investigation" for the FBI,
//! "Central Intelligence Agency" for the CIA, "United Nations Organisation", "Union of Soviet
//! Socialist Republics", "United States of America" (for the United States, not for "U.S." or
//! "USA", which are house style), and the formal names of states that news copy leaves to
//! protocol ("Syrian Arab Republic", "Islamic Republic of Iran", "Democratic People's Republic
//! of Korea", "Republic of Indonesia", "Kingdom of Saudi Arabia", ...; not "Republic of
//! Ireland" or "Democratic Republic of Congo", which name something else than the short form).
//! An alias is flagged where the story also writes the plain name (or a house form names it):
//! alone, a formal name is not a variant of anything. Full names compete with full names and
//! one-word names with one-word names: "Trump", "Donald Trump" and "President Donald Trump" are
//! one consistent name.
//!
//! The preferred form is a house form listed under `[names] house` in `.copydesk.toml`, else the
//! plain name of an alias, else the form most of the story uses (the first used on a tie). Fixes:
//! use the preferred form here, or throughout the file; spellings listed together under `[names]
//! accept` are never flagged against each other ("Accept both spellings" adds a pair there).
//!
//! Deliberately not flagged: different people who share a given name or a surname ("Bashar
//! al-Assad" and "Bashar Ja'afari", "Hafez al-Assad" and "Bashar al-Assad"); a surname alone next
//! to the full name; adjectives and plurals ("Russian", "Syrians" next to "Russia"); a name
//! ending differently ("Lavrov"/"Lavrova", "Francesco"/"Francesca") or differing in a consonant
//! ("Austria"/"Australia"); acronyms written with and without dots or in full ("U.S.", "US",
//! "USA", "United States") and the capital of a particle ("Al-Ansari"/"al-Ansari"), which are
//! house style; months and weekdays; words that owe their capital to the start of a sentence
//! ("Still", "Speaking") or to a headline in Title Case; bylines, datelines and boilerplate.

use std::fmt::Write as _;

use crate::analysis::checks::{Check, CheckContext, CheckId, Info, ACROSS_FILES, WITHIN_FILE};
use crate::analysis::names::{self, Flag, Mention, Slot, Story};
use crate::analysis::{DocId, Edit, Finding, Fix, Location, Related};

pub(super) const EXPLANATION: &str = "One name written several ways in an article or across the \
story: a transliteration (\"Sergei\"/\"Sergey\"), a dropped \"al-\" particle, an apostrophe, or a \
formal alias of spun copy (\"Russian Federation\" for Russia). The preferred form is the house \
form, else the plain name, else the story's majority form.";

/// At most this many related locations per finding: the rest are in the hover.
const MAX_RELATED: usize = 12;
/// At most this many places per document in the list of a form's mentions.
const MAX_LINES: usize = 8;

pub struct NameVariant;

impl Check for NameVariant {
    fn id(&self) -> CheckId {
        CheckId::NameVariant
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let story = Story::build(cx.workspace, cx.doc, cx.peers, &cx.config.names);
        for flag in story.flags(cx.doc).iter() {
            if let Some(finding) = finding(cx, &story, flag) {
                out.push(finding);
            }
        }
    }

    fn info(&self, cx: &CheckContext<'_>, offset: usize) -> Option<Info> {
        let story = Story::build(cx.workspace, cx.doc, cx.peers, &cx.config.names);
        let (m, mention) = story.mention_at(cx.doc, offset)?;
        let form = story.form_of(cx.doc, m)?;
        if story.groups[form.group].adjective {
            return None;
        }
        Some(Info { span: mention.span.clone(), markdown: forms_markdown(cx, &story, form.group) })
    }
}

fn finding(cx: &CheckContext<'_>, story: &Story, flag: &Flag) -> Option<Finding> {
    let ws = cx.workspace;
    let position = story.position(cx.doc)?;
    let here = &story.docs[position];
    // The first mention in the body: the headline is written in its own style and is the last
    // place an editor looks for the spelling of a name.
    let anchor = flag
        .mentions
        .iter()
        .copied()
        .find(|&m| here.mentions.get(m).is_some_and(|m| !m.headline))
        .unwrap_or(flag.mentions[0]);
    let mention = here.mentions.get(anchor)?;
    let within = !flag.others_here.is_empty();

    let quote = |s: &str| format!("'{s}'");
    let message = if within {
        if flag.others_here.iter().any(|o| same(o, &flag.preferred)) {
            format!("Name variant: {} here, {} elsewhere in this article", quote(&flag.form), quote(&flag.preferred))
        } else {
            format!(
                "Name variant: {} here, {} elsewhere in this article; the story's form is {}",
                quote(&flag.form),
                quote(&flag.others_here[0]),
                quote(&flag.preferred)
            )
        }
    } else {
        let files = files_with(cx, story, flag.group, flag.slot, &flag.preferred);
        if files.is_empty() {
            format!("Name variant: {} here; the house form is {}", quote(&flag.form), quote(&flag.preferred))
        } else {
            let shown: Vec<&str> = files.iter().take(2).map(String::as_str).collect();
            let more = if files.len() > 2 { format!(" and {} more", files.len() - 2) } else { String::new() };
            format!(
                "Name variant: {} here, {} in {}{more}",
                quote(&flag.form),
                quote(&flag.preferred),
                shown.join(", ")
            )
        }
    };

    // The other forms of the name (this article first, then the rest of the story), then the
    // other mentions of this form here.
    let mut related = Vec::new();
    let group = &story.groups[flag.group];
    let mut others: Vec<(bool, DocId, std::ops::Range<usize>, String)> = Vec::new();
    for &f in &group.forms {
        let form = &story.forms[f];
        if form.slot != flag.slot || same(&form.text, &flag.form) {
            continue;
        }
        let what = if same(&form.text, &flag.preferred) {
            format!("{} (the form to use)", quote(&form.text))
        } else {
            quote(&form.text)
        };
        for (doc, span) in story.places(f) {
            others.push((doc != cx.doc, doc, span, what.clone()));
        }
    }
    others
        .sort_by(|a, b| (a.0, ws.doc(a.1).name.as_str(), a.2.start).cmp(&(b.0, ws.doc(b.1).name.as_str(), b.2.start)));
    for (elsewhere, doc, span, what) in others {
        let message = if elsewhere { format!("{what} in {}", ws.doc(doc).file_name()) } else { what };
        related.push(Related { location: Location { doc, span }, message: message.into() });
    }
    for span in flag.mentions.iter().filter(|&&m| m != anchor).filter_map(|&m| here.mentions.span(m)) {
        related.push(Related {
            location: Location { doc: cx.doc, span },
            message: format!("{} again", quote(&flag.form)).into(),
        });
    }
    related.truncate(MAX_RELATED);

    let mut fixes = vec![Fix {
        title: format!("Use {} here", quote(&flag.preferred)).into(),
        edits: vec![edit(cx, story, anchor, flag)?],
    }];
    if flag.all_variants_here.len() > 1 {
        let edits = flag.all_variants_here.iter().filter_map(|&m| edit(cx, story, m, flag)).collect();
        fixes.push(Fix { title: format!("Use {} throughout this file", quote(&flag.preferred)).into(), edits });
    }

    let mut evidence = forms_markdown(cx, story, flag.group);
    let _ = write!(evidence, "\n{} is {}.", quote(&flag.preferred), flag.why.describe());

    Some(Finding {
        check: CheckId::NameVariant,
        doc: cx.doc,
        span: mention.span.clone(),
        severity: if within { WITHIN_FILE } else { ACROSS_FILES },
        message,
        evidence: evidence.into(),
        related,
        fixes,
    })
}

/// Two writings of one form (spaces, typographic apostrophes and the case of particles aside).
fn same(a: &str, b: &str) -> bool {
    names::same_form(a, b)
}

/// The replacement of one mention by the preferred form. A plain name that takes no article
/// replaces "the" with the alias ("the Russian Federation" → "Russia"), and a name that opens a
/// sentence keeps its capital ("Shayrat airfield ..." → "Al-Shayrat airfield ...").
fn edit(cx: &CheckContext<'_>, story: &Story, m: usize, flag: &Flag) -> Option<Edit> {
    let here = &story.docs[story.position(cx.doc)?];
    let mention: Mention = here.mentions.get(m)?;
    let mut span = mention.span.clone();
    let mut replacement = flag.preferred.clone();
    let alias_without_the = story
        .form_of(cx.doc, m)
        .and_then(|f| f.alias)
        .is_some_and(|a| !a.plain_takes_the && same(a.plain, &flag.preferred));
    let mut capital = mention.initial;
    if let Some(the) = mention.the_before.clone().filter(|_| alias_without_the) {
        let text = &cx.workspace.doc(cx.doc).text;
        capital = text[the.clone()].starts_with('T');
        span.start = the.start;
    }
    if capital {
        if let Some(first) = replacement.chars().next().filter(|c| c.is_lowercase()) {
            replacement.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
        }
    }
    Some(Edit { doc: cx.doc, span, replacement: replacement.into() })
}

/// The files other than this one where the story writes `text` in the given slot of a name.
fn files_with(cx: &CheckContext<'_>, story: &Story, group: usize, slot: Slot, text: &str) -> Vec<String> {
    let mut files = Vec::new();
    for &f in &story.groups[group].forms {
        let form = &story.forms[f];
        if form.slot != slot || !same(&form.text, text) {
            continue;
        }
        for (doc, _) in story.places(f) {
            let name = cx.workspace.doc(doc).file_name().to_string();
            if doc != cx.doc && !files.contains(&name) {
                files.push(name);
            }
        }
    }
    files
}

/// Every form of a name in the story, with its count and places, the preferred forms first.
fn forms_markdown(cx: &CheckContext<'_>, story: &Story, group: usize) -> String {
    let ws = cx.workspace;
    let g = &story.groups[group];
    let forms = story.forms_of(group);
    let mentions: usize = forms.iter().map(|&f| story.forms[f].count).sum();
    let title = g.preferred_full.as_ref().or(g.preferred_short.as_ref()).map_or("", |p| p.text.as_str());
    let mut out = format!(
        "**{title}**: {} in the story, {mentions} mention{}\n\n",
        plural(forms.len(), "form"),
        if mentions == 1 { "" } else { "s" }
    );
    for f in forms {
        let form = &story.forms[f];
        let preferred = g.preferred(form.slot).is_some_and(|p| same(&p.text, &form.text))
            && forms_in_slot(story, group, form.slot) > 1;
        let accepted = !preferred && g.preferred(form.slot).is_some_and(|p| story.accepted(&form.text, &p.text));
        let name = if preferred { format!("**{}**", form.text) } else { form.text.clone() };
        let mut notes = Vec::new();
        if preferred {
            notes.push("the form to use");
        }
        if accepted {
            notes.push("accepted");
        }
        if form.alias.is_some() {
            notes.push("alias");
        }
        if form.slot == Slot::Short && g.preferred_full.is_some() {
            notes.push("short form");
        }
        let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
        // Places, grouped by document: this article first.
        let mut by_doc: Vec<(DocId, Vec<usize>)> = Vec::new();
        for (doc, span) in story.places(f) {
            let line = ws.doc(doc).line_of(span.start);
            match by_doc.iter_mut().find(|(d, _)| *d == doc) {
                Some((_, lines)) => lines.push(line),
                None => by_doc.push((doc, vec![line])),
            }
        }
        by_doc.sort_by_key(|(doc, _)| (*doc != cx.doc, ws.doc(*doc).name.clone()));
        let places: Vec<String> = by_doc
            .iter()
            .map(|(doc, lines)| {
                let mut shown: Vec<String> = lines.iter().take(MAX_LINES).map(usize::to_string).collect();
                if lines.len() > MAX_LINES {
                    shown.push("…".to_string());
                }
                let which =
                    if *doc == cx.doc { "this article".to_string() } else { format!("`{}`", ws.doc(*doc).file_name()) };
                format!("{which} (line{} {})", if lines.len() == 1 { "" } else { "s" }, shown.join(", "))
            })
            .collect();
        let _ = writeln!(out, "- {name}{notes}: {}; {}", plural(form.count, "mention"), places.join("; "));
    }
    out
}

fn forms_in_slot(story: &Story, group: usize, slot: Slot) -> usize {
    story.groups[group].forms.iter().filter(|&&f| story.forms[f].slot == slot).count()
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{CheckId, Finding, Severity, Workspace};
    use crate::config::{Config, PartialConfig};

    fn findings_with(ws: &Workspace, name: &str, config: &Config) -> Vec<Finding> {
        let id = ws.id(name).unwrap();
        ws.check(id, config).into_iter().filter(|f| f.check == CheckId::NameVariant).collect()
    }

    /// Strips the `⟦…⟧` markers of a fixture: the text, and the marked spans.
    fn unmark(fixture: &str) -> (String, Vec<String>) {
        let mut text = String::new();
        let mut marked = Vec::new();
        let mut rest = fixture;
        while let Some(open) = rest.find('⟦') {
            text.push_str(&rest[..open]);
            let after = &rest[open + '⟦'.len_utf8()..];
            let close = after.find('⟧').expect("unclosed marker");
            marked.push(after[..close].to_string());
            text.push_str(&after[..close]);
            rest = &after[close + '⟧'.len_utf8()..];
        }
        text.push_str(rest);
        (text, marked)
    }

    /// Checks a story of articles (name, fixture): every finding of every article must be on a
    /// text marked `⟦…⟧`, and every marked text must be flagged. Returns the findings.
    fn check_story(articles: &[(&str, &str)], config: &Config) -> Vec<(String, Finding)> {
        let mut ws = Workspace::new();
        let mut expected = Vec::new();
        for (name, fixture) in articles {
            let (text, marked) = unmark(fixture);
            ws.set(&format!("story/{name}"), text);
            expected.extend(marked.into_iter().map(|m| (name.to_string(), m)));
        }
        let mut got = Vec::new();
        for (name, _) in articles {
            let doc = ws.doc(ws.id(&format!("story/{name}")).unwrap());
            for f in findings_with(&ws, &doc.name, config) {
                got.push((name.to_string(), doc.text[f.span.clone()].to_string(), f));
            }
        }
        let found: Vec<(String, String)> = got.iter().map(|(n, t, _)| (n.clone(), t.clone())).collect();
        assert_eq!(found, expected, "{:#?}", got.iter().map(|(_, _, f)| &f.message).collect::<Vec<_>>());
        got.into_iter().map(|(_, _, f)| (f.message.clone(), f)).collect()
    }

    fn check(fixture: &str) -> Vec<(String, Finding)> {
        check_story(&[("a.txt", fixture)], &Config::default())
    }

    /// Two sentences of one article: the second is flagged as a variant of the first.
    fn variant(first: &str, second: &str) {
        let found = check(&format!("Talks in Moscow\n\n{first}\n\n{second}\n"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.severity, Severity::Warning);
    }

    /// Two sentences of one article with no name variant between them.
    fn not_variant(first: &str, second: &str) {
        check(&format!("Talks in Moscow\n\n{first}\n\n{second}\n"));
    }

    /// The text after applying one fix of the first finding of a one-article story.
    fn fixed(text: &str, fix: usize) -> String {
        let mut ws = Workspace::new();
        ws.set("story/a.txt", text);
        let found = findings_with(&ws, "story/a.txt", &Config::default());
        let mut out = text.to_string();
        let mut edits = found[0].fixes[fix].edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        for pair in edits.windows(2) {
            assert!(pair[1].span.end <= pair[0].span.start, "overlapping edits");
        }
        for e in edits {
            out.replace_range(e.span, &e.replacement);
        }
        out
    }

    // Variants: spellings of one name.

    #[test]
    fn transliteration_i_and_y() {
        variant(
            "Russian Foreign Minister Sergei Lavrov said the strike was illegal.",
            "Speaking after the talks, ⟦Sergey Lavrov⟧ told reporters Moscow would not back down.",
        );
    }

    #[test]
    fn transliterations_of_one_sound() {
        variant(
            "Azamat Zhumabekov won the runoff on Sunday.",
            "Supporters of ⟦Azamat Jumabekov⟧ celebrated in the capital.",
        );
        variant(
            "Transport Minister Djoko Prasetyo visited the port.",
            "⟦Joko Prasetyo⟧ promised an inquiry into the sinking.",
        );
    }

    #[test]
    fn abbreviated_and_spun_words_in_a_name() {
        variant(
            "The storm made landfall near Fort Myers on Wednesday.",
            "Residents of ⟦Ft. Myers⟧ returned to find their homes flooded.",
        );
        variant(
            "The jet was approaching Jinnah International Airport when it went down.",
            "Flights at ⟦Jinnah Worldwide Airport⟧ resumed on Saturday.",
        );
        // Two words of a short name are not enough to tell a swapped word from another name.
        not_variant("The National Guard was deployed on Monday.", "The Nationwide Guard was not.");
    }

    #[test]
    fn common_given_names_and_plural_words_of_long_names() {
        variant(
            "Health Ministry spokesman Mohammed al-Harbi said seven people had died.",
            "⟦Muhammad al-Harbi⟧ said the wounded were in hospital.",
        );
        variant(
            "The Communications Workers of America condemned the cuts.",
            "The ⟦Communication Workers⟧ of America said it would fight them.",
        );
        // A title is not part of the name: "Chief Executive Jürgen Albrecht" is Jürgen Albrecht.
        variant(
            "Chief Executive Jürgen Albrecht told staff on Wednesday.",
            "⟦Juergen Albrecht⟧ has led the company for five years.",
        );
    }

    #[test]
    fn formal_name_of_a_state_beside_the_plain_one() {
        variant(
            "Rescuers in Indonesia resumed the search on Sunday.",
            "The ⟦Republic of Indonesia⟧'s search and rescue agency said 34 people had died.",
        );
        // Alone, a formal name is not a variant of anything.
        not_variant(
            "The Republic of Indonesia's search and rescue agency led the operation.",
            "Divers recovered three more bodies on Sunday.",
        );
    }

    #[test]
    fn al_particle_dropped() {
        variant(
            "The strike targeted forces loyal to President Bashar al-Assad.",
            "Washington has long called for ⟦Bashar Assad⟧ to step down.",
        );
    }

    #[test]
    fn al_particle_on_a_place() {
        variant(
            "The U.S. fired 59 Tomahawk missiles at Syria's al-Shayrat air base.",
            "Satellite images showed damage at the ⟦Shayrat⟧ airfield on Friday.",
        );
    }

    #[test]
    fn apostrophe_in_a_transliteration() {
        variant(
            "The missiles struck the Shayrat air base before dawn.",
            "Lavrov called the strike on ⟦Sha'irat⟧ \"unlawful\".",
        );
    }

    #[test]
    fn spun_alias_of_a_country() {
        // The plain name wins even where the alias comes first.
        variant(
            "⟦Russian Federation⟧ vetoed the resolution on Wednesday.",
            "Russia is Syria's closest ally in the conflict.",
        );
    }

    #[test]
    fn spun_alias_of_an_alliance() {
        variant(
            "Trump said NATO was no longer obsolete.",
            "He praised the ⟦North Atlantic Treaty Organization⟧ for its role against terrorism.",
        );
    }

    #[test]
    fn spun_alias_of_an_agency() {
        variant(
            "Clint Watts, a former ⟦Federal Bureau of Investigation⟧ agent, testified on Thursday.",
            "The FBI declined to comment on the investigation.",
        );
    }

    #[test]
    fn vowel_of_a_long_given_name() {
        variant(
            "Crown Prince Mohammed bin Salman met the envoy in Riyadh.",
            "⟦Mohammad bin Salman⟧ did not comment on the meeting.",
        );
    }

    #[test]
    fn apostrophe_and_double_letter() {
        variant(
            "Syrian U.N. Ambassador Bashar Ja'afari rejected the report.",
            "⟦Bashar Jaafari⟧ said Syria had sent dozens of letters to the council.",
        );
    }

    #[test]
    fn doubled_letter_at_the_end() {
        variant(
            "President Volodymyr Zelensky addressed parliament on Monday.",
            "Aides to ⟦Volodymyr Zelenskyy⟧ said the speech had been planned for weeks.",
        );
    }

    #[test]
    fn i_and_y_in_a_given_name() {
        variant(
            "Kremlin spokesman Dmitry Peskov said the meeting was constructive.",
            "⟦Dmitri Peskov⟧ declined to say whether Putin would attend.",
        );
    }

    #[test]
    fn hyphens_and_particles_together() {
        variant(
            "Egyptian President Abdel Fattah al-Sisi received the delegation.",
            "⟦Abdel-Fattah el-Sisi⟧ said Cairo would host the next round.",
        );
    }

    #[test]
    fn accents_dropped() {
        variant(
            "Turkish President Recep Tayyip Erdoğan spoke by phone with Putin.",
            "⟦Recep Tayyip Erdogan⟧ later told reporters the call had been useful.",
        );
    }

    #[test]
    fn hyphenated_and_spaced_given_name() {
        variant(
            "North Korean leader Kim Jong-un oversaw the launch.",
            "State media said ⟦Kim Jong Un⟧ was satisfied with the test.",
        );
    }

    #[test]
    fn x_and_ks() {
        variant(
            "Opposition leader Alexei Navalny was detained at the airport.",
            "Supporters of ⟦Aleksei Navalny⟧ gathered outside the court.",
        );
    }

    #[test]
    fn british_and_american_spelling_of_an_organisation() {
        variant(
            "The World Health Organization declared an emergency.",
            "A ⟦World Health Organisation⟧ team arrived in Wuhan on Thursday.",
        );
    }

    // Not variants: different names, or one name written consistently.

    #[test]
    fn shared_given_name_is_not_a_variant() {
        not_variant(
            "Washington accused Syrian President Bashar al-Assad of the attack.",
            "Syrian U.N. Ambassador Bashar Ja'afari said Syria had sent dozens of letters.",
        );
    }

    #[test]
    fn surname_and_title_are_one_consistent_name() {
        not_variant(
            "President Donald Trump said relations may be at an all-time low. Trump spoke at the White House.",
            "Only weeks ago, Donald Trump praised Putin. Mr Trump thanked allies for condemning the attack.",
        );
    }

    #[test]
    fn adjective_is_not_the_country() {
        not_variant(
            "Russia vetoed the resolution, Russian diplomats said.",
            "The Russians said the Russian stance would not change.",
        );
    }

    #[test]
    fn us_written_several_ways_is_house_style() {
        not_variant(
            "The U.S. fired 59 missiles. The US says the base was used for the attack.",
            "Tillerson said the USA has conclusive evidence. The United States will act again.",
        );
    }

    #[test]
    fn shared_surname_is_not_a_variant() {
        not_variant(
            "Hafez al-Assad ruled Syria for three decades.",
            "His son Bashar al-Assad took power in 2000, and Assad has ruled since.",
        );
    }

    #[test]
    fn feminine_surname_is_another_person() {
        not_variant(
            "Foreign Minister Sergey Lavrov met Tillerson in Moscow.",
            "Ministry spokeswoman Maria Zakharova said Lavrova, a Tass reporter, and Lavrov spoke briefly.",
        );
    }

    #[test]
    fn different_ending_of_a_given_name_is_another_person() {
        not_variant(
            "Red Cross president Francesco Rocca visited the camp.",
            "His sister Francesca Rocca runs a clinic in Rome.",
        );
    }

    #[test]
    fn one_consonant_makes_another_country() {
        not_variant("Austria closed its border on Sunday.", "Australia said it would take in 12,000 refugees.");
    }

    #[test]
    fn short_names_one_letter_apart_are_different() {
        not_variant("Iran backs the Syrian government.", "Iraq said it would stay neutral.");
    }

    #[test]
    fn sentence_initial_words_are_not_names() {
        not_variant(
            "Still, Washington is not standing in the way. Speaking on Mir television, Putin rejected the claims.",
            "Giving Tillerson a chilly reception, Lavrov said little. Beyond Syria, Russia's meddling hovered.",
        );
    }

    #[test]
    fn months_and_weekdays_are_not_names() {
        not_variant(
            "The talks began on Tuesday, April 11, and ended on Thursday.",
            "Prime Minister Theresa May said in March that the vote would come in May.",
        );
    }

    #[test]
    fn initials_tell_two_presidents_apart() {
        not_variant(
            "George W. Bush ordered the invasion in 2003.",
            "His father George H. W. Bush led the 1991 coalition, and George Bush senior was consulted.",
        );
    }

    #[test]
    fn council_with_and_without_the_un() {
        not_variant(
            "Russia vetoed the UN Security Council resolution.",
            "It was the eighth veto at the Security Council, where the U.N. Security Council met again.",
        );
    }

    #[test]
    fn two_members_of_one_family() {
        not_variant(
            "Kim Jong-un oversaw the test, state media said.",
            "His sister Kim Yo-jong warned Seoul on Friday.",
        );
    }

    #[test]
    fn country_and_its_south() {
        not_variant("Sudan and its neighbour signed the accord.", "South Sudan became independent in 2011.");
    }

    #[test]
    fn capital_of_a_particle_is_house_style() {
        not_variant(
            "Qatar's foreign ministry spokesman Majed al-Ansari said the truce would hold.",
            "Majed Al-Ansari said talks would continue. Al-Ansari declined to give details.",
        );
    }

    #[test]
    fn title_case_headline_adds_no_names() {
        check(
            "Tillerson: Relations Between US And Russia Are 'At A Low Point'\n\n\
             Tillerson said relations with Russia were at a low point. Lavrov agreed.\n",
        );
    }

    // Scope, severity and configuration.

    #[test]
    fn across_the_story_is_information() {
        let found = check_story(
            &[
                ("a.txt", "Strike\n\nThe U.S. fired 59 missiles at Syria's al-Shayrat air base.\n"),
                ("b.txt", "Strike\n\nLavrov criticised the American strike on ⟦Sha'irat⟧ as unlawful.\n"),
            ],
            &Config::default(),
        );
        assert_eq!(found[0].0, "Name variant: 'Sha'irat' here, 'al-Shayrat' in a.txt");
        assert_eq!(found[0].1.severity, Severity::Information);
        assert_eq!(&*found[0].1.related[0].message, "'al-Shayrat' (the form to use) in a.txt");
    }

    #[test]
    fn majority_of_the_story_decides() {
        check_story(
            &[
                ("a.txt", "Talks\n\nRussian Foreign Minister ⟦Sergei Lavrov⟧ met Tillerson.\n"),
                ("b.txt", "Talks\n\nForeign Minister Sergey Lavrov met Tillerson.\n"),
                ("c.txt", "Talks\n\nSergey Lavrov said the talks were frank.\n"),
            ],
            &Config::default(),
        );
    }

    #[test]
    fn house_form_beats_the_majority() {
        let config = Config::layered([&PartialConfig::from_toml("[names]\nhouse = [\"Sergei Lavrov\"]\n").unwrap()]);
        let found = check_story(
            &[
                ("a.txt", "Talks\n\nRussian Foreign Minister Sergei Lavrov met Tillerson.\n"),
                ("b.txt", "Talks\n\nForeign Minister ⟦Sergey Lavrov⟧ met Tillerson.\n"),
                ("c.txt", "Talks\n\n⟦Sergey Lavrov⟧ said the talks were frank.\n"),
            ],
            &config,
        );
        assert!(found[0].1.evidence.ends_with("'Sergei Lavrov' is the house form."), "{}", found[0].1.evidence);
        // A house form applies even when the story never writes it.
        let config = Config::layered([&PartialConfig::from_toml("[names]\nhouse = [\"Sergey Lavrov\"]\n").unwrap()]);
        let found = check_story(&[("a.txt", "Talks\n\n⟦Sergei Lavrov⟧ met Tillerson.\n")], &config);
        assert_eq!(found[0].0, "Name variant: 'Sergei Lavrov' here; the house form is 'Sergey Lavrov'");
    }

    #[test]
    fn accepted_spellings_are_not_flagged() {
        let config = Config::layered([&PartialConfig::from_toml(
            "[names]\naccept = [[\"Sergei Lavrov\", \"Sergey Lavrov\"]]\n",
        )
        .unwrap()]);
        check_story(&[("a.txt", "Talks\n\nSergei Lavrov met Tillerson.\n\nSergey Lavrov said little.\n")], &config);
    }

    #[test]
    fn an_edit_changes_the_story() {
        let mut ws = Workspace::new();
        ws.set("story/a.txt", "Talks\n\nSergei Lavrov met Tillerson.\n");
        ws.set("story/b.txt", "Talks\n\nSergei Lavrov met Tillerson again.\n");
        assert!(findings_with(&ws, "story/b.txt", &Config::default()).is_empty());
        ws.set("story/a.txt", "Talks\n\nSergey Lavrov met Tillerson.\n");
        let found = findings_with(&ws, "story/b.txt", &Config::default());
        assert_eq!(found[0].message, "Name variant: 'Sergei Lavrov' here, 'Sergey Lavrov' in a.txt");
        ws.remove("story/a.txt");
        assert!(findings_with(&ws, "story/b.txt", &Config::default()).is_empty());
    }

    #[test]
    fn check_can_be_disabled() {
        let config = Config::layered([&PartialConfig::from_toml("[checks.name-variant]\nenabled = false\n").unwrap()]);
        check_story(&[("a.txt", "Talks\n\nSergei Lavrov met Tillerson.\n\nSergey Lavrov said little.\n")], &config);
    }

    // Fixes, as before and after text.

    #[test]
    fn use_the_preferred_form_here() {
        let text = "Syria\n\nPresident Bashar al-Assad spoke. Bashar al-Assad's forces advanced.\n\nCritics of Bashar Assad's regime protested.\n";
        assert_eq!(
            fixed(text, 0),
            "Syria\n\nPresident Bashar al-Assad spoke. Bashar al-Assad's forces advanced.\n\nCritics of Bashar al-Assad's regime protested.\n"
        );
    }

    #[test]
    fn use_the_plain_name_throughout_the_file() {
        let text = "Russian Federation vetoes resolution\n\nThe Russian Federation vetoed the resolution. Russia is Syria's ally.\n\n\"Putin is the leader of Russian Federation\", he said of Russian Federation's president.\n";
        assert_eq!(
            fixed(text, 1),
            "Russia vetoes resolution\n\nRussia vetoed the resolution. Russia is Syria's ally.\n\n\"Putin is the leader of Russia\", he said of Russia's president.\n"
        );
        let mut ws = Workspace::new();
        ws.set("story/a.txt", text);
        let found = findings_with(&ws, "story/a.txt", &Config::default());
        // The finding sits in the body, not in the headline.
        assert_eq!(&text[found[0].span.clone()], "Russian Federation");
        assert!(found[0].span.start > 40);
        assert_eq!(&*found[0].fixes[0].title, "Use 'Russia' here");
        assert_eq!(&*found[0].fixes[1].title, "Use 'Russia' throughout this file");
    }

    #[test]
    fn a_particle_opening_a_sentence_is_capitalised() {
        let text = "Strike\n\nThe missiles hit the al-Shayrat air base. Al-Shayrat was used for the attack.\n\nShayrat airfield was damaged.\n";
        assert_eq!(
            fixed(text, 0),
            "Strike\n\nThe missiles hit the al-Shayrat air base. Al-Shayrat was used for the attack.\n\nAl-Shayrat airfield was damaged.\n"
        );
    }

    // Hover.

    #[test]
    fn hover_on_any_name_lists_its_forms() {
        let mut ws = Workspace::new();
        ws.set(
            "story/a.txt",
            "Talks\n\nRussian Foreign Minister Sergei Lavrov met Tillerson.\n\nLavrov said little.\n",
        );
        ws.set("story/b.txt", "Talks\n\nSergey Lavrov said the talks were frank.\n\nSergey Lavrov left.\n");
        let b = ws.id("story/b.txt").unwrap();
        let text = ws.doc(b).text.clone();
        let infos = ws.info(b, text.find("Lavrov said").unwrap() + 2, &Config::default());
        assert_eq!(infos.len(), 1);
        expect_test::expect![[r#"
            **Sergey Lavrov**: 3 forms in the story, 4 mentions

            - **Sergey Lavrov** (the form to use): 2 mentions; this article (lines 3, 5)
            - Sergei Lavrov: 1 mention; `a.txt` (line 3)
            - Lavrov (short form): 1 mention; `a.txt` (line 5)
        "#]]
        .assert_eq(&infos[0].markdown);
        assert_eq!(&text[infos[0].span.clone()], "Sergey Lavrov");
        // A name with one form has a hover too; a title does not.
        let a = ws.id("story/a.txt").unwrap();
        let a_text = ws.doc(a).text.clone();
        let infos = ws.info(a, a_text.find("Tillerson").unwrap(), &Config::default());
        assert!(
            infos[0].markdown.starts_with("**Tillerson**: 1 form in the story, 1 mention"),
            "{}",
            infos[0].markdown
        );
        assert!(ws.info(a, a_text.find("Foreign").unwrap(), &Config::default()).is_empty());
    }

    #[test]
    fn evidence_lists_the_forms_and_the_reason() {
        let found =
            check("Talks\n\nRussian Foreign Minister Sergei Lavrov met Tillerson.\n\n⟦Sergey Lavrov⟧ said little.\n");
        expect_test::expect![[r#"
            **Sergei Lavrov**: 2 forms in the story, 2 mentions

            - **Sergei Lavrov** (the form to use): 1 mention; this article (line 3)
            - Sergey Lavrov: 1 mention; this article (line 5)

            'Sergei Lavrov' is used as often as another form, and first."#]]
        .assert_eq(&found[0].1.evidence);
        assert_eq!(found[0].0, "Name variant: 'Sergey Lavrov' here, 'Sergei Lavrov' elsewhere in this article");
    }

    #[test]
    fn seed_story_is_flagged_where_the_desk_would() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut ws = Workspace::new();
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for path in &paths {
            let name = format!("seeds/{}", path.file_name().unwrap().to_string_lossy());
            ws.set(&name, std::fs::read_to_string(path).unwrap());
        }
        let mut all = Vec::new();
        for path in &paths {
            let name = format!("seeds/{}", path.file_name().unwrap().to_string_lossy());
            let doc = ws.doc(ws.id(&name).unwrap());
            for f in findings_with(&ws, &name, &Config::default()) {
                let (line, _) = doc.line_col(f.span.start);
                all.push(format!("{}:{line} {:?} {}", doc.file_name(), f.severity, f.message));
            }
        }
        expect_test::expect![[r#"
            000_1985278e3f6fab29.txt:7 Warning Name variant: 'Russian Federation' here, 'Russia' elsewhere in this article
            000_1985278e3f6fab29.txt:31 Warning Name variant: 'Shayrat' here, 'al-Shayrat' elsewhere in this article
            001_7c325a4795b0ca8d.txt:19 Warning Name variant: 'Russian Federation' here, 'Russia' elsewhere in this article
            002_949ec1250efea61f.txt:3 Warning Name variant: 'Bashar Assad' here, 'Bashar al-Assad' elsewhere in this article
            002_949ec1250efea61f.txt:9 Warning Name variant: 'Russian Federation' here, 'Russia' elsewhere in this article
            002_949ec1250efea61f.txt:37 Information Name variant: 'North Atlantic Treaty Organisation' here, 'NATO' in 001_7c325a4795b0ca8d.txt
            003_360affecd95d8f15.txt:11 Warning Name variant: 'Russian Federation' here, 'Russia' elsewhere in this article
            003_360affecd95d8f15.txt:29 Information Name variant: 'Sha'irat' here, 'al-Shayrat' in 000_1985278e3f6fab29.txt
            004_3470f3ac3604670e.txt:9 Warning Name variant: 'Sergei Lavrov' here, 'Sergey Lavrov' elsewhere in this article
            004_3470f3ac3604670e.txt:11 Warning Name variant: 'Russian Federation' here, 'Russia' elsewhere in this article"#]].assert_eq(&all.join("\n"));
    }
}
