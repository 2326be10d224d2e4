//! Names in news copy: who and what an article mentions, and which spellings are one name.
//!
//! A *mention* is a capitalised sequence of the prose ("Bashar al-Assad", "Organization for the
//! Prohibition of Chemical Weapons", "NATO") with the title or role in front of it stripped
//! ("Russian Foreign Minister Sergey Lavrov" → "Sergey Lavrov") and a possessive left out
//! ("Russia's" → "Russia"). Mentions are found in the headline and the body paragraphs; bylines,
//! datelines and boilerplate name writers and pages, not the story.
//!
//! A capital at the start of a sentence (or of a quote) says nothing, so a sentence-initial word
//! counts as a name only on evidence from the story: it is written with a capital inside a
//! sentence somewhere, or it is not a common opener ([`STOP_WORDS`]), not an -ing, -ly or -ists
//! word and, when it stands alone, neither written in lower case elsewhere nor shaped like a past
//! tense or a plural ("Talks", "Diplomats"). Headlines and subheadings in Title Case give no
//! evidence at all: their words count only when the body confirms them.
//!
//! Mentions are then grouped into names. Two *forms* (distinct spellings) are one name when their
//! comparison keys agree word for word ([`skeleton`]: case, accents, apostrophes, hyphens, the
//! "al-"/"el-" particles, i/y, s/z, x/ks, zh/j, ou/u and doubled letters are ignored), or when one long word
//! differs by a single vowel inside it ("Mohammad"/"Mohammed"); when one is a known alias of
//! spun copy for the other ([`ALIASES`]); or, for hover and symbols only, when a lone surname
//! belongs to exactly one full name of a person in the story ("Lavrov" and "Sergey Lavrov").
//! Acronyms are compared as written: "U.S." and "US" are a house-style matter, not two names.
//!
//! Within a name, forms compete in two *slots*: full forms with each other and one-word forms with
//! each other. "Trump" next to "Donald Trump" is normal news style, "Bashar Assad" next to
//! "Bashar al-Assad" is not, and neither is "Shayrat" next to "al-Shayrat". The preferred form of
//! a slot is a house form from the configuration, else the plain form of an alias, else the form
//! the story uses most (the earliest one on a tie).
//!
//! Everything here is pure: text and configuration in, plain data with byte offsets out. Each
//! document version keeps the scan of its text (`Document::name_scan`), and a small memo keeps the
//! last stories built, keyed by the documents' version serials, because every article of a story
//! asks for the same story; it only ever returns what a fresh computation would.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use smallvec::SmallVec;

use crate::analysis::article::{Article, Block, BlockKind};
use crate::analysis::normalize::{is_alphabetic, is_alphanumeric};
use crate::analysis::par;
use crate::analysis::workspace::Workspace;
use crate::analysis::{DocId, Span};
use crate::config::NamesSettings;

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

/// Capitalised words that open sentences but do not start names: function words, adverbs,
/// pronouns, numbers and the plural nouns news sentences open with. Compared exactly; sorted (a
/// test checks it) for a binary search.
pub const STOP_WORDS: &[&str] = &[
    "A",
    "About",
    "Above",
    "According",
    "Across",
    "Additionally",
    "After",
    "Afterwards",
    "Again",
    "Against",
    "Ahead",
    "All",
    "Almost",
    "Along",
    "Already",
    "Also",
    "Although",
    "Always",
    "Amid",
    "Among",
    "An",
    "Analysts",
    "And",
    "Another",
    "Any",
    "Anyone",
    "Anything",
    "Apart",
    "Are",
    "Around",
    "As",
    "Asked",
    "At",
    "Authorities",
    "Back",
    "Based",
    "Be",
    "Because",
    "Before",
    "Behind",
    "Being",
    "Below",
    "Beside",
    "Besides",
    "Between",
    "Beyond",
    "Both",
    "But",
    "By",
    "Can",
    "Certainly",
    "Could",
    "Critics",
    "Despite",
    "Did",
    "Do",
    "Does",
    "Down",
    "Dozens",
    "During",
    "Each",
    "Earlier",
    "Eight",
    "Either",
    "Else",
    "Elsewhere",
    "Even",
    "Ever",
    "Every",
    "Everyone",
    "Everything",
    "Except",
    "Experts",
    "Few",
    "Fifty",
    "Finally",
    "First",
    "Five",
    "Following",
    "For",
    "Former",
    "Forty",
    "Four",
    "From",
    "Further",
    "Furthermore",
    "Given",
    "Had",
    "Has",
    "Have",
    "Having",
    "He",
    "Hence",
    "Her",
    "Here",
    "Hers",
    "Herself",
    "Him",
    "Himself",
    "His",
    "How",
    "However",
    "Hundreds",
    "I",
    "If",
    "In",
    "Including",
    "Indeed",
    "Inside",
    "Instead",
    "Into",
    "Investigators",
    "Is",
    "It",
    "Its",
    "Itself",
    "Just",
    "Last",
    "Later",
    "Lawmakers",
    "Least",
    "Less",
    "Let",
    "Like",
    "Many",
    "Maybe",
    "Me",
    "Meanwhile",
    "Might",
    "Millions",
    "More",
    "Moreover",
    "Most",
    "Much",
    "Must",
    "My",
    "Near",
    "Nearly",
    "Neither",
    "Never",
    "Nevertheless",
    "Next",
    "Nine",
    "No",
    "None",
    "Nonetheless",
    "Nor",
    "Not",
    "Nothing",
    "Now",
    "Of",
    "Off",
    "Officials",
    "Often",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Other",
    "Others",
    "Otherwise",
    "Our",
    "Out",
    "Outside",
    "Over",
    "Overall",
    "Part",
    "Perhaps",
    "Please",
    "Plus",
    "Police",
    "Previously",
    "Prosecutors",
    "Protesters",
    "Rather",
    "Regardless",
    "Researchers",
    "Residents",
    "Second",
    "Seven",
    "Several",
    "She",
    "Since",
    "Six",
    "So",
    "Some",
    "Someone",
    "Something",
    "Sometimes",
    "Soon",
    "Sources",
    "Still",
    "Such",
    "Ten",
    "Than",
    "Thanks",
    "That",
    "The",
    "Their",
    "Them",
    "Then",
    "There",
    "Therefore",
    "These",
    "They",
    "Third",
    "This",
    "Those",
    "Though",
    "Thousands",
    "Three",
    "Through",
    "Throughout",
    "Thus",
    "To",
    "Today",
    "Together",
    "Tomorrow",
    "Tonight",
    "Too",
    "Toward",
    "Towards",
    "Troops",
    "Twenty",
    "Two",
    "Under",
    "Unless",
    "Unlike",
    "Until",
    "Up",
    "Upon",
    "Very",
    "Was",
    "We",
    "Were",
    "What",
    "Whatever",
    "When",
    "Whenever",
    "Where",
    "Whereas",
    "Whether",
    "Which",
    "While",
    "Who",
    "Whoever",
    "Whom",
    "Whose",
    "Why",
    "Will",
    "With",
    "Within",
    "Without",
    "Witnesses",
    "Would",
    "Yes",
    "Yesterday",
    "Yet",
    "You",
    "Your",
];

/// Words that head a title or role in front of a name ("President", "Minister", "Mr"), compared
/// without a final dot. Everything in a capitalised run up to the last of them is the role; what
/// follows is the name ("Russian Foreign Minister | Sergey Lavrov", "NATO Secretary General | Jens
/// Stoltenberg"). Sorted for a binary search.
pub const TITLE_HEADS: &[&str] = &[
    "Adm",
    "Admiral",
    "Adviser",
    "Advisor",
    "Agent",
    "Aide",
    "Amb",
    "Ambassador",
    "Archbishop",
    "Assemblyman",
    "Assemblywoman",
    "Ayatollah",
    "Bishop",
    "Brig",
    "Brigadier",
    "CEO",
    "CFO",
    "COO",
    "CTO",
    "Capt",
    "Captain",
    "Cardinal",
    "Chair",
    "Chairman",
    "Chairwoman",
    "Chancellor",
    "Chief",
    "Cmdr",
    "Coach",
    "Col",
    "Colonel",
    "Commander",
    "Commissioner",
    "Congressman",
    "Congresswoman",
    "Consul",
    "Councillor",
    "Councilman",
    "Councilwoman",
    "Cpl",
    "Dame",
    "Detective",
    "Director",
    "Dr",
    "Duchess",
    "Duke",
    "Emir",
    "Emperor",
    "Envoy",
    "Executive",
    "Founder",
    "Gen",
    "General",
    "Gov",
    "Governor",
    "Imam",
    "Inspector",
    "Judge",
    "Justice",
    "King",
    "Lady",
    "Leader",
    "Lieutenant",
    "Lord",
    "Lt",
    "Maj",
    "Major",
    "Marshal",
    "Mayor",
    "Minister",
    "Miss",
    "Mr",
    "Mrs",
    "Ms",
    "Mufti",
    "Officer",
    "Pastor",
    "Patriarch",
    "Pope",
    "Premier",
    "Pres",
    "President",
    "Prince",
    "Princess",
    "Prof",
    "Professor",
    "Prosecutor",
    "Queen",
    "Rabbi",
    "Rep",
    "Representative",
    "Rev",
    "Reverend",
    "Secretary",
    "Secretary-General",
    "Sen",
    "Senator",
    "Sergeant",
    "Sgt",
    "Sheikh",
    "Sir",
    "Speaker",
    "Spokesman",
    "Spokesperson",
    "Spokeswoman",
    "Sultan",
    "Superintendent",
    "Treasurer",
];

/// Words that qualify a title ("Foreign", "Deputy", "State" in "Secretary of State"): a run made
/// of them and a title is a bare role ("Russian Deputy Permanent Representative"), and after
/// "of" they belong to the title, not to the name that follows. Sorted.
const TITLE_MODIFIERS: &[&str] = &[
    "Acting",
    "Affairs",
    "Agriculture",
    "Air",
    "Armed",
    "Army",
    "Assistant",
    "Associate",
    "Attorney",
    "Cabinet",
    "Commerce",
    "Communications",
    "Culture",
    "Defence",
    "Defense",
    "Deputy",
    "Development",
    "Economic",
    "Economy",
    "Education",
    "Energy",
    "Environment",
    "Executive",
    "Finance",
    "First",
    "Force",
    "Forces",
    "Foreign",
    "Former",
    "Health",
    "High",
    "Home",
    "Homeland",
    "Housing",
    "Information",
    "Intelligence",
    "Interim",
    "Interior",
    "International",
    "Joint",
    "Justice",
    "Labor",
    "Labour",
    "Military",
    "National",
    "Navy",
    "Permanent",
    "Police",
    "Press",
    "Prime",
    "Security",
    "Senior",
    "Special",
    "State",
    "Supreme",
    "Tourism",
    "Trade",
    "Transport",
    "Transportation",
    "Treasury",
    "Veterans",
    "Vice",
    "War",
];

/// Words that make a capitalised sequence an organisation ("Security Council", "Fox Business
/// Network"). A role is never stripped in front of them ("General Assembly", "Justice
/// Department"), and "of", "for" and "the" may continue a run that holds one ("Bank of
/// England"). Sorted.
const ORG_WORDS: &[&str] = &[
    "Academy",
    "Administration",
    "Agency",
    "Airlines",
    "Airways",
    "Alliance",
    "Army",
    "Assembly",
    "Association",
    "Authority",
    "Bank",
    "Board",
    "Brigade",
    "Brigades",
    "Bureau",
    "Chamber",
    "Channel",
    "Church",
    "Club",
    "Coalition",
    "College",
    "Command",
    "Commission",
    "Committee",
    "Company",
    "Conference",
    "Congress",
    "Corp",
    "Corporation",
    "Council",
    "Court",
    "Department",
    "Electric",
    "Federation",
    "Foundation",
    "Front",
    "Fund",
    "Group",
    "Guard",
    "Holdings",
    "House",
    "Inc",
    "Industries",
    "Institute",
    "League",
    "Ltd",
    "Marines",
    "Media",
    "Ministry",
    "Motors",
    "Movement",
    "Navy",
    "Network",
    "News",
    "Office",
    "Organisation",
    "Organization",
    "Parliament",
    "Party",
    "Post",
    "Radio",
    "Reserve",
    "Senate",
    "Service",
    "Services",
    "Society",
    "Systems",
    "Television",
    "Times",
    "Tribunal",
    "Trust",
    "Union",
    "University",
];

/// Words that make a capitalised sequence a place ("Middle East", "Gulf of Aden"). Sorted.
const PLACE_WORDS: &[&str] = &[
    "Airport",
    "Avenue",
    "Basin",
    "Bay",
    "Beach",
    "Canal",
    "Cape",
    "Central",
    "City",
    "Coast",
    "County",
    "Desert",
    "District",
    "East",
    "Eastern",
    "Fort",
    "Gulf",
    "Heights",
    "Island",
    "Islands",
    "Isle",
    "Kingdom",
    "Lake",
    "Mount",
    "Mountain",
    "Mountains",
    "North",
    "Northern",
    "Ocean",
    "Peninsula",
    "Port",
    "Province",
    "Region",
    "Republic",
    "River",
    "Road",
    "Sea",
    "South",
    "Southern",
    "Square",
    "States",
    "Strait",
    "Street",
    "Territories",
    "Territory",
    "Valley",
    "West",
    "Western",
];

/// Words of names that are neither people nor places: wars, treaties, events. Sorted.
const EVENT_WORDS: &[&str] = &[
    "Accord",
    "Accords",
    "Act",
    "Agreement",
    "Award",
    "Bill",
    "Championship",
    "Convention",
    "Cup",
    "Day",
    "Declaration",
    "Doctrine",
    "Festival",
    "Games",
    "Initiative",
    "Olympics",
    "Operation",
    "Plan",
    "Prize",
    "Programme",
    "Project",
    "Summit",
    "Treaty",
    "War",
];

/// Acronyms of places rather than organisations.
const PLACE_ACRONYMS: &[&str] =
    &["D.C.", "DC", "DRC", "N.Y.", "NY", "U.A.E.", "U.K.", "U.S.", "U.S.A.", "UAE", "UK", "US", "USA"];

/// Lower-case particles inside names, separated by a space ("Ludwig van Beethoven", "Abu Bakr al
/// Baghdadi"). They never start or end a mention and are left out of its key.
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "el", "ibn", "la", "le", "ten",
    "ter", "van", "von", "zu",
];

/// Particles joined to a name by a hyphen ("al-Assad", "el-Sisi", "ash-Sharaa"): left out of the
/// key, so "Bashar Assad" and "Bashar al-Assad" compare equal. Compared without regard to case.
const HYPHEN_PARTICLES: &[&str] = &["ad", "al", "an", "ar", "as", "ash", "at", "az", "el"];

/// Short lower-case tails after a hyphen that make an adjective of a name ("U.S.-led",
/// "Kremlin-run"); other tails of three letters or fewer belong to the name ("Kim Jong-un").
const ADJECTIVE_TAILS: &[&str] = &["age", "day", "era", "led", "old", "run", "set", "style", "type", "wide"];

/// Whether a lower-case tail after a hyphen is one syllable of a romanised Korean or Chinese
/// given name ("chol" in "Kim Yong-chol", "yeol" in "Yoon Suk-yeol", "ping" in "Xi Jin-ping"):
/// an initial consonant, a vowel group and a final n, ng, l, k, m or p. English tails of
/// compounds ("based", "made", "bound", "owned", "like", "wide") have other shapes.
fn is_romanized_syllable(tail: &str) -> bool {
    const INITIALS: &[&str] = &[
        "", "b", "ch", "d", "g", "gw", "h", "hw", "j", "k", "kw", "l", "m", "n", "p", "r", "s", "sh", "t", "w", "x",
        "y", "z", "zh",
    ];
    const VOWELS: &[&str] = &[
        "a", "ae", "ai", "ao", "e", "ei", "eo", "eu", "i", "ia", "ie", "io", "iu", "o", "oe", "u", "ua", "ui", "uo",
        "wa", "wo", "ya", "yeo", "ye", "yo", "yu",
    ];
    const FINALS: &[&str] = &["", "k", "l", "m", "n", "ng", "p"];
    if !(2..=5).contains(&tail.len()) || !tail.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    INITIALS.iter().any(|i| {
        tail.strip_prefix(i)
            .is_some_and(|rest| VOWELS.iter().any(|v| rest.strip_prefix(v).is_some_and(|end| FINALS.contains(&end))))
    })
}

/// Verbs of speech after a mention, which hint at a person (or at an institution speaking).
const SPEECH_VERBS: &[&str] = &[
    "added",
    "announced",
    "argued",
    "asked",
    "claimed",
    "declared",
    "explained",
    "insisted",
    "noted",
    "replied",
    "said",
    "says",
    "stated",
    "told",
    "tweeted",
    "warned",
    "wrote",
];

/// Prepositions before a mention that hint at a place ("in Moscow", "from Damascus").
const PLACE_PREPOSITIONS: &[&str] =
    &["across", "around", "from", "in", "inside", "into", "near", "outside", "throughout", "toward", "towards"];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// What kind of thing a name is, as far as the text tells. A guess, for symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameKind {
    Person,
    Place,
    Organisation,
    Other,
}

/// A formal or spelled-out name that spun and machine-rewritten copy puts in place of the plain
/// one ("Russian Federation" for Russia, "North Atlantic Treaty Organisation" for NATO).
#[derive(Debug)]
pub struct Alias {
    /// The spun form, compared by its key (so "Organization" matches "Organisation").
    pub spun: &'static str,
    /// The plain form news copy uses.
    pub plain: &'static str,
    /// Whether the plain form takes "the" ("the FBI"); when it does not, a fix that replaces "the
    /// Russian Federation" replaces the article too.
    pub plain_takes_the: bool,
    pub kind: NameKind,
}

/// The alias table. Each entry is a name that wire copy writes plainly and that rewritten copy
/// spells out, so that mixing both is a sign of spun text: bodies known by their acronym, and
/// the formal names of states ("Republic of Indonesia", "Democratic People's Republic of
/// Korea"), which news copy leaves to protocol and quotes. Abbreviations that news copy uses
/// side by side with the full name ("the European Union" and "the EU", "the United States" and
/// "the US") are not aliases, and neither are formal names that also name another state or a
/// part of one ("Republic of Ireland", "Democratic Republic of Congo", "Republic of China").
pub const ALIASES: &[Alias] = &[
    Alias { spun: "Russian Federation", plain: "Russia", plain_takes_the: false, kind: NameKind::Place },
    Alias {
        spun: "North Atlantic Treaty Organisation",
        plain: "NATO",
        plain_takes_the: false,
        kind: NameKind::Organisation,
    },
    Alias {
        spun: "Federal Bureau of Investigation",
        plain: "FBI",
        plain_takes_the: true,
        kind: NameKind::Organisation,
    },
    Alias { spun: "Central Intelligence Agency", plain: "CIA", plain_takes_the: true, kind: NameKind::Organisation },
    Alias {
        spun: "United Nations Organisation",
        plain: "United Nations",
        plain_takes_the: true,
        kind: NameKind::Organisation,
    },
    Alias { spun: "Syrian Arab Republic", plain: "Syria", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Islamic Republic of Iran", plain: "Iran", plain_takes_the: false, kind: NameKind::Place },
    Alias {
        spun: "Union of Soviet Socialist Republics",
        plain: "Soviet Union",
        plain_takes_the: true,
        kind: NameKind::Place,
    },
    Alias { spun: "United States of America", plain: "United States", plain_takes_the: true, kind: NameKind::Place },
    Alias { spun: "People's Republic of China", plain: "China", plain_takes_the: false, kind: NameKind::Place },
    Alias {
        spun: "Democratic People's Republic of Korea",
        plain: "North Korea",
        plain_takes_the: false,
        kind: NameKind::Place,
    },
    Alias { spun: "Republic of Korea", plain: "South Korea", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of Indonesia", plain: "Indonesia", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Kingdom of Saudi Arabia", plain: "Saudi Arabia", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of Turkey", plain: "Turkey", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "State of Israel", plain: "Israel", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Federal Republic of Germany", plain: "Germany", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "French Republic", plain: "France", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Italian Republic", plain: "Italy", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Kingdom of Spain", plain: "Spain", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "United Mexican States", plain: "Mexico", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Federative Republic of Brazil", plain: "Brazil", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Argentine Republic", plain: "Argentina", plain_takes_the: false, kind: NameKind::Place },
    Alias {
        spun: "Bolivarian Republic of Venezuela",
        plain: "Venezuela",
        plain_takes_the: false,
        kind: NameKind::Place,
    },
    Alias { spun: "Republic of India", plain: "India", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Islamic Republic of Pakistan", plain: "Pakistan", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Arab Republic of Egypt", plain: "Egypt", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Hashemite Kingdom of Jordan", plain: "Jordan", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Lebanese Republic", plain: "Lebanon", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of Iraq", plain: "Iraq", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of Yemen", plain: "Yemen", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "State of Qatar", plain: "Qatar", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Socialist Republic of Vietnam", plain: "Vietnam", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of the Philippines", plain: "Philippines", plain_takes_the: true, kind: NameKind::Place },
    Alias { spun: "Kingdom of Thailand", plain: "Thailand", plain_takes_the: false, kind: NameKind::Place },
    Alias {
        spun: "Federal Democratic Republic of Ethiopia",
        plain: "Ethiopia",
        plain_takes_the: false,
        kind: NameKind::Place,
    },
    Alias { spun: "Federal Republic of Nigeria", plain: "Nigeria", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of Kenya", plain: "Kenya", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of South Africa", plain: "South Africa", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of Poland", plain: "Poland", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of Belarus", plain: "Belarus", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of Kazakhstan", plain: "Kazakhstan", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Kyrgyz Republic", plain: "Kyrgyzstan", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of Cuba", plain: "Cuba", plain_takes_the: false, kind: NameKind::Place },
    Alias { spun: "Republic of Colombia", plain: "Colombia", plain_takes_the: false, kind: NameKind::Place },
];

/// Names of several words that often stand in front of a person's name without punctuation ("the
/// United Nations Vladimir Safronkov"), so that a run starting with one is split there.
const ENTITY_PREFIXES: &[&str] =
    &["European Union", "Security Council", "United Kingdom", "United Nations", "United States", "White House"];

/// The words of [`ENTITY_PREFIXES`] and of the spun forms of [`ALIASES`], split once: every run
/// of capitals is compared with each of them.
static PREFIX_WORDS: std::sync::LazyLock<Vec<Vec<&'static str>>> = std::sync::LazyLock::new(|| {
    ENTITY_PREFIXES.iter().copied().chain(ALIASES.iter().map(|a| a.spun)).map(|p| p.split(' ').collect()).collect()
});

/// The word tables scanning and resolving ask about every capitalised word. They are kept
/// sorted in the source and asked through one hash map from each word to the tables that hold
/// it ([`tables_of`]): a question about several tables ("a title head or modifier", "an
/// organisation or place word") is one lookup.
#[derive(Clone, Copy)]
enum Table {
    TitleHeads,
    TitleModifiers,
    OrgWords,
    PlaceWords,
    EventWords,
    StopWords,
}

impl Table {
    const ALL: [&'static [&'static str]; 6] =
        [TITLE_HEADS, TITLE_MODIFIERS, ORG_WORDS, PLACE_WORDS, EVENT_WORDS, STOP_WORDS];

    const fn bit(self) -> u8 {
        1 << self as u8
    }

    fn has(self, word: &str) -> bool {
        tables_of(word) & self.bit() != 0
    }
}

/// The [`Table`]s that hold `word`, as a set of [`Table::bit`]s.
fn tables_of(word: &str) -> u8 {
    static TABLES: std::sync::LazyLock<FxHashMap<&'static str, u8>> = std::sync::LazyLock::new(|| {
        let mut tables = FxHashMap::default();
        for (i, list) in Table::ALL.iter().enumerate() {
            for &word in *list {
                *tables.entry(word).or_insert(0) |= 1 << i;
            }
        }
        tables
    });
    TABLES.get(word).copied().unwrap_or(0)
}

/// A word with a final dot ("Mr.", "Gen.") or a possessive is looked up without it.
fn bare(word: &str) -> &str {
    word.strip_suffix('.').filter(|w| !w.contains('.')).unwrap_or(word)
}

/// A title head, also at the end of a hyphenated title ("Ex-President", "Vice-Chancellor").
fn is_title_head(word: &str) -> bool {
    let word = bare(word);
    // The hyphen found by bytes: a pattern search costs more than the word is long.
    Table::TitleHeads.has(word)
        || word.bytes().rposition(|b| b == b'-').is_some_and(|at| Table::TitleHeads.has(&word[at + 1..]))
}

fn is_title_word(word: &str) -> bool {
    let bare = bare(word);
    tables_of(bare) & (Table::TitleHeads.bit() | Table::TitleModifiers.bit()) != 0
        || bare.bytes().rposition(|b| b == b'-').is_some_and(|at| Table::TitleHeads.has(&bare[at + 1..]))
}

/// A word that continues an organisation or place name over "of" ("Bank", "Gulf").
fn is_org_or_place_word(word: &str) -> bool {
    tables_of(bare(word)) & (Table::OrgWords.bit() | Table::PlaceWords.bit()) != 0
}

fn is_org_word(word: &str) -> bool {
    Table::OrgWords.has(bare(word))
}

fn is_place_word(word: &str) -> bool {
    Table::PlaceWords.has(bare(word))
}

fn is_event_word(word: &str) -> bool {
    Table::EventWords.has(bare(word))
}

fn is_date_word(word: &str) -> bool {
    MONTHS.contains(&bare(word)) || WEEKDAYS.contains(&word)
}

/// Whether a word looks like an adjective of nationality ("Russian", "Chinese", "British"), by
/// its ending alone: enough to call a run of titles a bare role ("Russian Foreign Minister").
fn looks_demonymic(word: &str) -> bool {
    let w = word.strip_suffix('s').unwrap_or(word);
    ["an", "ese", "ish", "i"].iter().any(|end| w.len() > end.len() + 2 && w.ends_with(end))
}

/// Whether a one-word form is an adjective or plural of nationality: it ends like one that
/// cannot be a place ("Syrian", "Brazilians", "Chinese", "British"), or it is another one-word
/// name of the story with such an ending ("Russia" → "Russian", "Israel" → "Israeli", "China" →
/// "Chinese"). Place names that end the same way ("Tehran", "Helsinki") have no such partner.
fn demonym(word: &str, story: &FxHashSet<&str>) -> bool {
    let w = word.strip_suffix('s').unwrap_or(word);
    if ["ian", "ese", "ish", "ican"].iter().any(|end| w.len() > end.len() + 2 && w.ends_with(end)) {
        return true;
    }
    // The name the word derives from: the stem itself ("Russia" + "n"), or the stem and a final
    // vowel ("Chin" + "a" → "Chinese", "Mexic" + "o" → "Mexican").
    let stem = |cut: usize, add: &str| {
        w.len() > cut + add.len() + 2 && w.ends_with(add) && {
            let base = &w[..w.len() - add.len()];
            if cut == 0 {
                story.contains(base)
            } else {
                ['a', 'e', 'i', 'o', 'u', 'y'].iter().any(|v| story.contains(format!("{base}{v}").as_str()))
            }
        }
    };
    stem(0, "n") || stem(0, "an") || stem(0, "i") || stem(1, "an") || stem(1, "ese")
}

// ---------------------------------------------------------------------------------------------
// Comparison keys
// ---------------------------------------------------------------------------------------------

/// The transliteration skeleton of one word of a name: lower case, accents folded, apostrophes,
/// hyphens and dots dropped, "y" read as "i", "z" as "s", "x" as "ks", "zh" as "j" (Russian
/// and Central Asian names: "Zhumabekov"/"Jumabekov"), "ou" as "u" (French-style
/// transliteration: "Doroud"/"Dorud", "Mourad"/"Murad"), "oo" as "u" and "ee" as "i" (Urdu and
/// Arabic names: "Masood"/"Masud", "Tehreek"/"Tehrik"), "dj" opening a word as "j"
/// ("Djoko"/"Joko"), "gh" opening a word of six letters or more as "q" (the Persian and Arabic
/// letters written either way: "Ghazanfari"/"Qazanfari", "Ghalibaf"/"Qalibaf"), and doubled
/// letters single. "Sergey" and "Sergei", "Sha'irat" and "Shayrat", "Ja'afari" and "Jaafari",
/// "Organisation" and "Organization" share a skeleton.
pub fn skeleton(word: &str) -> String {
    let mut letters: SmallVec<[char; 32]> = SmallVec::new();
    for c in word.chars().flat_map(char::to_lowercase) {
        match fold_accent(c) {
            Some(s) => letters.extend(s.chars()),
            None => letters.push(c),
        }
    }
    let mut out = String::with_capacity(word.len());
    let push = |out: &mut String, c: char| {
        if !out.ends_with(c) {
            out.push(c);
        }
    };
    let mut i = 0;
    while i < letters.len() {
        let (f, next) = (letters[i], letters.get(i + 1).copied());
        let opening = out.is_empty();
        let mut push = |c: char| push(&mut out, c);
        match (f, next) {
            ('z', Some('h')) | ('d', Some('j')) if f == 'z' || opening => {
                push('j');
                i += 2;
                continue;
            }
            ('o', Some('u')) | ('o', Some('o')) => {
                push('u');
                i += 2;
                continue;
            }
            ('e', Some('e')) => {
                push('i');
                i += 2;
                continue;
            }
            // Counted only for a word that opens with "gh": skeletons are made for every word
            // of every name.
            ('g', Some('h')) if opening && letters.iter().filter(|c| c.is_alphanumeric()).count() >= 6 => {
                push('q');
                i += 2;
                continue;
            }
            ('y', _) => push('i'),
            ('z', _) => push('s'),
            ('x', _) => {
                push('k');
                push('s');
            }
            (f, _) if f.is_alphanumeric() => push(f),
            _ => {}
        }
        i += 1;
    }
    // The Prophet's name, the commonest given name in the news, in its usual romanisations:
    // Muhammad, Mohammed, Mohamed, Mohammad, Muhammed.
    if matches!(out.as_str(), "mohamed" | "mohamad" | "muhamed") {
        return "muhamad".to_string();
    }
    out
}

/// Latin letters with diacritics to their base letters, combining marks to nothing; `None` for
/// every other char, which stands for itself.
fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ĝ' | 'ġ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        '\u{0300}'..='\u{036F}' => "",
        _ => return None,
    })
}

/// The comparison key of a form: the skeletons of its words, without particles and the small
/// words of organisation names ("of", "for", "the").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    words: Vec<String>,
    /// The skeletons run together, so that "Kim Jong-un" and "Kim Jong Un" compare equal.
    joined: String,
    /// A one-word acronym, compared as written.
    acronym: bool,
    /// Some letters are outside the Latin alphabet: only exact forms compare equal.
    opaque: bool,
}

fn form_key(form: &str) -> Key {
    let parts: Vec<&str> = form.split_whitespace().collect();
    if let [only] = parts.as_slice() {
        if is_acronym(only) {
            return Key { words: vec![only.to_string()], joined: only.to_string(), acronym: true, opaque: false };
        }
    }
    let mut words = Vec::new();
    for part in parts {
        if part.chars().next().is_some_and(|c| c.is_lowercase()) && !part.contains('-') {
            continue;
        }
        let word = strip_hyphen_particle(part);
        if word.chars().next().is_some_and(|c| c.is_lowercase()) {
            continue;
        }
        // Acronyms keep their writing: "U.N. Security Council" and "UN Security Council" differ
        // in house style, not in spelling.
        let s = if is_acronym(word) {
            word.to_string()
        } else {
            // "Ft. Myers" is Fort Myers, "Mt. Kenya" Mount Kenya; "St." opening a name is Saint
            // ("St. Petersburg"), closing one it is Street.
            match word.trim_end_matches('.') {
                "Ft" => "fort".to_string(),
                "Mt" => "mount".to_string(),
                "St" if words.is_empty() => "saint".to_string(),
                _ => skeleton(word),
            }
        };
        if !s.is_empty() {
            words.push(s);
        }
    }
    let joined: String = words.concat();
    // Letters outside the Latin alphabet have no transliteration rules here.
    let opaque = !joined.is_ascii();
    Key { words, joined, acronym: false, opaque }
}

/// "al-Assad" → "Assad", "El-Sisi" → "Sisi"; other words unchanged.
fn strip_hyphen_particle(word: &str) -> &str {
    if let Some((head, rest)) = word.split_once(['-', '‐', '‑']) {
        let upper_rest = rest.chars().next().is_some_and(char::is_uppercase);
        if upper_rest && HYPHEN_PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(head)) {
            return rest;
        }
    }
    word
}

/// Two or more letters, all capitals, optionally dotted ("NATO", "U.S.", "U.N."), at most eight
/// letters: longer runs of capitals are shouting, not acronyms.
fn is_acronym(word: &str) -> bool {
    // Most words fail at their second letter.
    let mut letters = 0;
    for c in word.chars() {
        match c {
            '.' => {}
            'A'..='Z' => letters += 1,
            _ if c.is_ascii() || !c.is_uppercase() => return false,
            _ => letters += usize::from(c.is_alphabetic()),
        }
    }
    (2..=8).contains(&letters) && (!word.contains('.') || is_dotted_acronym(word))
}

fn is_dotted_acronym(word: &str) -> bool {
    let mut chars = word.chars();
    let mut groups = 0;
    loop {
        match (chars.next(), chars.next()) {
            (None, _) => return groups >= 2,
            (Some(l), Some('.')) if l.is_alphabetic() => groups += 1,
            _ => return false,
        }
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether two skeletons of at least `min` letters differ by one vowel inside the word
/// (substituted, added or dropped), never at the first or last letter: "mohamad"/"mohamed",
/// "aleksander"/"aleksandr". A change at the end makes another word ("Lavrov"/"Lavrova",
/// "Russia"/"Russian", "Francesco"/"Francesca"), and so does a consonant ("Austria"/"Australia").
fn one_vowel_apart(a: &str, b: &str, min: usize) -> bool {
    // Skeletons compared here are ASCII (others are compared exactly), so bytes are letters.
    if !a.is_ascii() || !b.is_ascii() {
        return false;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() < min || b.len() < min || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (long, short) = if a.len() >= b.len() { (&a, &b) } else { (&b, &a) };
    let first = long.iter().zip(short.iter()).position(|(x, y)| x != y).unwrap_or(short.len());
    if first == 0 {
        return false;
    }
    if long.len() == short.len() {
        // One substitution, of a vowel by a vowel, not at the last letter.
        first + 1 < long.len()
            && is_vowel(long[first])
            && is_vowel(short[first])
            && long[first + 1..] == short[first + 1..]
    } else {
        // One vowel added inside the word.
        first + 1 < long.len() && is_vowel(long[first]) && long[first + 1..] == short[first..]
    }
}

/// Whether two forms are spellings of one name (see the module documentation).
fn same_name(a: &Key, b: &Key) -> bool {
    if a.acronym || b.acronym {
        return a.acronym == b.acronym && a.joined == b.joined;
    }
    if a.words.is_empty() || b.words.is_empty() {
        return false;
    }
    if a.opaque || b.opaque {
        return false;
    }
    match (a.words.len(), b.words.len()) {
        (1, 1) => a.joined == b.joined || one_vowel_apart(&a.joined, &b.joined, 7),
        (1, _) | (_, 1) => false,
        (n, m) => {
            if a.joined == b.joined {
                return true;
            }
            if n != m {
                return false;
            }
            let mut fuzzy = 0;
            for (x, y) in a.words.iter().zip(&b.words) {
                if x == y {
                    continue;
                }
                // "Communications Workers" / "Communication Workers": a long word with and
                // without a plural "s" beside the same words.
                let plural = || {
                    x.len().min(y.len()) >= 8
                        && (x.strip_suffix('s') == Some(y.as_str()) || y.strip_suffix('s') == Some(x.as_str()))
                };
                if one_vowel_apart(x, y, 6) || plural() || (n >= 3 && spun_synonyms(x, y)) {
                    fuzzy += 1;
                } else {
                    return false;
                }
            }
            fuzzy <= 1
        }
    }
}

/// Words that a synonym tool swaps inside names, as skeletons: "Jinnah Worldwide Airport" for
/// Jinnah International Airport, "Nationwide Hurricane Center" for the National Hurricane
/// Center. The same tool writes "an worldwide investigation" for an international one in the
/// seed copy. Only names of three words or more are compared this way, where one such word
/// changed leaves the rest to say which name it is.
fn spun_synonyms(x: &str, y: &str) -> bool {
    const SWAPS: &[(&str, &str)] =
        &[("international", "worldwide"), ("global", "worldwide"), ("national", "nationwide"), ("office", "workplace")];
    static SKELETONS: std::sync::LazyLock<Vec<(String, String)>> =
        std::sync::LazyLock::new(|| SWAPS.iter().map(|(a, b)| (skeleton(a), skeleton(b))).collect());
    SKELETONS.iter().any(|(a, b)| (x == a && y == b) || (x == b && y == a))
}

/// Lower case, keys of words, single spaces: how alias entries and configured spellings are
/// compared with forms.
fn loose(form: &str) -> String {
    form.split_whitespace().map(skeleton).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

fn alias_of(form: &str) -> Option<&'static Alias> {
    static SPUN: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| ALIASES.iter().map(|a| loose(a.spun)).collect());
    // Every alias has two words or more: one-word forms are never aliases.
    if !form.contains(' ') {
        return None;
    }
    let l = loose(form);
    SPUN.iter().position(|spun| *spun == l).map(|i| &ALIASES[i])
}

/// The identity of a form: spaces collapsed, typographic apostrophes straight, and name
/// particles in lower case, because the capital of "Al-Assad" opening a sentence is the
/// sentence's, and "Majed Al-Ansari" and "Majed al-Ansari" differ in house style, not spelling.
fn identity(form: &str) -> String {
    form.split_whitespace()
        .map(|word| {
            let word = word.replace(['’', 'ʼ'], "'");
            match word.split_once(['-', '‐', '‑']) {
                Some((head, _)) if HYPHEN_PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(head)) => {
                    format!("{}{}", head.to_lowercase(), &word[head.len()..])
                }
                _ => word,
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two writings are one form (see `identity`).
pub fn same_form(a: &str, b: &str) -> bool {
    identity(a) == identity(b)
}

// ---------------------------------------------------------------------------------------------
// Scanning: tokens, pieces and runs of one document
// ---------------------------------------------------------------------------------------------

/// What separates a piece from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// The first piece of a sentence.
    Start,
    /// Spaces only, or the dot of an initial or a title ("George W. Bush", "Mr. Smith").
    Space,
    /// A hyphen inside one word ("US-Russia").
    Hyphen,
    /// Punctuation.
    Break,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A capitalised word.
    Cap,
    Acronym,
    /// A word in lower case.
    Lower,
    /// Digits and the like.
    Other,
}

#[derive(Debug, Clone)]
struct Piece {
    span: Span,
    class: Class,
    gap: Gap,
    /// First word of a sentence or right after an opening quote, a colon or a dash: its capital
    /// may be the sentence's.
    initial: bool,
    /// No run continues past this piece (a possessive, an adjective tail such as "-backed").
    end: bool,
}

/// A capitalised run before the story's evidence is applied.
#[derive(Debug, Clone)]
struct Run<'s> {
    words: &'s [Piece],
    /// Found in a headline written in Title Case, where capitals say nothing.
    title_case: bool,
    headline: bool,
    /// The lower-case word right before the run, and whether it is "the"/"The".
    prev: Option<Span>,
    /// The lower-case word right after the run.
    next: Option<Span>,
}

/// What one document contributes to the story: its runs, and the evidence its text gives about
/// words (capitalised inside sentences, written in lower case).
#[derive(Debug, Default)]
pub struct Scan {
    /// The pieces of every run, one after the other.
    pieces: Vec<Piece>,
    runs: Vec<StoredRun>,
    caps: Keys,
    lower: Keys,
    solo: Keys,
}

/// A [`Run`] as its scan keeps it: its pieces are `Scan::pieces[words]`.
#[derive(Debug, Clone)]
struct StoredRun {
    words: std::ops::Range<u32>,
    title_case: bool,
    headline: bool,
    prev: Option<Span>,
    next: Option<Span>,
}

impl Scan {
    fn runs(&self) -> impl Iterator<Item = Run<'_>> {
        self.runs.iter().map(|run| Run {
            words: &self.pieces[run.words.start as usize..run.words.end as usize],
            title_case: run.title_case,
            headline: run.headline,
            prev: run.prev.clone(),
            next: run.next.clone(),
        })
    }
}

thread_local! {
    /// The buffers of the scans made on this thread, kept from block to block: a scan then
    /// allocates only what it keeps (a paragraph's buffers grown from nothing cost a tenth of
    /// its scan).
    static BUFFERS: std::cell::RefCell<(Scan, Words, Scratch)> = std::cell::RefCell::default();
}

/// The longest block, in bytes, whose scan buffers a thread keeps for the next.
const MAX_KEPT_BUFFER: usize = 64 * 1024;

/// Buffers a block's sentences reuse one after the other.
#[derive(Default)]
struct Scratch {
    /// The words of the block's prose, and where the prose is.
    prose: Vec<Span>,
    prose_span: Span,
    /// Take each sentence's words from `prose` where they are the same.
    share_words: bool,
    classes: Vec<u8>,
    spans: Vec<Span>,
    pieces: Vec<Piece>,
}

/// The words of a block's evidence while it is scanned, as [`WordKey`]s, each once or more.
#[derive(Default)]
struct Words {
    caps: Vec<WordKey>,
    lower: Vec<WordKey>,
    solo: Vec<WordKey>,
}

/// A word as the [`Lexicon`] knows it: a 64-bit hash of its text. The lexicon only ever asks
/// whether a word is in a set, so it keeps no text: a block's evidence is a list of numbers,
/// counted into the story's lexicon without copying or re-hashing strings. Two distinct words
/// share a key with a chance of about 2^-64 per pair, some 10^-10 for a story of 100,000
/// distinct words; the answer that would change is one piece of evidence about one word.
type WordKey = u64;

fn word_key(word: &str) -> WordKey {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// The distinct [`WordKey`]s of a block's evidence, sorted: kept with its scan for as long as
/// the block is unchanged, and only ever read one after the other.
type Keys = Box<[WordKey]>;

fn keys_of(words: &mut Vec<WordKey>) -> Keys {
    words.sort_unstable();
    words.dedup();
    words.as_slice().into()
}

fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || ('\u{0300}'..='\u{036F}').contains(&c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Splits `text[span]` into words: letters and digits with the apostrophes of names inside
/// ("Sha'irat", "Russia's"), hyphens between word parts ("US-Russia", "al-Assad") and the dots of
/// acronyms ("U.S."). Every block of every article passes through here, so each character is
/// classified once, ASCII bytes from a table, and the rules read the classes by byte offset.
#[cfg(test)]
fn words_of(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    words_into(text, span, &mut Vec::new(), &mut out);
    out
}

/// [`words_of`] into `out` (cleared first), with `classes` as scratch space: a block's
/// sentences reuse both.
fn words_into(text: &str, span: Span, classes: &mut Vec<u8>, out: &mut Vec<Span>) {
    out.clear();
    classes.clear();
    let Some(s) = text.get(span.clone()) else { return };
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // ASCII runs from the table, then one character beyond ASCII.
        let ascii_end = i + ascii_prefix(&b[i..]);
        classes.extend(b[i..ascii_end].iter().map(|&c| ASCII_CLASSES[usize::from(c)]));
        i = ascii_end;
        if let Some(c) = s[i..].chars().next() {
            let class = char_class(c);
            classes.push(class);
            classes.extend(std::iter::repeat_n(class | CONTINUATION, c.len_utf8() - 1));
            i += c.len_utf8();
        }
    }
    split_words(classes, span.start, out);
}

/// How many bytes `bytes` starts with below 0x80, read eight at a time.
fn ascii_prefix(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        at += 8;
    }
    at + bytes[at..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - at)
}

/// The rules of [`words_of`] over the classes of a text's bytes: every byte of a character has
/// the character's class, and the later ones [`CONTINUATION`] too. The rules only ever ask at
/// the first byte of a character, and runs of word characters are walked a byte at a time. The
/// words go to `out`, moved by `base`.
fn split_words(classes: &[u8], base: usize, out: &mut Vec<Span>) {
    let n = classes.len();
    let class = |i: usize| classes.get(i).copied().unwrap_or(0);
    let is = |i: usize, k: u8| class(i) & k != 0;
    // The offset of the character after the one at `i`; past the end stays past the end.
    let next = |i: usize| -> usize {
        let mut j = i + 1;
        while j < n && classes[j] & CONTINUATION != 0 {
            j += 1;
        }
        j
    };
    // The class of the character before offset `i`: its last byte has it.
    let before = |i: usize| -> u8 { i.checked_sub(1).map_or(0, |j| classes[j] & !CONTINUATION) };
    // One part: a dotted acronym, or letters and digits with inner apostrophes.
    let part = |i: usize| -> usize {
        // A dotted acronym has a dot after its first letter; most words do not.
        if is(i, ALPHA) && is(next(i), DOT) {
            let mut j = i;
            let mut groups = 0;
            while is(j, ALPHA) && is(next(j), DOT) && groups < 8 {
                groups += 1;
                j = next(next(j));
                if !(is(j, ALPHA) && is(next(j), DOT)) {
                    break;
                }
            }
            if groups >= 2 {
                return j;
            }
        }
        let mut j = i;
        loop {
            // Word characters one after the other: the common case, a byte at a time.
            while j < n && classes[j] & WORD != 0 {
                j += 1;
            }
            if j < n && is(j, APOSTROPHE) && j > i && before(j) & ALPHA != 0 && is(next(j), ALPHA) {
                j = next(j);
                continue;
            }
            return j;
        }
    };
    let mut i = 0;
    while i < n {
        if classes[i] & WORD == 0 {
            // Not the first byte of a word: the later bytes of a word character are walked
            // with it.
            i += 1;
            continue;
        }
        let start = i;
        i = part(i).max(next(i));
        while is(i, HYPHEN) && is(next(i), WORD) && before(i) & (ALNUM | DOT) != 0 {
            i = part(next(i)).max(next(next(i)));
        }
        out.push(base + start..base + i.min(n));
    }
}

/// What [`words_of`] asks about a character, as bits.
const WORD: u8 = 1;
const ALPHA: u8 = 2;
const ALNUM: u8 = 4;
const APOSTROPHE: u8 = 8;
const HYPHEN: u8 = 16;
const DOT: u8 = 32;
/// The second and later bytes of a character, which also have its class.
const CONTINUATION: u8 = 64;

fn char_class(c: char) -> u8 {
    // The letters of European names are two bytes in UTF-8 (up to U+07FF), the typographic
    // quotes and dashes of news copy (U+2000-U+206F) three: a table answers for those, built
    // once, as the Unicode tables take a search per question.
    const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2070;
    static TABLE: std::sync::LazyLock<Box<[u8]>> = std::sync::LazyLock::new(|| {
        (0..0x800u32).chain(PUNCTUATION).map(|c| char::from_u32(c).map_or(0, classify)).collect()
    });
    let code = c as u32;
    let at = match code {
        0..0x800 => code,
        _ if PUNCTUATION.contains(&code) => 0x800 + code - PUNCTUATION.start,
        _ => return classify(c),
    };
    TABLE[at as usize]
}

fn classify(c: char) -> u8 {
    let mut class = 0;
    for (yes, bit) in [
        (is_word_char(c), WORD),
        (is_alphabetic(c), ALPHA),
        (is_alphanumeric(c), ALNUM),
        (is_apostrophe(c), APOSTROPHE),
        (is_hyphen(c), HYPHEN),
        (c == '.', DOT),
    ] {
        if yes {
            class |= bit;
        }
    }
    class
}

const ASCII_CLASSES: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let mut class = 0;
        if c.is_ascii_alphanumeric() {
            class |= WORD | ALNUM;
        }
        if c.is_ascii_alphabetic() {
            class |= ALPHA;
        }
        if c == b'\'' {
            class |= APOSTROPHE;
        }
        if c == b'-' {
            class |= HYPHEN;
        }
        if c == b'.' {
            class |= DOT;
        }
        table[b] = class;
        b += 1;
    }
    table
};

/// Whether a block reads as Title Case: four or more words, and at least three quarters of the
/// words that start with a letter start with a capital.
fn is_title_case(text: &str, words: &[Span]) -> bool {
    let words: Vec<&str> = words.iter().map(|w| &text[w.clone()]).collect();
    let lettered: Vec<&&str> = words.iter().filter(|w| w.chars().next().is_some_and(char::is_alphabetic)).collect();
    let capitalised = lettered.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    lettered.len() >= 4 && capitalised * 4 >= lettered.len() * 3
}

/// A short block without a final full stop, question or exclamation mark: a subheading.
fn is_subheading(text: &str, span: &Span, words: &[Span]) -> bool {
    let s = text[span.clone()].trim_end_matches(['"', '”', '\'', '’', ')']);
    !s.ends_with(['.', '!', '?', '…', ':']) && words.len() <= 12
}

/// Whether a block shouts: most of its words are in capitals, so capitals say nothing.
fn is_shouting(text: &str, words: &[Span]) -> bool {
    if words.len() < 3 {
        return false;
    }
    // A block shouts when more than three words in five are in capitals: it does not once two
    // in five are not, which in prose the first few words settle.
    let mut calm = 0;
    for w in words {
        let s = &text[w.clone()];
        // Most words have a lower-case letter first or second: ask that first.
        let upper = !s.chars().any(char::is_lowercase) && s.chars().filter(|c| c.is_alphabetic()).count() >= 2;
        if !upper {
            calm += 1;
            if calm * 5 >= words.len() * 2 {
                return false;
            }
        }
    }
    true
}

impl Scan {
    /// Scans one block of a parsed article: the headline or a body paragraph (`None` for other
    /// blocks and for blocks that shout). Offsets in the scan are relative to `block.span.start`,
    /// so the scan of an unchanged paragraph holds wherever an edit moves it.
    pub fn of_block(text: &str, block: &Block) -> Option<Scan> {
        Scan::of_block_with(text, block, true)
    }

    /// [`Scan::of_block`], taking each sentence's words from the block's when `share_words`,
    /// else finding them again: the two must agree.
    fn of_block_with(text: &str, block: &Block, share_words: bool) -> Option<Scan> {
        if !matches!(block.kind, BlockKind::Headline | BlockKind::Body) {
            return None;
        }
        let base = block.span.start;
        let local = text.get(base..block.span.end)?;
        let rel = |span: &Span| span.start - base..span.end - base;
        let prose = rel(&block.text_span);
        BUFFERS.with_borrow_mut(|buffers| {
            let made = Scan::with_buffers(local, block, prose, share_words, buffers);
            // A text with no paragraph breaks is one block: its buffers are not kept.
            if buffers.2.classes.capacity() > MAX_KEPT_BUFFER {
                *buffers = Default::default();
            }
            made
        })
    }

    /// [`Scan::of_block_with`] on `local`, the text of `block`, with `prose` the span of its
    /// prose in it, using the thread's buffers.
    fn with_buffers(
        local: &str,
        block: &Block,
        prose: Span,
        share_words: bool,
        (scan, words, scratch): &mut (Scan, Words, Scratch),
    ) -> Option<Scan> {
        let base = block.span.start;
        let rel = |span: &Span| span.start - base..span.end - base;
        scratch.prose_span = prose.clone();
        scratch.share_words = share_words;
        words_into(local, prose.clone(), &mut scratch.classes, &mut scratch.prose);
        let prose_words = &scratch.prose;
        if is_shouting(local, prose_words) {
            return None;
        }
        let headline = block.kind == BlockKind::Headline;
        // A headline, or a subheading inside the body (a short block with no final stop),
        // written in Title Case.
        let heading = headline || is_subheading(local, &prose, prose_words);
        let title_case = heading && is_title_case(local, prose_words);
        scan.pieces.clear();
        scan.runs.clear();
        words.caps.clear();
        words.lower.clear();
        words.solo.clear();
        for sentence in &block.sentences {
            scan.sentence(local, rel(sentence), headline, title_case, words, scratch);
        }
        // A scan lives as long as its paragraph is unchanged: sized exactly.
        Some(Scan {
            pieces: scan.pieces.to_vec(),
            runs: scan.runs.to_vec(),
            caps: keys_of(&mut words.caps),
            lower: keys_of(&mut words.lower),
            solo: keys_of(&mut words.solo),
        })
    }

    fn sentence(
        &mut self,
        text: &str,
        span: Span,
        headline: bool,
        title_case: bool,
        words: &mut Words,
        scratch: &mut Scratch,
    ) {
        let Scratch { classes, spans, pieces, prose, prose_span, share_words } = scratch;
        // The block's words inside the sentence are the sentence's own words when the sentence
        // lies in the prose with whitespace (or the prose's edge) on either side: no word crosses
        // whitespace, and each rule looks one character past a word only to find a letter, a
        // dot or a hyphen.
        let open = |at: usize| at == prose_span.start || text[..at].ends_with(char::is_whitespace);
        let close = |at: usize| at == prose_span.end || text[at..].starts_with(char::is_whitespace);
        let inside = prose_span.start <= span.start && span.end <= prose_span.end;
        if *share_words && inside && open(span.start) && close(span.end) {
            let from = prose.partition_point(|w| w.start < span.start);
            let to = prose.partition_point(|w| w.start < span.end);
            spans.clear();
            spans.extend_from_slice(&prose[from..to]);
        } else {
            words_into(text, span.clone(), classes, spans);
        }
        pieces.clear();
        let mut prev_end: Option<usize> = None;
        let mut prev_word = "";
        for word in spans.iter().cloned() {
            let gap_text = &text[prev_end.unwrap_or(span.start)..word.start];
            let gap = match prev_end {
                None => Gap::Start,
                // Most words: one space before.
                Some(_) if gap_text == " " => Gap::Space,
                Some(_) if !gap_text.is_empty() && gap_text.chars().all(char::is_whitespace) => Gap::Space,
                Some(_)
                    if gap_text.starts_with('.')
                        && gap_text.len() > 1
                        && gap_text[1..].chars().all(char::is_whitespace)
                        && (is_title_head(prev_word)
                            || is_initial(prev_word)
                            // "Ft. Myers", "Mt. Kenya", "St. Petersburg"; not "Main St. The".
                            || (matches!(prev_word, "Ft" | "Mt" | "St") && !Table::StopWords.has(&text[word.clone()]))) =>
                {
                    Gap::Space
                }
                Some(_) => Gap::Break,
            };
            let opener = || {
                gap_text.trim_end().chars().last().is_some_and(|c| {
                    matches!(c, '"' | '“' | '‘' | '\'' | '«' | '(' | '[' | ':' | '—' | '–' | '-' | '•')
                })
            };
            let initial = gap == Gap::Start || (gap == Gap::Break && opener());
            pieces_of(text, word.clone(), gap, initial, pieces);
            prev_end = Some(word.end);
            prev_word = &text[word];
        }
        for piece in pieces.iter() {
            let word = &text[piece.span.clone()];
            match piece.class {
                Class::Lower => {
                    let key = if word.is_ascii() && word.bytes().all(|b| !b.is_ascii_uppercase()) {
                        word_key(word)
                    } else {
                        word_key(&word.to_lowercase())
                    };
                    words.lower.push(key);
                }
                Class::Cap if !piece.initial && !title_case && piece.gap != Gap::Hyphen => {
                    words.caps.push(word_key(word));
                }
                _ => {}
            }
        }
        self.runs_of(text, pieces, headline, title_case, words);
    }

    fn runs_of(&mut self, text: &str, pieces: &[Piece], headline: bool, title_case: bool, words: &mut Words) {
        let word = |i: usize| &text[pieces[i].span.clone()];
        let is_name = |i: usize| matches!(pieces[i].class, Class::Cap | Class::Acronym) && !starts_badly(word(i));
        let mut i = 0;
        while i < pieces.len() {
            if !is_name(i) {
                i += 1;
                continue;
            }
            let mut j = i;
            // "of", "for" and "the" continue organisation and place names ("Bank of England",
            // "Gulf of Aden") and titles ("Secretary of State"), never a person's name
            // ("President Bashar al-Assad | of Syria").
            let grows = |k: usize| is_org_or_place_word(word(k));
            let mut org = grows(i);
            while !pieces[j].end {
                let k = j + 1;
                if k < pieces.len()
                    && matches!(pieces[k].gap, Gap::Space | Gap::Hyphen)
                    && is_name(k)
                    && !is_weekday_or_month_start(word(k))
                {
                    j = k;
                    org |= grows(k);
                    continue;
                }
                // One or two small words between capitals: particles ("bin", "van der") anywhere,
                // "of", "for" and "the" in organisation names and titles.
                let of_ok = org || is_title_head(word(j));
                let mut m = k;
                while m < pieces.len()
                    && m < k + 2
                    && pieces[m].gap == Gap::Space
                    && pieces[m].class == Class::Lower
                    && (PARTICLES.contains(&word(m))
                        || (of_ok && m == k && matches!(word(m), "of" | "for"))
                        || (of_ok && m > k && word(m) == "the"))
                {
                    m += 1;
                }
                if m > k && m < pieces.len() && pieces[m].gap == Gap::Space && is_name(m) {
                    j = m;
                    org |= grows(m);
                    continue;
                }
                break;
            }
            let prev = i.checked_sub(1).filter(|&p| pieces[i].gap == Gap::Space && pieces[p].class == Class::Lower);
            let next = Some(j + 1)
                .filter(|&n| n < pieces.len() && pieces[n].gap == Gap::Space && pieces[n].class == Class::Lower);
            // Names are short: a longer run of capitals is a list or a shouted line, not a name.
            if pieces[i..=j].iter().filter(|p| p.class != Class::Lower).count() > MAX_RUN_WORDS {
                i = j + 1;
                continue;
            }
            // A name standing alone, or after a title only ("Lavrov", "Mr Trump"): evidence that
            // a hyphenated pair of such names is two names ("Tillerson-Lavrov").
            let alone = (i..j).all(|k| pieces[k].class == Class::Lower || is_title_word(word(k)));
            if alone && pieces[j].gap != Gap::Hyphen && pieces.get(j + 1).is_none_or(|p| p.gap != Gap::Hyphen) {
                words.solo.push(word_key(word(j)));
            }
            let from = self.pieces.len() as u32;
            self.pieces.extend_from_slice(&pieces[i..=j]);
            self.runs.push(StoredRun {
                words: from..self.pieces.len() as u32,
                title_case,
                headline,
                prev: prev.map(|p| pieces[p].span.clone()),
                next: next.map(|n| pieces[n].span.clone()),
            });
            i = j + 1;
        }
    }
}

/// The longest run of capitalised words read as (a role and) a name: "Russian Deputy Permanent
/// Representative to the United Nations Vladimir Safronkov" has seven before the "to".
const MAX_RUN_WORDS: usize = 12;

/// Weekdays never continue a name; months do only as surnames ("Theresa May").
fn is_weekday_or_month_start(word: &str) -> bool {
    WEEKDAYS.contains(&word) || (MONTHS.contains(&bare(word)) && word != "May")
}

/// Words that cannot be part of a name at all.
fn starts_badly(word: &str) -> bool {
    WEEKDAYS.contains(&word) || word == "I"
}

/// One capital and a dot: "W." of "George W. Bush".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Splits one word into pieces: the parts of a hyphenated word, a possessive left out.
fn pieces_of(text: &str, span: Span, gap: Gap, initial: bool, out: &mut Vec<Piece>) {
    let word = &text[span.clone()];
    // Most words: lower-case letters and nothing else, one piece in lower case.
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        out.push(Piece { span, class: Class::Lower, gap, initial, end: false });
        return;
    }
    // Most of the rest: ASCII letters only ("Monday", "NATO"), no hyphen, apostrophe or digit,
    // so one piece of the word's own class.
    if word.bytes().all(|b| b.is_ascii_alphabetic()) {
        let class = if is_acronym(word) {
            Class::Acronym
        } else if word.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
            Class::Cap
        } else {
            Class::Lower
        };
        out.push(Piece { span, class, gap, initial, end: false });
        return;
    }
    let class_of = |s: &str| {
        let contraction =
            s.rsplit_once(is_apostrophe).is_some_and(|(_, tail)| matches!(tail, "ve" | "re" | "ll" | "d" | "m" | "t"));
        if contraction {
            Class::Lower
        } else if s.chars().any(|c| c.is_ascii_digit()) {
            Class::Other
        } else if is_acronym(s) {
            Class::Acronym
        } else if s.chars().next().is_some_and(char::is_uppercase) {
            Class::Cap
        } else if s.chars().next().is_some_and(char::is_lowercase) {
            Class::Lower
        } else {
            Class::Other
        }
    };
    // Any other word with no hyphen and no apostrophe ("Gonçalves", "U.S.", "2017", "G20"): one
    // part, no possessive, one piece of the word's own class.
    if !word.contains(|c: char| is_hyphen(c) || is_apostrophe(c)) {
        out.push(Piece { span, class: class_of(word), gap, initial, end: false });
        return;
    }
    // The possessive: "Russia's", "Assad’s".
    let mut core = span.clone();
    let mut possessive = false;
    for suffix in ["'s", "’s", "ʼs"] {
        if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
            core.end -= suffix.len();
            possessive = true;
            break;
        }
    }
    // The hyphenated parts.
    let core_text = &text[core.clone()];
    let mut parts: SmallVec<[(Span, Class); 4]> = SmallVec::new();
    let mut from = 0;
    for (at, c) in core_text.char_indices().filter(|&(_, c)| is_hyphen(c)) {
        let s = &core_text[from..at];
        parts.push((core.start + from..core.start + at, class_of(s)));
        from = at + c.len_utf8();
    }
    parts.push((core.start + from..core.end, class_of(&core_text[from..])));
    // A particle joined to the name after it is one piece: "al-Assad", "Al-Nusra".
    let mut merged: SmallVec<[(Span, Class); 4]> = SmallVec::new();
    let mut k = 0;
    while k < parts.len() {
        let (ref s, class) = parts[k];
        let is_particle = HYPHEN_PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(&text[s.clone()]));
        if is_particle && k + 1 < parts.len() && parts[k + 1].1 == Class::Cap {
            merged.push((s.start..parts[k + 1].0.end, Class::Cap));
            k += 2;
        } else {
            merged.push((s.clone(), class));
            k += 1;
        }
    }
    if !merged.iter().any(|(_, c)| matches!(c, Class::Cap | Class::Acronym)) {
        let class = if merged.iter().any(|(_, c)| *c == Class::Other) { Class::Other } else { Class::Lower };
        out.push(Piece { span, class, gap, initial, end: false });
        return;
    }
    let first_out = out.len();
    let mut pending_gap = gap;
    let mut after_prefix = false;
    for (s, class) in merged {
        match class {
            Class::Cap | Class::Acronym => {
                let first = out.len() == first_out;
                out.push(Piece {
                    span: s,
                    class,
                    gap: pending_gap,
                    initial: initial && first && !after_prefix,
                    end: false,
                });
                pending_gap = Gap::Hyphen;
            }
            Class::Lower if out.len() > first_out => {
                let tail = &text[s.clone()];
                let last = out.last_mut().expect("a piece was pushed");
                let short = tail.chars().count() <= 3 && !ADJECTIVE_TAILS.contains(&tail);
                // Longer tails only after a syllable of the same shape: "Yong-chol", not
                // "Right-wing" or "Year-long".
                let syllables = || {
                    let head = text[last.span.clone()].rsplit(['-', '‐', '‑']).next().unwrap_or_default();
                    is_romanized_syllable(tail) && is_romanized_syllable(&head.to_ascii_lowercase())
                };
                if (short || syllables()) && last.class == Class::Cap {
                    // "Jong-un", "Yong-chol": the tail belongs to the name.
                    last.span.end = s.end;
                    continue;
                }
                // "Western-backed", "U.S.-led": the name ends here and the rest is an adjective.
                last.end = true;
                return finish(out, first_out, possessive);
            }
            // "anti-Assad", "pro-Russia": the prefix is dropped and the name starts afresh.
            Class::Lower => {
                pending_gap = Gap::Break;
                after_prefix = true;
            }
            Class::Other => {
                if let Some(last) = out[first_out..].last_mut() {
                    last.end = true;
                }
                return finish(out, first_out, possessive);
            }
        }
    }
    finish(out, first_out, possessive);

    fn finish(out: &mut [Piece], first_out: usize, possessive: bool) {
        if possessive {
            if let Some(last) = out[first_out..].last_mut() {
                last.end = true;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Resolving runs into mentions
// ---------------------------------------------------------------------------------------------

/// What the whole story says about words, gathered from the scans of its blocks. Each word
/// counts the blocks that give the evidence, so that the lexicon of the next version of a story
/// is this one minus the blocks an edit removed plus those it added (see [`Story::build`]).
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    /// Words written with a capital inside a sentence somewhere.
    caps: FxHashMap<WordKey, u32>,
    /// Words written in lower case somewhere (lower-cased).
    lower: FxHashMap<WordKey, u32>,
    /// Words that stand alone as a name somewhere.
    solo: FxHashMap<WordKey, u32>,
}

/// The words whose membership of a set of a [`Lexicon`] changed while blocks were counted in
/// and out, with whether they were members before. An answer of the lexicon changed only for
/// the words that are members now when they were not, or the other way round.
#[derive(Debug, Default)]
struct Flips([FxHashMap<WordKey, bool>; 3]);

impl Flips {
    const SETS: [Set; 3] = [Set::Caps, Set::Lower, Set::Solo];

    fn note(&mut self, set: Set, word: WordKey, was_member: bool) {
        self.0[set as usize].entry(word).or_insert(was_member);
    }

    /// The questions whose answer differs under `lex` from the lexicon before the changes.
    fn changed(self, lex: &Lexicon) -> Vec<(Set, WordKey)> {
        let mut out = Vec::new();
        for (set, noted) in Flips::SETS.into_iter().zip(self.0) {
            out.extend(noted.into_iter().filter(|&(word, was)| lex.has(set, word) != was).map(|(word, _)| (set, word)));
        }
        out
    }
}

/// The three sets of a [`Lexicon`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Set {
    Caps = 0,
    Lower = 1,
    Solo = 2,
}

impl Lexicon {
    pub fn of<'a>(scans: impl IntoIterator<Item = &'a Scan>) -> Lexicon {
        let mut lex = Lexicon::default();
        for scan in scans {
            lex.add(scan);
        }
        lex
    }

    /// Counts the blocks of `scan` in. A lexicon built from nothing notes no changes: every
    /// word would be one.
    fn add(&mut self, scan: &Scan) {
        self.count(scan, true, None);
    }

    /// Counts the blocks of `scan` in, noting the words that join a set in `flips`.
    fn add_noting(&mut self, scan: &Scan, flips: &mut Flips) {
        self.count(scan, true, Some(flips));
    }

    /// Counts the blocks of `scan` out, noting the words that leave a set in `flips`.
    fn remove_noting(&mut self, scan: &Scan, flips: &mut Flips) {
        self.count(scan, false, Some(flips));
    }

    fn count(&mut self, scan: &Scan, add: bool, mut flips: Option<&mut Flips>) {
        for (which, set, words) in [
            (Set::Caps, &mut self.caps, &scan.caps),
            (Set::Lower, &mut self.lower, &scan.lower),
            (Set::Solo, &mut self.solo, &scan.solo),
        ] {
            for &word in words.iter() {
                match (set.get_mut(&word), add) {
                    (Some(count), true) => *count += 1,
                    (None, true) => {
                        set.insert(word, 1);
                        if let Some(flips) = flips.as_deref_mut() {
                            flips.note(which, word, false);
                        }
                    }
                    (Some(count), false) => {
                        *count -= 1;
                        if *count == 0 {
                            set.remove(&word);
                            if let Some(flips) = flips.as_deref_mut() {
                                flips.note(which, word, true);
                            }
                        }
                    }
                    (None, false) => {}
                }
            }
        }
    }

    fn has(&self, set: Set, word: WordKey) -> bool {
        match set {
            Set::Caps => self.caps.contains_key(&word),
            Set::Lower => self.lower.contains_key(&word),
            Set::Solo => self.solo.contains_key(&word),
        }
    }
}

/// The lexicon as one block's resolution consults it, with a record of every question asked
/// and its answer: the block's mentions hold for any later lexicon that answers them the same.
struct Evidence<'l> {
    lex: &'l Lexicon,
    asked: std::cell::RefCell<Vec<(Set, WordKey, bool)>>,
}

impl Evidence<'_> {
    fn has(&self, set: Set, word: &str) -> bool {
        let word = word_key(word);
        let answer = self.lex.has(set, word);
        let mut asked = self.asked.borrow_mut();
        if !asked.iter().any(|&(s, w, _)| s == set && w == word) {
            asked.push((set, word, answer));
        }
        answer
    }
}

/// The mentions of one block (offsets relative to the block), and the questions about the
/// lexicon they depend on.
#[derive(Debug)]
pub struct Resolved {
    mentions: Vec<Mention>,
    asked: Vec<(Set, WordKey, bool)>,
}

impl Resolved {
    fn of(local: &str, scan: &Scan, lex: &Lexicon) -> Resolved {
        let evidence = Evidence { lex, asked: Default::default() };
        let mut mentions = Vec::new();
        for run in scan.runs() {
            resolve_run(local, &run, &evidence, &mut mentions);
        }
        mentions.sort_by_key(|m| m.span.start);
        mentions.shrink_to_fit();
        Resolved { mentions, asked: evidence.asked.into_inner() }
    }

    /// Whether `lex` answers every question this resolution asked as it was answered then.
    fn holds_under(&self, lex: &Lexicon) -> bool {
        self.asked.iter().all(|&(set, word, answer)| lex.has(set, word) == answer)
    }

    /// Whether this resolution, which holds under a lexicon, still holds once the answers to
    /// the questions `changed` have changed: it asked none of them.
    fn holds_despite(&self, changed: &[(Set, WordKey)]) -> bool {
        changed.is_empty() || !self.asked.iter().any(|&(set, word, _)| changed.contains(&(set, word)))
    }
}

/// One mention of a name in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The name as written, without role and possessive: "Sergey Lavrov" in "Russian Foreign
    /// Minister Sergey Lavrov's".
    pub span: Span,
    /// The text of `span` with its spaces collapsed: the stripped display form.
    pub form: Arc<str>,
    /// What tells forms apart ([`identity`] of `form`): writings that differ only in an
    /// apostrophe or the case of a particle are one form.
    identity: Arc<str>,
    /// The comparable key: the skeletons of the name's words, separated by spaces (for an
    /// acronym, the acronym as written). Spellings of one name mostly share it.
    pub key: Arc<str>,
    /// The title or role stripped in front of the name ("Russian Foreign Minister").
    pub role: Option<Span>,
    /// The mention opens a sentence or a quote, so a lower-case particle would be capitalised.
    pub initial: bool,
    /// The mention is in the headline.
    pub headline: bool,
    /// "the" right before the mention ("the Russian Federation").
    pub the_before: Option<Span>,
    /// What the lower-case words around the mention say of its kind: a preposition of place
    /// before it ("in Moscow"), a verb of speech after it ("Lavrov said").
    after_place_preposition: bool,
    before_speech_verb: bool,
}

/// Every mention of a document, using the evidence of `lexicon`: `scans` are the scans of its
/// blocks ([`Scan::of_block`]), aligned with `article.blocks`.
pub fn resolve(text: &str, article: &Article, scans: &[Option<Arc<Scan>>], lexicon: &Lexicon) -> Vec<Mention> {
    let mut out = Vec::new();
    for (block, scan) in article.blocks.iter().zip(scans) {
        let Some(scan) = scan else { continue };
        let Some(local) = text.get(block.span.start..block.span.end) else { continue };
        out.extend(Resolved::of(local, scan, lexicon).mentions.into_iter().map(|m| m.shifted(block.span.start)));
    }
    out
}

/// The mentions of one article on its own, with only its own text as evidence.
pub fn mentions(text: &str, article: &Article) -> Vec<Mention> {
    let scans: Vec<Option<Arc<Scan>>> =
        article.blocks.iter().map(|block| Scan::of_block(text, block).map(Arc::new)).collect();
    let lexicon = Lexicon::of(scans.iter().flatten().map(|s| &**s));
    resolve(text, article, &scans, &lexicon)
}

impl Mention {
    /// Whether the mention counts in a story as `other` does: the same writing, and the same
    /// words around it (see [`Votes`]). Its place, and what only its own finding reads, may
    /// differ.
    fn counts_as(&self, other: &Mention) -> bool {
        self.form == other.form
            && self.identity == other.identity
            && self.role.is_some() == other.role.is_some()
            && self.after_place_preposition == other.after_place_preposition
            && self.before_speech_verb == other.before_speech_verb
    }

    /// The mention moved by `by` bytes: from offsets in its block to offsets in its text.
    fn shifted(mut self, by: usize) -> Mention {
        self.span = moved(&self.span, by);
        self.role = self.role.map(|role| moved(&role, by));
        self.the_before = self.the_before.map(|the| moved(&the, by));
        self
    }
}

/// A span moved `by` bytes: from offsets in a block to offsets in its text.
fn moved(span: &Span, by: usize) -> Span {
    span.start + by..span.end + by
}

fn resolve_run(text: &str, run: &Run, lex: &Evidence, out: &mut Vec<Mention>) {
    let w = |p: &Piece| &text[p.span.clone()];
    // 1. Hyphenated capitals: two names ("US-Russia", "Tillerson-Lavrov") when a part is an
    // acronym or every part stands alone as a name elsewhere in the story; else one name
    // ("Jean-Claude", "Abdel-Fattah").
    // The pieces of the segments one after the other, and where each segment ends.
    let mut pieces = Pieces::new();
    let mut ends: SmallVec<[usize; 4]> = SmallVec::new();
    let mut i = 0;
    while i < run.words.len() {
        let mut j = i;
        while j + 1 < run.words.len() && run.words[j + 1].gap == Gap::Hyphen {
            j += 1;
        }
        let parts = &run.words[i..=j];
        if parts.len() == 1 {
            pieces.push(parts[0].clone());
        } else if !parts.iter().any(|p| is_title_word(w(p)))
            && (parts.iter().any(|p| p.class == Class::Acronym) || parts.iter().all(|p| lex.has(Set::Solo, w(p))))
        {
            pieces.push(parts[0].clone());
            for p in &parts[1..] {
                ends.push(pieces.len());
                pieces.push(Piece { initial: false, ..p.clone() });
            }
        } else {
            let mut one = parts[0].clone();
            one.span.end = parts[parts.len() - 1].span.end;
            one.class = Class::Cap;
            pieces.push(one);
        }
        i = j + 1;
    }
    ends.push(pieces.len());
    // 2. The evidence for capitals that may be the sentence's (or the headline's). What is kept
    // of a segment are the stretches between the pieces dropped.
    let mut segment_start = 0;
    for end in ends {
        let n = end - segment_start;
        let mut current = segment_start;
        for k in segment_start..end {
            let piece = &pieces[k];
            let keep = match piece.class {
                Class::Lower => true,
                _ if run.title_case => {
                    piece.class == Class::Acronym || lex.has(Set::Caps, w(piece)) || is_title_word(w(piece))
                }
                _ if piece.initial && pieces[current..k].iter().all(|p| p.class == Class::Lower) => {
                    let multi = k - segment_start + 1 < n;
                    initial_is_name(w(piece), multi, lex)
                }
                _ => true,
            };
            if !keep {
                emit_trimmed(text, run, &pieces[current..k], out);
                current = k + 1;
            }
        }
        emit_trimmed(text, run, &pieces[current..end], out);
        segment_start = end;
    }
}

fn emit_trimmed(text: &str, run: &Run, words: &[Piece], out: &mut Vec<Mention>) {
    let words = trim_small(words);
    if !words.is_empty() {
        emit(text, run, words, out);
    }
}

/// Whether a capitalised word that may owe its capital to the sentence is a name.
fn initial_is_name(word: &str, multi: bool, lex: &Evidence) -> bool {
    if is_acronym(word) || is_title_word(word) {
        return true;
    }
    if Table::StopWords.has(word) || is_date_word(word) {
        return false;
    }
    if lex.has(Set::Caps, word) {
        return true;
    }
    let lower = word.to_lowercase();
    let letters = lower.chars().count();
    // "Speaking", "Interestingly", "Economists": participles, adverbs and plurals of trades.
    if letters > 4 && (lower.ends_with("ing") || lower.ends_with("ly") || lower.ends_with("ists")) {
        return false;
    }
    // Alone, a word that is written in lower case elsewhere, or that reads as a past tense or a
    // plural ("Talks", "Diplomats"), is the sentence's capital; a name of that shape is written
    // with its capital inside some sentence of the story too.
    let plural = lower.ends_with('s') && !lower.ends_with("ss");
    if !multi && ((letters > 4 && (lower.ends_with("ed") || plural)) || lex.has(Set::Lower, &lower)) {
        return false;
    }
    true
}

/// The pieces of a run as its resolution splits them: names are short, so most stay on the
/// stack.
type Pieces = SmallVec<[Piece; 8]>;

/// Drops small words at either end of a run.
fn trim_small(words: &[Piece]) -> &[Piece] {
    let end = words.iter().rposition(|p| p.class != Class::Lower).map_or(0, |k| k + 1);
    let words = &words[..end];
    let lead = words.iter().take_while(|p| p.class == Class::Lower).count();
    &words[lead..]
}

/// Strips the role, splits off acronyms and known names in front, and pushes the mentions.
fn emit(text: &str, run: &Run, words: &[Piece], out: &mut Vec<Mention>) {
    let w = |p: &Piece| &text[p.span.clone()];
    let names: SmallVec<[usize; 8]> = (0..words.len()).filter(|&k| words[k].class != Class::Lower).collect();
    // The role: everything up to the last title head, and "of State" after it.
    let mut role_end: Option<usize> = None; // index into `words` of the last word of the role
    for &k in names.iter().rev() {
        if !is_title_head(w(&words[k])) {
            continue;
        }
        let mut end = k;
        if words.get(k + 1).is_some_and(|p| w(p) == "of") {
            let mut m = k + 2;
            if words.get(m).is_some_and(|p| w(p) == "the") {
                m += 1;
            }
            let mut first = true;
            while m < words.len() && words[m].class != Class::Lower {
                let left = words[m + 1..].iter().filter(|p| p.class != Class::Lower).count();
                if Table::TitleModifiers.has(w(&words[m])) || (first && left >= 2) {
                    end = m;
                    m += 1;
                    first = false;
                } else {
                    break;
                }
            }
        }
        let rest = || words[end + 1..].iter().filter(|p| p.class != Class::Lower);
        if rest().next().is_none() {
            // A bare role ("Russian Foreign Minister", "the U.S. Ambassador") has no name, but
            // "Stephen King" is a name that ends with a title word.
            let bare_role = names.len() == 1
                || names[..names.iter().position(|&x| x == k).unwrap_or(0)].iter().any(|&x| {
                    let s = w(&words[x]);
                    is_title_word(s) || is_acronym(s) || looks_demonymic(s) || is_org_word(s)
                });
            if bare_role {
                for p in words.iter().filter(|p| p.class == Class::Acronym && !is_title_word(w(p))) {
                    push_mention(text, run, std::slice::from_ref(p), None, out);
                }
                return;
            }
            continue;
        }
        if rest().any(|p| is_org_word(w(p)) || is_event_word(w(p))) {
            continue;
        }
        role_end = Some(end);
        break;
    }
    let (role, mut name) = match role_end {
        Some(end) => {
            // What stands before the title words is a name of its own when it names an
            // organisation or a place ("Bank of England | Governor", "White House | Press
            // Secretary"); otherwise only its acronyms are ("NATO | Secretary General").
            let titles = words[..=end].iter().position(|p| is_title_word(w(p))).unwrap_or(0);
            let before = trim_small(&words[..titles]);
            if before.iter().any(|p| is_org_or_place_word(w(p))) {
                push_mention(text, run, before, None, out);
            } else {
                for p in words[..=end].iter().filter(|p| p.class == Class::Acronym && !is_title_word(w(p))) {
                    push_mention(text, run, std::slice::from_ref(p), None, out);
                }
            }
            let role = words[0].span.start..words[end].span.end;
            (Some(role), trim_small(&words[end + 1..]))
        }
        None => (None, words),
    };
    // A known name in front of a person's: "United Nations | Vladimir Safronkov".
    let names_in = name.iter().filter(|p| p.class != Class::Lower).count();
    for prefix in PREFIX_WORDS.iter() {
        let count = prefix.len();
        if names_in <= count || name.iter().take(count).any(|p| p.class == Class::Lower) {
            continue;
        }
        let tail = &name[count..];
        if name[..count].iter().map(&w).eq(prefix.iter().copied())
            && tail.first().is_some_and(|p| p.class == Class::Cap)
            && !tail.iter().any(|p| is_org_or_place_word(w(p)) || p.class == Class::Lower)
        {
            push_mention(text, run, &name[..count], None, out);
            name = tail;
            break;
        }
    }
    // An acronym in front of a person's full name: "the U.N. | Nikki Haley" (but "J.K. Rowling").
    if name.len() >= 3
        && name[0].class == Class::Acronym
        && name[1].class == Class::Cap
        && !name[1..].iter().any(|p| p.class != Class::Cap || is_org_or_place_word(w(p)) || is_event_word(w(p)))
    {
        push_mention(text, run, &name[..1], None, out);
        name = &name[1..];
    }
    if name.is_empty() {
        return;
    }
    // Lone words that are not names.
    if name.len() == 1 {
        let s = w(&name[0]);
        let letters = s.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 || is_date_word(s) || is_title_word(s) || Table::StopWords.has(s) {
            return;
        }
    }
    if name.iter().all(|p| p.class == Class::Lower || is_title_word(w(p))) {
        return;
    }
    push_mention(text, run, name, role, out);
}

fn push_mention(text: &str, run: &Run, words: &[Piece], role: Option<Span>, out: &mut Vec<Mention>) {
    let (Some(first), Some(last)) = (words.first(), words.last()) else { return };
    let span = first.span.start..last.span.end;
    let (form, identity, key) = form_strings(&text[span.clone()]);
    let at_run_start = first.span.start == run.words[0].span.start;
    let prev = run.prev.clone().filter(|_| at_run_start);
    let the_before = {
        let before = &text[..span.start];
        let trimmed = before.strip_suffix(' ').unwrap_or("");
        let start = trimmed.len().saturating_sub(3);
        let word_start = trimmed.get(..start).is_some_and(|b| !b.chars().last().is_some_and(char::is_alphanumeric));
        trimmed.get(start..).filter(|w| w.eq_ignore_ascii_case("the") && word_start).map(|_| start..span.start)
    };
    let at_run_end = last.span.end == run.words[run.words.len() - 1].span.end;
    out.push(Mention {
        span,
        identity,
        form,
        key,
        role,
        initial: first.initial,
        headline: run.headline,
        the_before,
        after_place_preposition: prev.is_some_and(|p| PLACE_PREPOSITIONS.contains(&&*lower_word(&text[p]))),
        before_speech_verb: run
            .next
            .clone()
            .filter(|_| at_run_end)
            .is_some_and(|n| SPEECH_VERBS.contains(&&*lower_word(&text[n]))),
    });
}

/// Strings shared by every mention written the same way, computed once per thread: the form,
/// its identity and its key. A story names a few hundred names in thousands of mentions.
type FormStrings = (Arc<str>, Arc<str>, Arc<str>);

thread_local! {
    static FORMS: std::cell::RefCell<FxHashMap<Box<str>, FormStrings>> = Default::default();
    static WORDS: std::cell::RefCell<FxHashMap<Box<str>, Arc<str>>> = Default::default();
}

/// Entries kept per table and thread before it starts afresh: enough for the names and the
/// words around them in a large story, small enough not to matter in memory.
const MAX_SHARED: usize = 20_000;

fn form_strings(raw: &str) -> FormStrings {
    FORMS.with(|forms| {
        let mut forms = forms.borrow_mut();
        if let Some(strings) = forms.get(raw) {
            return strings.clone();
        }
        let form = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = alias_of(&form).map_or_else(|| form_key(&form), |a| form_key(a.plain)).words.join(" ");
        let strings: FormStrings = (form.as_str().into(), identity(&form).into(), key.into());
        if forms.len() >= MAX_SHARED {
            forms.clear();
        }
        forms.insert(raw.into(), strings.clone());
        strings
    })
}

/// A word in lower case, shared like [`form_strings`].
fn lower_word(word: &str) -> Arc<str> {
    WORDS.with(|words| {
        let mut words = words.borrow_mut();
        if let Some(lower) = words.get(word) {
            return lower.clone();
        }
        let lower: Arc<str> = word.to_lowercase().into();
        if words.len() >= MAX_SHARED {
            words.clear();
        }
        words.insert(word.into(), lower.clone());
        lower
    })
}

// ---------------------------------------------------------------------------------------------
// The story: forms, names and their preferred forms
// ---------------------------------------------------------------------------------------------

/// Full forms compete with full forms, one-word forms with one-word forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    /// Two words or more: "Sergey Lavrov", "Bashar al-Assad".
    Full,
    /// One word or an acronym: "Lavrov", "al-Shayrat", "NATO" (and the aliases of one-word
    /// names, such as "Russian Federation" for "Russia").
    Short,
}

/// Why a form is the one to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Named under `[names] house` in the configuration.
    House,
    /// The plain form of a known alias of spun copy.
    Plain,
    /// The form most mentions in the story use.
    Majority,
    /// As many mentions as another form; the story used it first.
    FirstUsed,
}

impl Why {
    pub fn describe(self) -> &'static str {
        match self {
            Why::House => "the house form",
            Why::Plain => "the plain name; the other is a formal alias typical of rewritten copy",
            Why::Majority => "the form most of the story uses",
            Why::FirstUsed => "used as often as another form, and first",
        }
    }
}

/// One distinct spelling of a name in the story.
#[derive(Debug, Clone)]
pub struct Form {
    /// The form as written (the most frequent writing of this identity).
    pub text: String,
    identity: String,
    key: Arc<Key>,
    pub slot: Slot,
    pub alias: Option<&'static Alias>,
    /// Mentions in the story.
    pub count: usize,
    /// (position of the document in the story, index of the mention in it) of the first
    /// mention: the order of first use, which an edit that leaves the mentions alone keeps.
    first: (usize, usize),
    pub group: usize,
    /// The writings seen, with counts, to pick `text`.
    writings: Vec<(Arc<str>, usize)>,
    /// What the words around its mentions say of its kind.
    votes: Votes,
}

/// What the words around the mentions of a form or a name say of its kind (see
/// [`Story::guess_kinds`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Votes {
    /// A mention with a title or role stripped in front.
    role: bool,
    /// Mentions after a preposition of place ("in Moscow").
    place: u32,
    /// Mentions before a verb of speech ("Lavrov said").
    speech: u32,
}

impl Votes {
    fn count(&mut self, m: &Mention) {
        self.role |= m.role.is_some();
        self.place += u32::from(m.after_place_preposition);
        self.speech += u32::from(m.before_speech_verb);
    }

    fn add(&mut self, other: Votes) {
        self.role |= other.role;
        self.place += other.place;
        self.speech += other.speech;
    }
}

/// What the forms of a name say of its kind, whatever the words around its mentions: the same
/// for the same forms, so a story whose forms did not change takes them from the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Traits {
    /// The kind its words or an alias decide on their own.
    fixed: Option<NameKind>,
    /// A word of an event ("Summit", "Games") in a form.
    event: bool,
    /// Every form is a short word of nationality.
    demonyms: bool,
    /// A full form looks like a person's name.
    person: bool,
}

/// What a form is, from its writing alone: its key, slot and alias. Computed once per writing
/// and handed from one version of a story to the next.
#[derive(Debug, Clone)]
struct Shape {
    key: Arc<Key>,
    slot: Slot,
    alias: Option<&'static Alias>,
}

impl Shape {
    fn of(form: &str) -> Shape {
        let alias = alias_of(form);
        let key = alias.map_or_else(|| form_key(form), |a| form_key(a.plain));
        let slot = if key.acronym || key.words.len() <= 1 { Slot::Short } else { Slot::Full };
        Shape { key: Arc::new(key), slot, alias }
    }
}

/// The preferred form of one slot of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferred {
    pub text: String,
    pub why: Why,
}

/// A name: its forms in the story.
#[derive(Debug, Clone)]
pub struct Group {
    pub forms: Vec<usize>,
    pub preferred_full: Option<Preferred>,
    pub preferred_short: Option<Preferred>,
    pub kind: NameKind,
    /// A word of nationality ("Russian", "Syrians") rather than a name.
    pub adjective: bool,
    /// Found by [`Story::guess_kinds`], or taken from the story before.
    traits: Option<Traits>,
}

impl Group {
    pub fn preferred(&self, slot: Slot) -> Option<&Preferred> {
        match slot {
            Slot::Full => self.preferred_full.as_ref(),
            Slot::Short => self.preferred_short.as_ref(),
        }
    }
}

/// A document of the story with its mentions.
#[derive(Debug)]
pub struct StoryDoc {
    pub id: DocId,
    pub mentions: DocMentions,
    /// The form (index into [`Story::forms`]) of each mention.
    pub form_of: Vec<usize>,
    /// Its flags ([`Story::flags`]), found when first asked for.
    flags: std::sync::OnceLock<Arc<[Flag]>>,
}

/// The mentions of one document, in text order, kept as the resolutions of its blocks with the
/// offset of each block: a story made after an edit shares the resolutions of every unchanged
/// block with the story before it rather than copying their mentions to offsets in the text,
/// which on a long article cost more than the rest of the story.
#[derive(Debug, Default)]
pub struct DocMentions {
    /// The blocks that have mentions: where the block starts in the text, and its resolution
    /// (offsets relative to that start).
    blocks: Vec<(usize, Arc<Resolved>)>,
    /// The index of the first mention of each of `blocks`, then the number of mentions.
    firsts: Vec<usize>,
}

impl DocMentions {
    fn of_blocks(blocks: Vec<(usize, Arc<Resolved>)>) -> DocMentions {
        let mut firsts = Vec::with_capacity(blocks.len() + 1);
        let mut total = 0;
        for (_, resolved) in &blocks {
            firsts.push(total);
            total += resolved.mentions.len();
        }
        firsts.push(total);
        DocMentions { blocks, firsts }
    }

    /// Mentions with offsets into the whole text, in text order.
    fn of_vec(mentions: Vec<Mention>) -> DocMentions {
        DocMentions::of_blocks(vec![(0, Arc::new(Resolved { mentions, asked: Vec::new() }))])
    }

    pub fn len(&self) -> usize {
        self.firsts.last().copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Mention `i` as kept, and how far its offsets are to be moved.
    fn locate(&self, i: usize) -> Option<(usize, &Mention)> {
        if i >= self.len() {
            return None;
        }
        let b = self.firsts.partition_point(|&first| first <= i) - 1;
        let (shift, resolved) = &self.blocks[b];
        Some((*shift, &resolved.mentions[i - self.firsts[b]]))
    }

    /// Mention `i`, with offsets into the text.
    pub fn get(&self, i: usize) -> Option<Mention> {
        self.locate(i).map(|(shift, m)| m.clone().shifted(shift))
    }

    /// Where mention `i` is in the text.
    pub fn span(&self, i: usize) -> Option<Span> {
        self.locate(i).map(|(shift, m)| moved(&m.span, shift))
    }

    /// Every mention in text order, as kept, with how far its offsets are to be moved.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Mention)> + '_ {
        self.blocks.iter().flat_map(|(shift, resolved)| resolved.mentions.iter().map(move |m| (*shift, m)))
    }

    /// The mention at a byte offset of the text, if any, and its index.
    pub fn at(&self, offset: usize) -> Option<(usize, Mention)> {
        // The block that starts last at or before the offset; mentions never leave their block
        // and never overlap.
        let b = self.blocks.partition_point(|(start, _)| *start <= offset).checked_sub(1)?;
        let (shift, resolved) = &self.blocks[b];
        let local = offset - shift;
        let at = resolved.mentions.partition_point(|m| m.span.end <= local);
        let m = resolved.mentions.get(at).filter(|m| m.span.start <= local)?;
        Some((self.firsts[b] + at, m.clone().shifted(*shift)))
    }
}

/// One form of one name written differently from the preferred form, in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The form flagged, as written.
    pub form: String,
    /// The form to use.
    pub preferred: String,
    pub why: Why,
    pub slot: Slot,
    pub group: usize,
    /// The mentions of `form` in the document (indices into its mentions), in text order.
    pub mentions: Vec<usize>,
    /// Mentions of every form of the slot in the document that differs from `preferred` and is
    /// not accepted with it: what "throughout this file" changes.
    pub all_variants_here: Vec<usize>,
    /// The other forms of the slot in this document that `form` conflicts with.
    pub others_here: Vec<String>,
}

/// The names of a story: every mention of every document, grouped into names.
///
/// The forms, the names and what was gathered from them are shared with the next version of
/// the story when an edit leaves every mention as it was but for its place (see
/// [`Story::from_mentions_after`]): most keystrokes type words that are not names.
#[derive(Debug)]
pub struct Story {
    pub docs: Vec<StoryDoc>,
    pub forms: Arc<Vec<Form>>,
    pub groups: Arc<Vec<Group>>,
    accept: Vec<Vec<String>>,
    /// A hash of the settings the story was built with.
    settings: u64,
    /// The mentions of each form: (position of the document, index of the mention), gathered
    /// when first asked for (hovers and findings need them, most keystrokes do not).
    places: std::sync::OnceLock<Arc<Places>>,
    /// Whether the forms and names were taken whole from the story before.
    carried: bool,
    /// What the next version of the story can start from (see [`Story::build`]).
    reuse: Reuse,
}

/// How the blocks of a document in a story relate to those of the story before it.
#[derive(Debug, Clone, Copy)]
enum Link<'a> {
    /// The same version of the document: each block is the block at its index.
    Unchanged,
    /// A version made from the one before by [`crate::analysis::workspace::Document::reusing`]:
    /// a block is the one it was carried from.
    Carried(&'a [Option<u32>]),
    /// Any other version: blocks are found by their scan.
    Unknown,
}

impl Link<'_> {
    /// The block of the story before that block `b` is, if known.
    fn from(self, b: usize) -> Option<usize> {
        match self {
            Link::Unchanged => Some(b),
            Link::Carried(from) => from.get(b).copied().flatten().map(|k| k as usize),
            Link::Unknown => None,
        }
    }
}

/// For each form, its mentions: (position of the document, index of the mention).
type Places = Vec<Vec<(usize, usize)>>;

/// The scan of a block and its mentions.
type ScannedBlock = (Arc<Scan>, Arc<Resolved>);

/// What a story keeps for the next version of itself: the serial of each document, the scan and
/// the resolution of each of its blocks, and the lexicon, which the next version takes over.
#[derive(Debug, Default)]
struct Reuse {
    ids: Vec<DocId>,
    serials: Vec<u64>,
    blocks: Vec<Vec<Option<ScannedBlock>>>,
    lexicon: std::sync::Mutex<Option<Lexicon>>,
    /// The shape of the writing each form was first seen in.
    shapes: Arc<FxHashMap<Arc<str>, Shape>>,
}

impl Story {
    /// The story of `doc`: the document and its peers, in the order of their names.
    ///
    /// Every check of every article of a story needs the same story, so it is memoised (see
    /// `memo`): built once per change of any of its texts or of the settings, not once per
    /// article, which would cost the square of the number of articles.
    pub fn build(ws: &Workspace, doc: DocId, peers: &[DocId], settings: &NamesSettings) -> Arc<Story> {
        let mut ids: Vec<DocId> =
            std::iter::once(doc).chain(peers.iter().copied()).filter(|&d| ws.get(d).is_some()).collect();
        ids.sort_by(|a, b| ws.doc(*a).name.cmp(&ws.doc(*b).name).then(a.cmp(b)));
        ids.dedup();
        // Each document version has a serial of its own, so the key names exactly these texts.
        let key = {
            let mut h = FxHasher::default();
            for id in &ids {
                (id.0, ws.doc(*id).serial).hash(&mut h);
            }
            settings_hash(settings).hash(&mut h);
            h.finish()
        };
        if let Some(story) = memo::story(key) {
            return story;
        }
        // Scans live in their documents and go with them: nothing here grows with edits.
        let scans: Vec<&[Option<Arc<Scan>>]> = ids.iter().map(|&id| ws.doc(id).name_blocks()).collect();
        let serials: Vec<u64> = ids.iter().map(|&id| ws.doc(id).serial).collect();
        // The last story of these same documents, if any: most of its blocks are unchanged.
        let predecessor = memo::predecessor(&ids);
        let before = predecessor.as_deref().map(|story| &story.reuse);
        // Which block of the story before each block is, when that is known.
        let links: Vec<Link> = (0..ids.len())
            .map(|p| match before {
                Some(before) if before.serials[p] == serials[p] => Link::Unchanged,
                Some(before) if ws.doc(ids[p]).previous_serial == Some(before.serials[p]) => {
                    Link::Carried(&ws.doc(ids[p]).carried_from)
                }
                _ => Link::Unknown,
            })
            .collect();
        // The block of the story before that a block is, with the same scan.
        let same_as_before = |p: usize, b: usize, scan: &Arc<Scan>| -> Option<(usize, &Arc<Resolved>)> {
            let k = links[p].from(b)?;
            let (old_scan, resolved) = before?.blocks[p].get(k)?.as_ref()?;
            Arc::ptr_eq(old_scan, scan).then_some((k, resolved))
        };
        // The questions the lexicon now answers differently, when it is the previous one
        // updated: only resolutions that asked one of them need asking again.
        let mut changed: Option<Vec<(Set, WordKey)>> = None;
        let lexicon = match before.and_then(|b| Some((b, b.lexicon.lock().ok()?.take()?))) {
            Some((before, mut lexicon)) => {
                // Count each block scan in and out: the lexicon of the old blocks minus those
                // that went, plus those that came.
                let mut delta: FxHashMap<*const Scan, (&Arc<Scan>, i64)> = FxHashMap::default();
                fn count<'s>(delta: &mut FxHashMap<*const Scan, (&'s Arc<Scan>, i64)>, scan: &'s Arc<Scan>, by: i64) {
                    delta.entry(Arc::as_ptr(scan)).or_insert((scan, 0)).1 += by;
                }
                for (p, blocks) in scans.iter().enumerate() {
                    let old = &before.blocks[p];
                    match links[p] {
                        Link::Unchanged => {}
                        // Only the blocks an edit touched come and go.
                        Link::Carried(_) => {
                            let mut kept_as = vec![0i64; old.len()];
                            for (b, scan) in blocks.iter().enumerate() {
                                let Some(scan) = scan else { continue };
                                match same_as_before(p, b, scan) {
                                    Some((k, _)) => kept_as[k] += 1,
                                    None => count(&mut delta, scan, 1),
                                }
                            }
                            for (block, times) in old.iter().zip(kept_as) {
                                if let Some((scan, _)) = block.as_ref().filter(|_| times != 1) {
                                    count(&mut delta, scan, times - 1);
                                }
                            }
                        }
                        Link::Unknown => {
                            for scan in old.iter().flatten().map(|(scan, _)| scan) {
                                count(&mut delta, scan, -1);
                            }
                            for scan in blocks.iter().flatten() {
                                count(&mut delta, scan, 1);
                            }
                        }
                    }
                }
                let mut flips = Flips::default();
                for (scan, times) in delta.into_values() {
                    for _ in 0..times.max(0) {
                        lexicon.add_noting(scan, &mut flips);
                    }
                    for _ in 0..(-times).max(0) {
                        lexicon.remove_noting(scan, &mut flips);
                    }
                }
                changed = Some(flips.changed(&lexicon));
                lexicon
            }
            None => Lexicon::of(scans.iter().flat_map(|blocks| blocks.iter().flatten().map(|s| &**s))),
        };
        // A block's mentions carry over when its scan is the same and the lexicon still answers
        // what its resolution asked. The blocks of a document whose link to the story before
        // is unknown are found by their scan.
        let mut known: FxHashMap<*const Scan, &Arc<Resolved>> = FxHashMap::default();
        if let Some(before) = before {
            for (p, blocks) in before.blocks.iter().enumerate() {
                if matches!(links[p], Link::Unknown) {
                    for (scan, resolved) in blocks.iter().flatten() {
                        known.insert(Arc::as_ptr(scan), resolved);
                    }
                }
            }
        }
        // The blocks to resolve afresh, resolved on every core when there are many (a new
        // text); the others keep their resolution.
        let mut todo: Vec<(usize, usize)> = Vec::new();
        let mut kept: Vec<Vec<Option<Arc<Resolved>>>> = Vec::with_capacity(ids.len());
        for (d, blocks) in scans.iter().enumerate() {
            kept.push(
                blocks
                    .iter()
                    .enumerate()
                    .map(|(b, scan)| {
                        let scan = scan.as_ref()?;
                        let candidate = match links[d] {
                            Link::Unknown => known.get(&Arc::as_ptr(scan)).copied(),
                            _ => same_as_before(d, b, scan).map(|(_, resolved)| resolved),
                        };
                        match candidate {
                            Some(resolved)
                                if match &changed {
                                    Some(changed) => resolved.holds_despite(changed),
                                    None => resolved.holds_under(&lexicon),
                                } =>
                            {
                                Some(resolved.clone())
                            }
                            _ => {
                                todo.push((d, b));
                                None
                            }
                        }
                    })
                    .collect(),
            );
        }
        let fresh = par::map(todo.len(), |k| {
            let (d, b) = todo[k];
            let doc = ws.doc(ids[d]);
            let local = doc.text.get(doc.article.blocks[b].span.clone()).unwrap_or("");
            let scan = scans[d][b].as_ref().expect("only scanned blocks are resolved");
            Arc::new(Resolved::of(local, scan, &lexicon))
        });
        for (&(d, b), resolved) in todo.iter().zip(fresh) {
            kept[d][b] = Some(resolved);
        }
        let mut blocks = Vec::with_capacity(ids.len());
        let mut docs = Vec::with_capacity(ids.len());
        for ((&id, scans), kept) in ids.iter().zip(&scans).zip(kept) {
            let doc = ws.doc(id);
            let mut resolved_blocks = Vec::with_capacity(scans.len());
            // Sized exactly: the story keeps these for as long as the text is current.
            let with_mentions = kept.iter().flatten().filter(|r| !r.mentions.is_empty()).count();
            let mut mentions = Vec::with_capacity(with_mentions);
            for ((block, scan), resolved) in doc.article.blocks.iter().zip(scans.iter()).zip(kept) {
                let (Some(scan), Some(resolved)) = (scan, resolved) else {
                    resolved_blocks.push(None);
                    continue;
                };
                if !resolved.mentions.is_empty() {
                    mentions.push((block.span.start, resolved.clone()));
                }
                resolved_blocks.push(Some((scan.clone(), resolved)));
            }
            blocks.push(resolved_blocks);
            docs.push((id, DocMentions::of_blocks(mentions)));
        }
        let mut story = Story::from_mentions_after(docs, settings, predecessor.as_deref());
        let shapes = std::mem::take(&mut story.reuse.shapes);
        story.reuse = Reuse { ids, serials, blocks, lexicon: std::sync::Mutex::new(Some(lexicon)), shapes };
        let story = Arc::new(story);
        memo::keep_story(key, story.clone());
        story
    }

    /// Builds the story from mentions already found, documents in story order.
    pub fn from_mentions(docs: Vec<(DocId, Vec<Mention>)>, settings: &NamesSettings) -> Story {
        let docs = docs.into_iter().map(|(id, mentions)| (id, DocMentions::of_vec(mentions))).collect();
        Story::from_mentions_after(docs, settings, None)
    }

    /// [`Story::from_mentions`], taking what it can from `before`, the story of the previous
    /// versions of the same documents: the shapes of the forms' writings, and the grouping of
    /// the forms when they are the same forms in the same order.
    ///
    /// When every document has the mentions it had in `before` (the same forms with the same
    /// votes, in the same order; only their offsets may differ), the story is `before`'s with
    /// the new mentions: its forms, names, flags and places are shared, not gathered again.
    fn from_mentions_after(docs: Vec<(DocId, DocMentions)>, settings: &NamesSettings, before: Option<&Story>) -> Story {
        let settings_key = settings_hash(settings);
        if let Some(before) = before.filter(|b| b.settings == settings_key && b.has_mentions_of(&docs)) {
            return Story {
                docs: docs
                    .into_iter()
                    .zip(&before.docs)
                    .map(|((id, mentions), old)| StoryDoc {
                        id,
                        mentions,
                        form_of: old.form_of.clone(),
                        flags: old.flags.clone(),
                    })
                    .collect(),
                forms: before.forms.clone(),
                groups: before.groups.clone(),
                accept: before.accept.clone(),
                settings: settings_key,
                places: before.places.clone(),
                carried: true,
                reuse: Reuse { shapes: before.reuse.shapes.clone(), ..Reuse::default() },
            };
        }
        let mut shapes: FxHashMap<Arc<str>, Shape> = FxHashMap::default();
        let mut forms: Vec<Form> = Vec::new();
        let mut by_identity: FxHashMap<Arc<str>, usize> = FxHashMap::default();
        // Mentions written alike mostly share one string (see `form_strings`): its address
        // finds the form and the writing without hashing or comparing the text.
        let mut by_address: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
        let mut story_docs = Vec::with_capacity(docs.len());
        for (position, (id, mentions)) in docs.into_iter().enumerate() {
            let mut form_of = Vec::with_capacity(mentions.len());
            for (_, m) in mentions.iter() {
                let address = Arc::as_ptr(&m.form) as *const u8 as usize;
                if let Some(&(index, writing)) = by_address.get(&address) {
                    let form = &mut forms[index];
                    form.count += 1;
                    form.writings[writing].1 += 1;
                    form.votes.count(m);
                    form_of.push(index);
                    continue;
                }
                let index = match by_identity.get(&m.identity) {
                    Some(&index) => index,
                    None => {
                        let Shape { key, slot, alias } = match before.and_then(|b| b.reuse.shapes.get(&m.form)) {
                            Some(shape) => shape.clone(),
                            None => Shape::of(&m.form),
                        };
                        shapes.insert(m.form.clone(), Shape { key: key.clone(), slot, alias });
                        forms.push(Form {
                            text: String::new(),
                            identity: m.identity.to_string(),
                            key,
                            slot,
                            alias,
                            count: 0,
                            first: (position, form_of.len()),
                            group: 0,
                            writings: Vec::new(),
                            votes: Votes::default(),
                        });
                        by_identity.insert(m.identity.clone(), forms.len() - 1);
                        forms.len() - 1
                    }
                };
                let form = &mut forms[index];
                form.count += 1;
                form.votes.count(m);
                let writing = match form.writings.iter().position(|(w, _)| *w == m.form) {
                    Some(writing) => writing,
                    None => {
                        form.writings.push((m.form.clone(), 0));
                        form.writings.len() - 1
                    }
                };
                form.writings[writing].1 += 1;
                by_address.insert(address, (index, writing));
                form_of.push(index);
            }
            story_docs.push(StoryDoc { id, mentions, form_of, flags: std::sync::OnceLock::new() });
        }
        for form in &mut forms {
            let mut writings: Vec<(&Arc<str>, &usize)> = form.writings.iter().map(|(w, n)| (w, n)).collect();
            writings.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            if let Some((text, _)) = writings.first() {
                form.text = text.to_string();
            }
        }
        let accept: Vec<Vec<String>> =
            settings.accept.iter().map(|set| set.iter().map(|s| identity(s.trim()).to_lowercase()).collect()).collect();
        let mut story = Story {
            docs: story_docs,
            forms: Arc::new(forms),
            groups: Arc::default(),
            accept,
            settings: settings_key,
            places: std::sync::OnceLock::new(),
            carried: false,
            reuse: Reuse { shapes: Arc::new(shapes), ..Reuse::default() },
        };
        match before.filter(|b| story.groups_as_in(b)) {
            Some(before) => {
                for (form, old) in Arc::make_mut(&mut story.forms).iter_mut().zip(before.forms.iter()) {
                    form.group = old.group;
                }
                story.groups = Arc::new(
                    before
                        .groups
                        .iter()
                        .map(|g| Group {
                            forms: g.forms.clone(),
                            preferred_full: None,
                            preferred_short: None,
                            kind: NameKind::Other,
                            adjective: false,
                            traits: g.traits,
                        })
                        .collect(),
                );
            }
            None => story.group(),
        }
        story.prefer(settings);
        story.guess_kinds();
        story
    }

    /// Whether the forms and names of this story were taken whole from the story before it,
    /// because an edit left the mentions as they were.
    pub fn carried_from_before(&self) -> bool {
        self.carried
    }

    /// Whether `docs` are this story's documents with the same mentions, in the same order, as
    /// far as the forms and names of the story can tell: the same writing, the same role and
    /// the same words around each. Blocks shared with this story are not looked into.
    fn has_mentions_of(&self, docs: &[(DocId, DocMentions)]) -> bool {
        docs.len() == self.docs.len()
            && docs.iter().zip(&self.docs).all(|((id, new), here)| {
                let old = &here.mentions;
                *id == here.id
                    && new.len() == old.len()
                    && new.blocks.len() == old.blocks.len()
                    && new.blocks.iter().zip(&old.blocks).all(|((_, a), (_, b))| {
                        Arc::ptr_eq(a, b)
                            || (a.mentions.len() == b.mentions.len()
                                && a.mentions.iter().zip(&b.mentions).all(|(x, y)| x.counts_as(y)))
                    })
            })
    }

    /// Whether grouping this story's forms gives the groups of `before`: the same forms in the
    /// same order, with the same shapes and writings (all that [`Story::group`] reads).
    fn groups_as_in(&self, before: &Story) -> bool {
        self.forms.len() == before.forms.len()
            && self.forms.iter().zip(before.forms.iter()).all(|(a, b)| {
                a.identity == b.identity
                    && Arc::ptr_eq(&a.key, &b.key)
                    && a.slot == b.slot
                    && a.alias.map(|x| x as *const Alias) == b.alias.map(|x| x as *const Alias)
                    && a.text == b.text
            })
    }

    /// Joins forms that are spellings of one name, and lone surnames to the one full name of a
    /// person that ends with them.
    fn group(&mut self) {
        let n = self.forms.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
            let (ra, rb) = (root(parent, a), root(parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        };
        // Candidates share the first and the last letter of the key: no rule changes either.
        let mut buckets: FxHashMap<(Slot, Option<char>, Option<char>), Vec<usize>> = FxHashMap::default();
        for (i, form) in self.forms.iter().enumerate() {
            let key = &form.key.joined;
            buckets.entry((form.slot, key.chars().next(), key.chars().next_back())).or_default().push(i);
        }
        for members in buckets.values() {
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    if same_name(&self.forms[a].key, &self.forms[b].key) {
                        union(&mut parent, a, b);
                    }
                }
            }
        }
        // A lone surname belongs to the one person whose full name ends with it.
        let mut surnames: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, form) in self.forms.iter().enumerate() {
            if form.slot == Slot::Full && form.alias.is_none() && person_like(&form.text) {
                if let Some(last) = form.key.words.last() {
                    surnames.entry(last.as_str()).or_default().push(i);
                }
            }
        }
        let mut attach: Vec<(usize, usize)> = Vec::new();
        for (i, form) in self.forms.iter().enumerate() {
            if form.slot != Slot::Short || form.key.acronym || form.alias.is_some() {
                continue;
            }
            let Some(fulls) = surnames.get(form.key.joined.as_str()) else { continue };
            let mut people: Vec<usize> = fulls.iter().map(|&f| root(&mut parent, f)).collect();
            people.sort_unstable();
            people.dedup();
            if let [person] = people.as_slice() {
                attach.push((i, *person));
            }
        }
        for (a, b) in attach {
            union(&mut parent, a, b);
        }
        let mut group_of: FxHashMap<usize, usize> = FxHashMap::default();
        let mut groups: Vec<Group> = Vec::new();
        for i in 0..n {
            let r = root(&mut parent, i);
            let g = *group_of.entry(r).or_insert_with(|| {
                groups.push(Group {
                    forms: Vec::new(),
                    preferred_full: None,
                    preferred_short: None,
                    kind: NameKind::Other,
                    adjective: false,
                    traits: None,
                });
                groups.len() - 1
            });
            groups[g].forms.push(i);
            Arc::make_mut(&mut self.forms)[i].group = g;
        }
        self.groups = Arc::new(groups);
    }

    /// The preferred form of each slot of each name.
    fn prefer(&mut self, settings: &NamesSettings) {
        let house: Vec<(String, Key)> = settings
            .house
            .iter()
            .map(|h| {
                let h = h.trim().to_string();
                let key = alias_of(&h).map_or_else(|| form_key(&h), |a| form_key(a.plain));
                (h, key)
            })
            .collect();
        for g in 0..self.groups.len() {
            for slot in [Slot::Full, Slot::Short] {
                let members: Vec<usize> =
                    self.groups[g].forms.iter().copied().filter(|&f| self.forms[f].slot == slot).collect();
                if members.is_empty() {
                    continue;
                }
                let from_house = house.iter().find(|(text, key)| {
                    members.iter().any(|&f| {
                        let form = &self.forms[f];
                        identity(text) == form.identity || same_name(key, &form.key)
                    })
                });
                let preferred = if let Some((text, _)) = from_house {
                    let text = members
                        .iter()
                        .map(|&f| &self.forms[f])
                        .find(|f| f.identity == identity(text))
                        .map_or_else(|| text.clone(), |f| f.text.clone());
                    Preferred { text, why: Why::House }
                } else {
                    let plain: Vec<usize> =
                        members.iter().copied().filter(|&f| self.forms[f].alias.is_none()).collect();
                    let pool = if plain.is_empty() { &members } else { &plain };
                    let best = pool
                        .iter()
                        .copied()
                        .min_by(|&a, &b| {
                            let (fa, fb) = (&self.forms[a], &self.forms[b]);
                            fb.count.cmp(&fa.count).then(fa.first.cmp(&fb.first))
                        })
                        .expect("members is not empty");
                    let top = self.forms[best].count;
                    let tied = pool.iter().filter(|&&f| self.forms[f].count == top).count() > 1;
                    let why = if plain.len() < members.len() && !plain.is_empty() {
                        Why::Plain
                    } else if tied {
                        Why::FirstUsed
                    } else {
                        Why::Majority
                    };
                    Preferred { text: self.forms[best].text.clone(), why }
                };
                let group = &mut Arc::make_mut(&mut self.groups)[g];
                match slot {
                    Slot::Full => group.preferred_full = Some(preferred),
                    Slot::Short => group.preferred_short = Some(preferred),
                }
            }
        }
    }

    /// Whether two spellings are accepted together by the configuration.
    pub fn accepted(&self, a: &str, b: &str) -> bool {
        if self.accept.is_empty() {
            return false;
        }
        let (a, b) = (identity(a).to_lowercase(), identity(b).to_lowercase());
        self.accept.iter().any(|set| set.contains(&a) && set.contains(&b))
    }

    fn differs(&self, form: &str, preferred: &str) -> bool {
        // Most forms are the preferred form of their name.
        form != preferred && identity(form) != identity(preferred) && !self.accepted(form, preferred)
    }

    /// The position of a document in the story.
    pub fn position(&self, doc: DocId) -> Option<usize> {
        self.docs.iter().position(|d| d.id == doc)
    }

    /// The forms of one document written differently from the preferred form of their name.
    pub fn flags(&self, doc: DocId) -> Arc<[Flag]> {
        let Some(position) = self.position(doc) else { return Arc::new([]) };
        self.docs[position].flags.get_or_init(|| self.find_flags(position)).clone()
    }

    fn find_flags(&self, position: usize) -> Arc<[Flag]> {
        let here = &self.docs[position];
        // The mentions of each form in the document, and the forms of each slot of each name.
        let mut by_form: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut index: FxHashMap<usize, usize> = FxHashMap::default();
        let mut by_slot: FxHashMap<(usize, Slot), Vec<usize>> = FxHashMap::default();
        for (m, &f) in here.form_of.iter().enumerate() {
            let at = *index.entry(f).or_insert_with(|| {
                by_form.push((f, Vec::new()));
                let form = &self.forms[f];
                by_slot.entry((form.group, form.slot)).or_default().push(by_form.len() - 1);
                by_form.len() - 1
            });
            by_form[at].1.push(m);
        }
        let mut flags = Vec::new();
        for (f, mentions) in &by_form {
            let form = &self.forms[*f];
            let group = &self.groups[form.group];
            let Some(preferred) = group.preferred(form.slot) else { continue };
            if !self.differs(&form.text, &preferred.text) {
                continue;
            }
            let same_slot: Vec<&(usize, Vec<usize>)> = by_slot
                .get(&(form.group, form.slot))
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|&i| &by_form[i])
                .collect();
            let others_here: Vec<String> = same_slot
                .iter()
                .map(|(g, _)| &self.forms[*g])
                .filter(|other| other.identity != form.identity && !self.accepted(&other.text, &form.text))
                .map(|other| other.text.clone())
                .collect();
            let mut all_variants_here: Vec<usize> = same_slot
                .iter()
                .filter(|(g, _)| self.differs(&self.forms[*g].text, &preferred.text))
                .flat_map(|(_, ms)| ms.iter().copied())
                .collect();
            all_variants_here.sort_unstable();
            flags.push(Flag {
                form: form.text.clone(),
                preferred: preferred.text.clone(),
                why: preferred.why,
                slot: form.slot,
                group: form.group,
                mentions: mentions.clone(),
                all_variants_here,
                others_here,
            });
        }
        // Mentions are in text order: the order of their indices.
        flags.sort_by_key(|flag| flag.mentions[0]);
        flags.into()
    }

    /// The mention of a document at a byte offset, if any.
    pub fn mention_at(&self, doc: DocId, offset: usize) -> Option<(usize, Mention)> {
        self.docs[self.position(doc)?].mentions.at(offset)
    }

    /// The form of a mention.
    pub fn form_of(&self, doc: DocId, mention: usize) -> Option<&Form> {
        let d = &self.docs[self.position(doc)?];
        d.form_of.get(mention).map(|&f| &self.forms[f])
    }

    /// The flag that covers the mention at `offset`, if its form is flagged: what "Accept both
    /// spellings" accepts (`flag.form` with `flag.preferred`).
    pub fn flag_at(&self, doc: DocId, offset: usize) -> Option<Flag> {
        let (m, _) = self.mention_at(doc, offset)?;
        self.flags(doc).iter().find(|flag| flag.mentions.contains(&m)).cloned()
    }

    /// Every mention of a form in the story: (document, span), in story order.
    pub fn places(&self, form: usize) -> Vec<(DocId, Span)> {
        let places = self.places.get_or_init(|| {
            let mut places = vec![Vec::new(); self.forms.len()];
            for (d, doc) in self.docs.iter().enumerate() {
                for (m, &f) in doc.form_of.iter().enumerate() {
                    places[f].push((d, m));
                }
            }
            Arc::new(places)
        });
        places[form].iter().filter_map(|&(d, m)| Some((self.docs[d].id, self.docs[d].mentions.span(m)?))).collect()
    }

    /// The forms of a name, the preferred ones first, then by count.
    pub fn forms_of(&self, group: usize) -> Vec<usize> {
        let g = &self.groups[group];
        let mut forms = g.forms.clone();
        let rank = |f: usize| {
            let form = &self.forms[f];
            let preferred = g.preferred(form.slot).is_some_and(|p| identity(&p.text) == form.identity);
            (form.slot, !preferred, std::cmp::Reverse(form.count), form.first)
        };
        forms.sort_by_key(|&f| rank(f));
        forms
    }

    /// Guesses what each name is, from its words and the words around its mentions.
    fn guess_kinds(&mut self) {
        let mut short_forms: Option<FxHashSet<&str>> = None;
        let mut traits: Vec<Traits> = Vec::with_capacity(self.groups.len());
        for group in self.groups.iter() {
            if let Some(known) = group.traits {
                traits.push(known);
                continue;
            }
            let short_forms = short_forms.get_or_insert_with(|| {
                self.forms.iter().filter(|f| f.slot == Slot::Short).map(|f| f.text.as_str()).collect()
            });
            let forms: Vec<&Form> = group.forms.iter().map(|&f| &self.forms[f]).collect();
            let words = |pred: fn(&str) -> bool| forms.iter().any(|f| f.text.split_whitespace().any(pred));
            let fixed = if let Some(alias) = forms.iter().find_map(|f| f.alias) {
                Some(alias.kind)
            } else if let Some(alias) = ALIASES.iter().find(|a| forms.iter().any(|f| f.identity == a.plain)) {
                Some(alias.kind)
            } else if forms.iter().any(|f| PLACE_ACRONYMS.contains(&f.text.as_str())) {
                Some(NameKind::Place)
            } else if words(is_org_word) || forms.iter().any(|f| f.key.acronym) {
                Some(NameKind::Organisation)
            } else if words(is_place_word) {
                Some(NameKind::Place)
            } else {
                None
            };
            traits.push(Traits {
                fixed,
                event: words(is_event_word),
                demonyms: forms.iter().all(|f| {
                    f.slot == Slot::Short && !f.key.acronym && f.alias.is_none() && demonym(&f.text, &*short_forms)
                }),
                person: forms.iter().any(|f| f.slot == Slot::Full && person_like(&f.text)),
            });
        }
        let votes: Vec<Votes> = self
            .groups
            .iter()
            .map(|group| {
                let mut votes = Votes::default();
                for &f in &group.forms {
                    votes.add(self.forms[f].votes);
                }
                votes
            })
            .collect();
        for ((group, traits), votes) in Arc::make_mut(&mut self.groups).iter_mut().zip(traits).zip(votes) {
            group.traits = Some(traits);
            group.adjective = !votes.role && traits.demonyms;
            group.kind = if let Some(kind) = traits.fixed {
                kind
            } else if traits.event || group.adjective {
                NameKind::Other
            } else if votes.role || (traits.person && votes.place == 0) {
                NameKind::Person
            } else if votes.place > 0 {
                NameKind::Place
            } else {
                NameKind::Other
            };
        }
    }

    /// The names of one document for workspace symbols: one entry per name, with every mention
    /// of it in the document, in order of the first mention. Words of nationality are left out.
    pub fn symbols(&self, doc: DocId) -> Vec<NameSymbol> {
        let Some(position) = self.position(doc) else { return Vec::new() };
        let d = &self.docs[position];
        let mut out: Vec<NameSymbol> = Vec::new();
        let mut index: FxHashMap<usize, usize> = FxHashMap::default();
        for ((shift, m), &f) in d.mentions.iter().zip(&d.form_of) {
            let form = &self.forms[f];
            let group = &self.groups[form.group];
            if group.adjective {
                continue;
            }
            let at = *index.entry(form.group).or_insert_with(|| {
                let name = group
                    .preferred_full
                    .as_ref()
                    .or(group.preferred_short.as_ref())
                    .map_or_else(|| form.text.clone(), |p| p.text.clone());
                out.push(NameSymbol { name, kind: group.kind, spans: Vec::new(), forms: Vec::new() });
                out.len() - 1
            });
            out[at].spans.push(moved(&m.span, shift));
            if !out[at].forms.contains(&form.text) {
                out[at].forms.push(form.text.clone());
            }
        }
        out
    }
}

/// A hash of the settings that decide a story.
fn settings_hash(settings: &NamesSettings) -> u64 {
    let mut h = FxHasher::default();
    (&settings.accept, &settings.house).hash(&mut h);
    h.finish()
}

/// Two to four capitalised words with nothing of an organisation, a place or an event: the
/// shape of a person's full name.
fn person_like(form: &str) -> bool {
    let words: Vec<&str> = form.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let w = strip_hyphen_particle(w);
            (w.chars().next().is_some_and(char::is_uppercase) || PARTICLES.contains(&w))
                && !is_acronym(w)
                && !is_org_word(w)
                && !is_place_word(w)
                && !is_event_word(w)
                && !is_title_word(w)
        })
}

/// Memos of the two pure steps that every article of a story repeats: scanning a text (keyed by a
/// hash of the text) and building a story (keyed by the documents, their texts and the
/// settings). They hold results only, never state that changes an answer, and are bounded.
mod memo {
    use std::sync::{Arc, Mutex};

    use super::Story;
    use crate::analysis::DocId;

    /// Stories kept: the ones being checked right now, and a few for hovers in other folders.
    const MAX_STORIES: usize = 8;

    #[derive(Default)]
    struct Memo {
        stories: Vec<(u64, Arc<Story>)>,
    }

    static MEMO: Mutex<Option<Memo>> = Mutex::new(None);

    fn with<T>(f: impl FnOnce(&mut Memo) -> T) -> T {
        // A panic elsewhere while the lock was held leaves a memo that is still valid.
        let mut guard = MEMO.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(guard.get_or_insert_with(Memo::default))
    }

    pub(super) fn story(key: u64) -> Option<Arc<Story>> {
        with(|m| m.stories.iter().find(|(k, _)| *k == key).map(|(_, s)| s.clone()))
    }

    /// The newest story of exactly these documents (in any versions).
    pub(super) fn predecessor(ids: &[DocId]) -> Option<Arc<Story>> {
        with(|m| m.stories.iter().rev().find(|(_, s)| s.reuse.ids == ids).map(|(_, s)| s.clone()))
    }

    pub(super) fn forget(doc: DocId) {
        with(|m| m.stories.retain(|(_, s)| !s.reuse.ids.contains(&doc)));
    }

    /// Keeps a story; it replaces the older versions of the same documents, which no check asks
    /// for again.
    pub(super) fn keep_story(key: u64, story: Arc<Story>) {
        with(|m| {
            m.stories.retain(|(k, s)| *k != key && s.reuse.ids != story.reuse.ids);
            if m.stories.len() >= MAX_STORIES {
                m.stories.remove(0);
            }
            m.stories.push((key, story));
        });
    }
}

/// Drops the stories kept for later checks that include `doc`, a document that is gone: they
/// hold its scans and mentions, megabytes for a long article.
pub fn forget(doc: DocId) {
    memo::forget(doc);
}

/// A name of a document, for workspace symbols: plain data, no protocol types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameSymbol {
    /// The name as the story prefers to write it.
    pub name: String,
    pub kind: NameKind,
    /// Every mention in the document, in text order; the first is where the symbol points.
    pub spans: Vec<Span>,
    /// The forms the document writes it in.
    pub forms: Vec<String>,
}

/// The people, places and organisations of a document, seen in its story.
pub fn symbols(ws: &Workspace, doc: DocId, peers: &[DocId], settings: &NamesSettings) -> Vec<NameSymbol> {
    Story::build(ws, doc, peers, settings).symbols(doc)
}

/// The two spellings that "Accept both spellings" records for the flagged name at `offset`:
/// (the form written there, the preferred form). `None` where no flagged name is.
pub fn accept_pair_at(
    ws: &Workspace,
    doc: DocId,
    peers: &[DocId],
    settings: &NamesSettings,
    offset: usize,
) -> Option<(String, String)> {
    Story::build(ws, doc, peers, settings).flag_at(doc, offset).map(|flag| (flag.form, flag.preferred))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::workspace::Document;

    /// The first way [`words_of`] was written, over a vector of characters: the reference the
    /// byte-walking version must agree with.
    fn words_of_by_chars(text: &str, span: Span) -> Vec<Span> {
        let Some(s) = text.get(span.clone()) else { return Vec::new() };
        let mut chars: Vec<(usize, char)> = Vec::with_capacity(s.len());
        chars.extend(s.char_indices());
        let n = chars.len();
        let at = |i: usize| chars.get(i).map(|&(_, c)| c);
        let byte = |i: usize| chars.get(i).map_or(s.len(), |&(b, _)| b);
        // One part: a dotted acronym, or letters and digits with inner apostrophes.
        let part = |i: usize| -> usize {
            let mut j = i;
            let mut groups = 0;
            while at(j).is_some_and(char::is_alphabetic) && at(j + 1) == Some('.') && groups < 8 {
                groups += 1;
                j += 2;
                if !(at(j).is_some_and(char::is_alphabetic) && at(j + 1) == Some('.')) {
                    break;
                }
            }
            if groups >= 2 {
                return j;
            }
            let mut j = i;
            while let Some(c) = at(j) {
                if is_word_char(c)
                    || (is_apostrophe(c)
                        && j > i
                        && at(j - 1).is_some_and(char::is_alphabetic)
                        && at(j + 1).is_some_and(char::is_alphabetic))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            j
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            if !at(i).is_some_and(is_word_char) {
                i += 1;
                continue;
            }
            let start = i;
            i = part(i).max(i + 1);
            while at(i).is_some_and(is_hyphen)
                && at(i + 1).is_some_and(is_word_char)
                && at(i - 1).is_some_and(|c| c.is_alphanumeric() || c == '.')
            {
                i = part(i + 1).max(i + 2);
            }
            out.push(span.start + byte(start)..span.start + byte(i));
        }
        out
    }

    #[test]
    fn words_walk_bytes_as_the_characters_would() {
        let samples = [
            "U.S.-led forces and the U.N. met Sha'irat's al-Assad in Jean-Claude's car.",
            "Sergei Lavrov’s aide ʼquoted’ Łódź, İstanbul and São Paulo — “really” 😀 ok",
            "a-b -c d- .e. e.g. i.e. A.B.C.D.E.F.G.H.I.J.K end-",
            "x'y 'quoted' rock'n'roll o’Neil 12-year-old 3.5 G7-summit ‐ ‑ hy‑phen",
            "Café́ combining e\u{301}tude naïve — Ærø — 東京 and 北京-Seoul",
            "trailing U.S.",
            "a.b.",
            "the 1990's, 7'8 and ٣'s",
            "",
            "'",
            "-",
            "é-",
        ];
        let ascii: String = samples.iter().filter(|s| s.is_ascii()).map(|s| format!("{s} ")).collect();
        for at in 0..ascii.len() {
            assert_eq!(words_of(&ascii, at..ascii.len()), words_of_by_chars(&ascii, at..ascii.len()), "from {at}");
            assert_eq!(words_of(&ascii, 0..at), words_of_by_chars(&ascii, 0..at), "to {at}");
        }
        let mut text = String::new();
        for sample in samples {
            assert_eq!(words_of(sample, 0..sample.len()), words_of_by_chars(sample, 0..sample.len()), "{sample:?}");
            text.push_str(sample);
            text.push(' ');
        }
        // Every suffix and prefix of all of them together.
        for (at, _) in text.char_indices() {
            assert_eq!(words_of(&text, at..text.len()), words_of_by_chars(&text, at..text.len()), "from {at}");
            assert_eq!(words_of(&text, 0..at), words_of_by_chars(&text, 0..at), "to {at}");
        }
    }

    proptest::proptest! {
        /// The first byte beyond ASCII, found eight bytes at a time, is the first one found a
        /// byte at a time, wherever it falls in a word of eight.
        #[test]
        fn ascii_prefix_stops_at_the_first_byte_beyond_ascii(text in "[a-z é😀]{0,40}") {
            let bytes = text.as_bytes();
            let expected = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len());
            proptest::prop_assert_eq!(ascii_prefix(bytes), expected);
        }

        /// Any mix of letters of one to four bytes, digits, apostrophes, hyphens, dots and
        /// spaces splits as the reference splits it.
        #[test]
        fn words_split_as_the_characters_would(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "é", "Ł", "東", "😀", "\u{301}", "7", "٣", "'", "’", "ʼ", "-", "‐", "‑",
                    ".", " ", "—", "“", "s", "U.", "\n",
                ]),
                0..40,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(words_of(&text, 0..text.len()), words_of_by_chars(&text, 0..text.len()));
        }
    }

    fn forms(text: &str) -> Vec<String> {
        mentions(text, &Article::parse(text)).into_iter().map(|m| m.form.to_string()).collect()
    }

    fn story(articles: &[(&str, &str)]) -> (Workspace, Arc<Story>) {
        let mut ws = Workspace::new();
        for (name, text) in articles {
            ws.set(name, *text);
        }
        let first = ws.id(articles[0].0).unwrap();
        let peers: Vec<DocId> = ws.ids().filter(|&d| d != first).collect();
        let story = Story::build(&ws, first, &peers, &NamesSettings::default());
        (ws, story)
    }

    /// A story built from the previous version of itself (carried lexicon and resolutions)
    /// equals the story built from nothing, edit after edit, including edits that change the
    /// evidence other paragraphs depend on ("Talks" is a name until "talks" is written in lower
    /// case somewhere).
    #[test]
    fn stories_built_from_the_previous_version_equal_fresh_ones() {
        let paragraphs = [
            "Talks End In Moscow",
            "Sergei Lavrov met Rex Tillerson in Moscow on Wednesday.",
            "Talks lasted five hours, Lavrov said.",
            "Sergey Lavrov later told reporters the U.S.-Russia relationship was at a low point.",
            "Speaking after the meeting, Tillerson said the talks were frank.",
            "The Russian Federation and Russia are one country, said Mr Lavrov.",
            "Reform was promised by Moscow.",
            "Both sides want reform now.",
        ];
        let versions: Vec<Vec<&str>> = vec![
            vec![0, 1, 2, 3],
            vec![0, 1, 2, 3, 4],
            vec![0, 1, 2, 4],
            vec![0, 1, 2, 5, 3],
            vec![0, 3, 3, 1],
            vec![0, 1, 2, 3, 4, 5, 6],
            vec![0, 1, 6, 7, 5],
            // "reform" stays while another paragraph changes, then goes.
            vec![0, 1, 6, 7, 2],
            vec![0, 1, 6, 2],
            vec![0, 1, 6, 7, 5],
            vec![0, 1, 6, 5],
            vec![0, 7, 1, 6, 5],
        ]
        .into_iter()
        .map(|v| v.into_iter().map(|i| paragraphs[i]).collect())
        .collect();
        // Then one character typed at a time: words join and leave the lexicon's sets ("reform"
        // written in lower case makes "Reform" at a sentence's start a common word).
        let mut texts: Vec<String> = versions.iter().map(|v| v.join("\n\n")).collect();
        let base = versions[5].join("\n\n");
        let at = base.find("on Wednesday").unwrap();
        for typed in ["reform ", "Moscow-backed ", "talks "] {
            for end in 1..=typed.len() {
                let mut text = base.clone();
                text.insert_str(at, &typed[..end]);
                texts.push(text);
            }
        }
        // "reform" stays while another paragraph changes, then goes: the lexicon counts each
        // block in once.
        let mut reform = base.clone();
        reform.insert_str(at, "reform ");
        texts.push(reform.clone());
        let reform = reform.replace("five hours", "six hours");
        texts.push(reform.clone());
        texts.push(reform.replace("reform ", ""));
        // Then words typed that are not names, nor change what the story knows of its words:
        // the story before is the story, with the mentions moved.
        let plain = texts.len();
        let base = texts.last().unwrap().clone();
        let at = base.find("frank").unwrap();
        for end in 1..="very ".len() {
            let mut text = base.clone();
            text.insert_str(at, &"very "[..end]);
            texts.push(text);
        }
        let peer = "Other\n\nSergey Lavrov spoke. Talks were held.";
        let mut ws = Workspace::new();
        ws.set("s/b.txt", peer);
        let house = NamesSettings { house: vec!["Sergei Lavrov".into()], ..NamesSettings::default() };
        let mut carried_whole = Vec::new();
        // All a story says of its forms and names, in order.
        let summary = |story: &Story| -> Vec<String> {
            let forms = story.forms.iter().map(|f| {
                format!("{} {} {:?} {:?} {} {:?} {}", f.text, f.identity, f.key, f.slot, f.count, f.first, f.group)
            });
            let groups = story.groups.iter().map(|g| {
                format!("{:?} {:?} {:?} {:?} {}", g.forms, g.preferred_full, g.preferred_short, g.kind, g.adjective)
            });
            forms.chain(groups).collect()
        };
        for (k, text) in texts.iter().enumerate() {
            // The house form comes and goes: a story under other settings is never taken whole.
            let settings = if k % 7 == 3 { house.clone() } else { NamesSettings::default() };
            if k % 5 == 2 {
                // A version no story was made of: the next story finds its blocks by their scan.
                ws.set("s/a.txt", format!("{text}\n\nVladimir Putin said little."));
            }
            let id = ws.set("s/a.txt", text.as_str());
            let peers: Vec<DocId> = ws.ids().filter(|&d| d != id).collect();
            let carried = Story::build(&ws, id, &peers, &settings);
            if carried.carried_from_before() {
                carried_whole.push(k);
            }
            // From nothing: every block scanned again, one lexicon of the whole story.
            let scans_of = |doc: &Document| -> Vec<Option<Arc<Scan>>> {
                doc.article.blocks.iter().map(|b| Scan::of_block(&doc.text, b).map(Arc::new)).collect()
            };
            let all: Vec<Vec<Option<Arc<Scan>>>> = carried.docs.iter().map(|d| scans_of(ws.doc(d.id))).collect();
            let lexicon = Lexicon::of(all.iter().flatten().flatten().map(|s| &**s));
            let docs = carried
                .docs
                .iter()
                .zip(&all)
                .map(|(d, scans)| {
                    let doc = ws.doc(d.id);
                    (d.id, resolve(&doc.text, &doc.article, scans, &lexicon))
                })
                .collect();
            let fresh = Story::from_mentions(docs, &settings);
            assert_eq!(summary(&carried), summary(&fresh), "{text}");
            for form in 0..fresh.forms.len() {
                assert_eq!(carried.places(form), fresh.places(form), "{text}");
            }
            for (a, b) in carried.docs.iter().zip(&fresh.docs) {
                let all = |d: &StoryDoc| (0..d.mentions.len()).filter_map(|i| d.mentions.get(i)).collect::<Vec<_>>();
                assert_eq!(all(a), all(b), "{text}");
                assert_eq!(carried.flags(a.id), fresh.flags(b.id), "{text}");
                // Mentions kept per block answer as the flat list does.
                let flat = all(b);
                let spans: Vec<Span> = a.mentions.iter().map(|(shift, m)| moved(&m.span, shift)).collect();
                assert_eq!(spans, flat.iter().map(|m| m.span.clone()).collect::<Vec<_>>(), "{text}");
                for (i, m) in flat.iter().enumerate() {
                    assert_eq!(a.mentions.span(i), Some(m.span.clone()), "{text}");
                }
                assert_eq!(a.mentions.get(flat.len()), None);
                let len = ws.doc(a.id).text.len();
                for offset in 0..=len {
                    let expected = flat.iter().position(|m| m.span.contains(&offset)).map(|i| (i, flat[i].clone()));
                    assert_eq!(a.mentions.at(offset), expected, "offset {offset} of {text}");
                }
            }
        }
        // Each letter typed, but under the house form and just after it went away.
        let typed: Vec<usize> = (plain..texts.len()).filter(|k| k % 7 != 3 && k % 7 != 4).collect();
        assert!(typed.len() >= 3, "{typed:?}");
        assert!(typed.iter().all(|k| carried_whole.contains(k)), "{carried_whole:?}");
        assert!(carried_whole.iter().all(|&k| k % 7 != 3 && k % 7 != 4), "{carried_whole:?}");
    }

    #[test]
    fn titles_and_roles_are_stripped() {
        let text = "Talks\n\nRussian Foreign Minister Sergey Lavrov's visit was short. NATO Secretary General Jens \
                    Stoltenberg spoke. U.S. Secretary of State Rex Tillerson left. Syrian U.N. Ambassador Bashar \
                    Ja'afari objected, as did the U.S. Ambassador to the U.N. Nikki Haley. Mr. Peskov and Sen. John \
                    McCain disagreed with President Bashar al-Assad of Syria.\n";
        assert_eq!(
            forms(text),
            [
                "Sergey Lavrov",
                "NATO",
                "Jens Stoltenberg",
                "U.S.",
                "Rex Tillerson",
                "U.N.",
                "Bashar Ja'afari",
                "U.S.",
                "U.N.",
                "Nikki Haley",
                "Peskov",
                "John McCain",
                "Bashar al-Assad",
                "Syria"
            ]
        );
        let m = &mentions(text, &Article::parse(text))[0];
        assert_eq!(&text[m.role.clone().unwrap()], "Russian Foreign Minister");
        assert_eq!(&text[m.span.clone()], "Sergey Lavrov");
    }

    #[test]
    fn roles_without_a_name_and_names_that_end_in_a_title_word() {
        assert_eq!(
            forms("Talks\n\nThe Foreign Minister met the Russian Deputy Permanent Representative and Stephen King.\n"),
            ["Stephen King"]
        );
        assert_eq!(
            forms("Talks\n\nBank of England Governor Andrew Bailey and the General Assembly met at the Justice Department.\n"),
            ["Bank of England", "Andrew Bailey", "General Assembly", "Justice Department"]
        );
        assert_eq!(
            forms("Talks\n\nEx-President Barack Obama, Tesla CEO Elon Musk and J.K. Rowling wrote to UN Secretary-General Antonio Guterres.\n"),
            ["Barack Obama", "Elon Musk", "J.K. Rowling", "UN", "Antonio Guterres"]
        );
    }

    #[test]
    fn sentence_initial_capitals_need_evidence() {
        let text = "Talks\n\nStill, Washington waited. Speaking on Mir television, Putin spoke. Giving Tillerson a \
                    chilly reception, Lavrov said little. \"Clearly our view is firm.\" Iran, Russia and Syria deny it. \
                    Despite hopes, Moscow and Washington differ. Right now the right thing is unclear.\n";
        assert_eq!(
            forms(text),
            ["Washington", "Mir", "Putin", "Tillerson", "Lavrov", "Iran", "Russia", "Syria", "Moscow", "Washington"]
        );
    }

    #[test]
    fn hyphenated_words() {
        let text = "US-Russia talks\n\nThe Tillerson-Lavrov talks on U.S.-Russian ties and the U.S.-led strike were \
                    followed by anti-Assad protests. Jean-Claude Juncker and Kim Jong-un watched. Tillerson arrived \
                    first and Lavrov later. Western-backed rebels were in Al-Nusra Front areas.\n";
        assert_eq!(
            forms(text),
            [
                "US",
                "Russia",
                "Tillerson",
                "Lavrov",
                "U.S.",
                "Russian",
                "U.S.",
                "Assad",
                "Jean-Claude Juncker",
                "Kim Jong-un",
                "Tillerson",
                "Lavrov",
                "Western",
                "Al-Nusra Front"
            ]
        );
        // Longer tails join a name only after a syllable of their shape.
        let text = "Talks\n\nKim Yong-chol met Yoon Suk-yeol. Right-wing groups and Moscow-based firms objected.\n";
        assert_eq!(forms(text), ["Kim Yong-chol", "Yoon Suk-yeol", "Right", "Moscow"]);
    }

    #[test]
    fn romanized_syllables() {
        for yes in ["chol", "yeol", "ping", "hwan", "jong", "suk"] {
            assert!(is_romanized_syllable(yes), "{yes}");
        }
        for no in ["based", "made", "bound", "owned", "like", "wide", "long_", "Chol", "backed"] {
            assert!(!is_romanized_syllable(no), "{no}");
        }
    }

    #[test]
    fn organisation_names_keep_their_small_words() {
        let text = "Talks\n\nThe Organization for the Prohibition of Chemical Weapons and the Office for Budget \
                    Responsibility wrote to the Bank of England. Putin of Russia did not.\n";
        assert_eq!(
            forms(text),
            [
                "Organization for the Prohibition of Chemical Weapons",
                "Office for Budget Responsibility",
                "Bank of England",
                "Putin",
                "Russia"
            ]
        );
    }

    /// A known name written right before a person's, with no punctuation between, is a name of
    /// its own; a run that only starts like one stays whole.
    #[test]
    fn known_names_in_front_of_a_persons_are_split_off() {
        let text = "Talks\n\nThe United Nations Vladimir Safronkov spoke after the Russian Federation Sergei \
                    Lavrov did. The United States Senate voted. Ms Haley met United Nations staff.\n";
        assert_eq!(
            forms(text),
            [
                "United Nations",
                "Vladimir Safronkov",
                "Russian Federation",
                "Sergei Lavrov",
                "United States Senate",
                "Haley",
                "United Nations"
            ]
        );
    }

    #[test]
    fn bylines_datelines_and_title_case_headlines_give_no_names() {
        let text =
            "Relations Between US And Russia Are At A Low Point\n\nMonday, 17 Apr, 2017\n\nMOSCOW (AP) - Lavrov \
                    met Tillerson in Moscow.\n\n  • Leroy Wright\n";
        assert_eq!(forms(text), ["US", "Lavrov", "Tillerson", "Moscow"]);
    }

    #[test]
    fn skeletons_fold_transliterations() {
        for (a, b) in [
            ("Sergei", "Sergey"),
            ("Sha'irat", "Shayrat"),
            ("Ja'afari", "Jaafari"),
            ("Jafari", "Jaafari"),
            ("Erdoğan", "Erdogan"),
            ("Zelenskyy", "Zelensky"),
            ("Alexei", "Aleksei"),
            ("Organisation", "Organization"),
            ("Jong-un", "Jongun"),
            ("Zhumabekov", "Jumabekov"),
            ("Brezhnev", "Brejnev"),
            ("Djoko", "Joko"),
            ("Doroud", "Dorud"),
            ("Mourad", "Murad"),
            ("Ghazanfari", "Qazanfari"),
            ("Ghalibaf", "Qalibaf"),
            ("Masood", "Masud"),
            ("Mohammed", "Muhammad"),
            ("Mohamed", "Mohammad"),
            ("Tehreek", "Tehrik"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} / {b}");
        }
        for (a, b) in [
            ("Russia", "Russian"),
            ("Iran", "Iraq"),
            ("Lavrov", "Lavrova"),
            ("Assad", "Asaad Ali"),
            // "gh" is folded only opening a long word, "dj" only opening one.
            ("Ghana", "Qana"),
            ("Abdjalil", "Abjalil"),
        ] {
            assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
        }
        assert_eq!(form_key("Bashar al-Assad").words, form_key("Bashar Assad").words);
        assert_eq!(form_key("Abdel Fattah al-Sisi").joined, form_key("Abdel-Fattah el-Sisi").joined);
        assert_ne!(form_key("U.S.").joined, form_key("US").joined);
        assert_ne!(form_key("U.N. Security Council").words, form_key("UN Security Council").words);
    }

    #[test]
    fn one_vowel_inside_a_long_word() {
        assert!(one_vowel_apart("mohamad", "mohamed", 6));
        assert!(one_vowel_apart("aleksander", "aleksandr", 6));
        assert!(one_vowel_apart("colombia", "columbia", 7));
        assert!(!one_vowel_apart("lavrov", "lavrova", 6), "a change at the end");
        assert!(!one_vowel_apart("francesco", "francesca", 6), "the last letter");
        assert!(!one_vowel_apart("austria", "australia", 6), "two letters");
        assert!(!one_vowel_apart("johnson", "jonson", 6), "a consonant");
        assert!(!one_vowel_apart("hamid", "hamed", 6), "too short");
        assert!(!one_vowel_apart("obama", "abama", 4), "the first letter");
    }

    #[test]
    fn acronyms_are_two_to_eight_capitals_optionally_dotted() {
        for word in ["UN", "NATO", "UNHCR", "U.S.", "U.N.", "ÖVP", "ΕΕ", "ABCDEFGH"] {
            assert!(is_acronym(word), "{word}");
        }
        for word in ["I", "A", "Ö", "Nato", "ABCDEFGHI", "U.S", "G7", "AT&T", "US-", "Émile", "ÖVp"] {
            assert!(!is_acronym(word), "{word}");
        }
    }

    #[test]
    fn tables_are_sorted() {
        for table in [STOP_WORDS, TITLE_HEADS, TITLE_MODIFIERS, ORG_WORDS, PLACE_WORDS, EVENT_WORDS] {
            for pair in table.windows(2) {
                assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
            }
        }
        use Table::*;
        let tables = [TitleHeads, TitleModifiers, OrgWords, PlaceWords, EventWords, StopWords];
        for (table, list) in tables.into_iter().zip(Table::ALL) {
            assert!(list.iter().all(|word| table.has(word)));
        }
        assert!(TitleHeads.has("President") && !TitleHeads.has("Bank") && OrgWords.has("Bank"));
        for alias in ALIASES {
            assert!(alias_of(alias.spun).is_some(), "{}", alias.spun);
            assert!(alias_of(alias.plain).is_none(), "{}", alias.plain);
        }
    }

    #[test]
    fn symbols_are_the_people_places_and_organisations() {
        let (ws, story) = story(&[
            (
                "s/a.txt",
                "Lavrov meets Tillerson\n\nRussian Foreign Minister Sergey Lavrov met U.S. Secretary of State Rex \
                 Tillerson in Moscow. Lavrov said the Russian side wanted the Organization for the Prohibition of \
                 Chemical Weapons to investigate. Russian Federation vetoed the resolution. Tillerson flew home.\n",
            ),
            ("s/b.txt", "Talks\n\nRussia and the U.S. met in Moscow.\n"),
        ]);
        let a = ws.id("s/a.txt").unwrap();
        let text = &ws.doc(a).text;
        let symbols: Vec<(String, NameKind, Vec<&str>, usize)> = story
            .symbols(a)
            .into_iter()
            .map(|s| {
                let n = s.spans.len();
                (s.name, s.kind, s.spans.iter().map(|sp| &text[sp.clone()]).take(1).collect(), n)
            })
            .collect();
        assert_eq!(
            symbols,
            [
                ("Sergey Lavrov".to_string(), NameKind::Person, vec!["Lavrov"], 3),
                ("Rex Tillerson".to_string(), NameKind::Person, vec!["Tillerson"], 3),
                ("U.S.".to_string(), NameKind::Place, vec!["U.S."], 1),
                ("Moscow".to_string(), NameKind::Place, vec!["Moscow"], 1),
                (
                    "Organization for the Prohibition of Chemical Weapons".to_string(),
                    NameKind::Organisation,
                    vec!["Organization for the Prohibition of Chemical Weapons"],
                    1
                ),
                ("Russia".to_string(), NameKind::Place, vec!["Russian Federation"], 1),
            ]
        );
    }

    #[test]
    fn accept_pair_names_the_two_spellings() {
        let mut ws = Workspace::new();
        let text = "Talks\n\nSergey Lavrov met Tillerson.\n\nSergey Lavrov and Sergei Lavrov are one man.\n";
        let a = ws.set("s/a.txt", text);
        let at = text.find("Sergei").unwrap() + 3;
        assert_eq!(
            accept_pair_at(&ws, a, &[], &NamesSettings::default(), at),
            Some(("Sergei Lavrov".to_string(), "Sergey Lavrov".to_string()))
        );
        assert_eq!(accept_pair_at(&ws, a, &[], &NamesSettings::default(), text.find("Tillerson").unwrap()), None);
    }

    use crate::analysis::testing::Lcg;

    #[test]
    fn large_inputs_stay_linear() {
        // One endless capitalised run, and thousands of distinct names.
        let run = format!("Talks\n\n{}.\n", "Xyz ".repeat(20_000));
        assert!(mentions(&run, &Article::parse(&run)).is_empty());
        let mut rng = Lcg(7);
        let mut text = String::from("Talks\n\n");
        for _ in 0..5_000 {
            let name: String = (0..8)
                .map(|i| {
                    let c = (b'a' + (rng.next() % 26) as u8) as char;
                    if i == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            text.push_str(&format!("Officials met {name} in the capital. "));
        }
        let mut ws = Workspace::new();
        let id = ws.set("s/a.txt", text.as_str());
        let story = Story::build(&ws, id, &[], &NamesSettings::default());
        assert!(story.forms.len() > 4_900);
        let _ = story.flags(id);
    }

    /// The words of a sentence taken from its block's are the words it has on its own.
    #[test]
    fn sentences_share_the_words_of_their_block() {
        fn summary(scan: Option<Scan>) -> Option<String> {
            let scan = scan?;
            let sorted = |keys: &Keys| format!("{keys:?}");
            Some(format!(
                "{:?} {:?} | {} | {} | {}",
                scan.pieces,
                scan.runs,
                sorted(&scan.caps),
                sorted(&scan.lower),
                sorted(&scan.solo)
            ))
        }
        let mut texts: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        texts.push(
            "WASHINGTON — U.S.-led talks.Then “Sergei Lavrov” met al-Assad;Mr. Tillerson-Lavrov \
             -Russian relations.\"Quoted.\" (Aside.) Next-\nline end.\n\nDateline, Ruritania (AP) —\
             Officials in São Paulo’s north said.\n"
                .to_string(),
        );
        let mut rng = Lcg(0x5ca7);
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..rng.next() % 80 {
                const PIECES: &[&str] = &[
                    " ", " ", "\n\n", ". ", ".", "!", "? ", "-", "—", "'s", "’", "\"", "“", "(", ")", "U.S.", "The",
                    "Sergei", "Lavrov", "al-", "of", "the", "Mr.", "é", "😀", "NATO", "May", "1,200", "x", "said",
                ];
                text.push_str(PIECES[rng.next() % PIECES.len()]);
            }
            texts.push(text);
        }
        let mut compared = 0;
        for text in &texts {
            for block in &Article::parse(text).blocks {
                let shared = summary(Scan::of_block_with(text, block, true));
                let own = summary(Scan::of_block_with(text, block, false));
                assert_eq!(shared, own, "{:?}", &text[block.span.clone()]);
                compared += usize::from(shared.is_some());
            }
        }
        assert!(compared > 300, "{compared}");
    }

    #[test]
    fn stories_of_a_removed_document_are_forgotten() {
        let mut ws = Workspace::new();
        // An id no other test reaches: the memo is shared by every test of the process.
        let names: Vec<String> = (0..240).map(|i| format!("forget/{i}.txt")).collect();
        for name in &names {
            ws.set(name, "Talks\n\nSergei Lavrov met Rex Tillerson.");
        }
        let id = ws.id(&names[233]).unwrap();
        let story = Story::build(&ws, id, &[], &NamesSettings::default());
        drop(story);
        assert!(memo::predecessor(&[id]).is_some());
        ws.remove(&names[233]);
        assert!(memo::predecessor(&[id]).is_none());
    }

    #[test]
    fn generated_inputs_never_panic() {
        const PIECES: &[&str] = &[
            " ",
            " ",
            "\n\n",
            "\n",
            ". ",
            ", ",
            "-",
            "'s",
            "’",
            "'",
            "\"",
            "“",
            "al-",
            "Al-",
            "U.S.",
            "US",
            "The",
            "Sergei",
            "Sergey",
            "Lavrov",
            "Russian",
            "Federation",
            "Russia",
            "of",
            "the",
            "President",
            "Mr.",
            "W.",
            "é",
            "😀",
            "\u{301}",
            "Sha'irat",
            "Ja'afari",
            "Jong-un",
            "-backed",
            "anti-",
            "NATO",
            "Secretary",
            "of",
            "State",
            "May",
            "Monday",
            "1,200",
            "(",
            ")",
            ":",
            "—",
            "Ünal",
            "Ωmega",
            "x",
        ];
        let mut rng = Lcg(0x6e61_6d65);
        let mut ws = Workspace::new();
        for round in 0..400 {
            let mut text = String::new();
            for _ in 0..rng.next() % 60 {
                text.push_str(PIECES[rng.next() % PIECES.len()]);
            }
            let name = format!("s/{}.txt", round % 3);
            let id = ws.set(&name, text.as_str());
            let peers: Vec<DocId> = ws.ids().filter(|&d| d != id).collect();
            let story = Story::build(&ws, id, &peers, &NamesSettings::default());
            let mentions = &story.docs[story.position(id).unwrap()].mentions;
            for i in 0..mentions.len() {
                let span = mentions.span(i).unwrap();
                assert!(text.get(span.clone()).is_some(), "{span:?} in {text:?}");
            }
            let _ = story.flags(id);
            let _ = story.symbols(id);
            for offset in 0..text.len() {
                let _ = story.flag_at(id, offset);
            }
        }
    }
}
