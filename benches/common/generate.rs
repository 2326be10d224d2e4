//! Deterministic news copy for the benches, shared by `benches/analysis.rs` and
//! `benches/lsp_latency.rs`.
#![allow(dead_code)]

/// xorshift64*: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "government",
    "officials",
    "minister",
    "ministry",
    "president",
    "police",
    "army",
    "rebels",
    "talks",
    "agreement",
    "ceasefire",
    "election",
    "vote",
    "parliament",
    "budget",
    "economy",
    "inflation",
    "prices",
    "market",
    "shares",
    "investors",
    "company",
    "bank",
    "rates",
    "growth",
    "report",
    "statement",
    "spokesman",
    "spokeswoman",
    "residents",
    "city",
    "capital",
    "region",
    "border",
    "troops",
    "attack",
    "strike",
    "missiles",
    "air",
    "base",
    "hospital",
    "victims",
    "people",
    "killed",
    "wounded",
    "injured",
    "arrested",
    "charged",
    "court",
    "judge",
    "trial",
    "law",
    "bill",
    "reform",
    "plan",
    "deal",
    "sanctions",
    "exports",
    "oil",
    "gas",
    "energy",
    "climate",
    "summit",
    "leaders",
    "allies",
    "opposition",
    "protesters",
    "crowd",
    "streets",
    "weekend",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "morning",
    "night",
    "week",
    "year",
    "month",
    "since",
    "after",
    "before",
    "during",
    "amid",
    "despite",
    "while",
    "that",
    "which",
    "would",
    "could",
    "said",
    "told",
    "added",
    "warned",
    "announced",
    "confirmed",
    "denied",
    "expected",
    "planned",
    "rose",
    "fell",
    "reached",
    "raised",
    "cut",
    "signed",
    "rejected",
    "approved",
    "called",
    "urged",
    "the",
    "the",
    "the",
    "a",
    "an",
    "of",
    "of",
    "in",
    "in",
    "to",
    "to",
    "and",
    "and",
    "on",
    "for",
    "with",
    "by",
    "at",
    "from",
    "its",
    "their",
    "his",
    "her",
    "new",
    "former",
    "senior",
    "local",
    "national",
    "foreign",
    "federal",
    "public",
    "private",
    "major",
    "key",
    "last",
    "first",
    "second",
    "third",
    "more",
    "than",
    "about",
    "nearly",
    "some",
    "many",
    "several",
    "other",
    "further",
    "also",
    "not",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "been",
    "will",
    "may",
    "says",
    "according",
    "sources",
    "analysts",
    "data",
];

const NAMES: &[&str] = &[
    "François Hollande",
    "José Álvarez",
    "Zoë Müller",
    "Søren Jørgensen",
    "Łukasz Wójcik",
    "Renée Côté",
    "Björn Ångström",
    "Ana Patrícia Gonçalves",
    "Mehmet Yılmaz",
    "Nguyễn Văn An",
    "Rex Tillerson",
    "Sergei Lavrov",
    "Angela Merkel",
    "Jean-Luc Mélenchon",
    "Dilma Rousseff",
    "Recep Tayyip Erdoğan",
];

const SURNAMES: &[&str] =
    &["Hollande", "Álvarez", "Müller", "Jørgensen", "Wójcik", "Côté", "Tillerson", "Lavrov", "Erdoğan"];

const PLACES: &[&str] =
    &["PARIS", "WASHINGTON", "MOSCOW", "BRUSSELS", "ISTANBUL", "SÃO PAULO", "MÜNCHEN", "KYIV", "BEIRUT", "HANOI"];

const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

const AGENCIES: &[&str] = &["(Reuters)", "(AP)", "(AFP)", "(dpa)"];

fn figure(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => format!("{},{:03}", rng.range(1, 99), rng.below(1000)),
        1 => format!("{}.{} million", rng.range(1, 99), rng.below(10)),
        2 => format!("${}.{} billion", rng.range(1, 20), rng.below(10)),
        3 => format!("{} percent", rng.range(1, 60)),
        4 => format!("{}.{}%", rng.range(0, 9), rng.below(10)),
        5 => format!("{} people", rng.range(2, 400)),
        6 => format!("{}", rng.range(1990, 2024)),
        _ => format!("{}", rng.range(2, 99)),
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One sentence of `words` words or a little more, ending with its punctuation.
fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(words + 4);
    while parts.len() < words {
        match rng.below(40) {
            0..=1 => parts.push(figure(rng)),
            2 => parts.push("U.S.".to_string()),
            3 => parts.push(format!("Mr. {}", rng.pick(SURNAMES))),
            4 => parts.push(rng.pick(NAMES).to_string()),
            5 => parts.push(format!("{}'s", rng.pick(SURNAMES))),
            _ => parts.push(rng.pick(WORDS).to_string()),
        }
    }
    let body = parts.join(" ");
    let body = capitalize(&body);
    match rng.below(10) {
        0 => format!("\"{body},\" Mr. {} said.", rng.pick(SURNAMES)),
        1 => format!("“{body},” {} told reporters.", rng.pick(NAMES)),
        2 => format!("{body}, {} said on {}.", rng.pick(NAMES), rng.pick(DAYS)),
        _ => format!("{body}."),
    }
}

/// A paragraph of 40 to 120 words.
fn paragraph(rng: &mut Rng) -> String {
    let target = rng.range(40, 120);
    let mut out = String::new();
    let mut words = 0;
    while words < target {
        let n = rng.range(8, 25).min(target - words).max(4);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&sentence(rng, n));
        words += n;
    }
    out
}

/// An article of about `bytes` bytes (within a paragraph): headline, byline, dateline paragraph,
/// body, and "Related news" boilerplate. Every `repeat_every`-th paragraph is a copy of an
/// earlier body paragraph (a CMS paste error), and so is the last body paragraph when the
/// article has at least `repeat_every` paragraphs, so that an edit anywhere shifts a finding.
pub fn article(seed: u64, bytes: usize, repeat_every: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 1024);
    let headline: Vec<&str> = (0..rng.range(6, 10)).map(|_| rng.pick(WORDS)).collect();
    out.push_str(&capitalize(&headline.join(" ")));
    out.push_str("\n\n");
    out.push_str(&format!("By {}\n\n", rng.pick(NAMES)));
    out.push_str(&format!("{} {} — ", rng.pick(PLACES), rng.pick(AGENCIES)));
    let tail = "\n\nRelated news\n\n• Markets rally as talks resume\n";
    let mut body: Vec<String> = Vec::new();
    // The last paragraph (a repeat, when there are enough) takes the article to about `bytes`.
    while out.len() + tail.len() + 600 < bytes {
        let n = body.len() + 1;
        let para = if n > 2 && n % repeat_every == 0 {
            body[rng.below(body.len() - 1) + 1].clone()
        } else {
            paragraph(&mut rng)
        };
        if !body.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&para);
        body.push(para);
    }
    if body.len() >= repeat_every {
        let para = body[rng.below(body.len() - 1) + 1].clone();
        out.push_str("\n\n");
        out.push_str(&para);
    }
    out.push_str(tail);
    out
}
