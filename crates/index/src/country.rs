//! Countries to a comparable form: ISO 3166-1 alpha-2 where the name is known.
//!
//! The lists write countries as names ("Iran (Islamic Republic of)", "Russian Federation",
//! "Democratic People's Republic of Korea"), as codes (the CSL writes "SY", fixtures write
//! "af"), or as adjectives ("Iranian", "Syrian"). The matcher only needs to know whether two
//! such values denote the same country, so every value is reduced to an alpha-2 code when this
//! table knows it, and otherwise to its lowercase Latin letters (so two unknown spellings
//! still compare equal when they are written alike).
//!
//! The table covers the names and demonyms that occur on the UN, OFAC, UK, EU and CSL lists
//! and in the screening fixtures; it is not a full gazetteer.

use std::collections::HashMap;
use std::sync::OnceLock;

use interdict_text::to_latin;

/// `code|name|name...`, one country per line; names are lowercase with single spaces and no
/// punctuation, as [`key`] makes them.
const TABLE: &str = "\
AF|afghanistan|afghan|islamic emirate of afghanistan|islamic republic of afghanistan
AL|albania|albanian
DZ|algeria|algerian
AO|angola|angolan
AR|argentina|argentine|argentinian
AM|armenia|armenian
AU|australia|australian
AT|austria|austrian
AZ|azerbaijan|azerbaijani|azeri
BH|bahrain|bahraini
BD|bangladesh|bangladeshi
BY|belarus|belarusian|byelorussian
BE|belgium|belgian
BJ|benin|beninese
BA|bosnia and herzegovina|bosnia|bosnian|bosnia herzegovina
BR|brazil|brazilian
BG|bulgaria|bulgarian
BF|burkina faso|burkinabe
BI|burundi|burundian
KH|cambodia|cambodian
CM|cameroon|cameroonian
CA|canada|canadian
CF|central african republic|central african
TD|chad|chadian
CL|chile|chilean
CN|china|chinese|people s republic of china|peoples republic of china|prc
CO|colombia|colombian
KM|comoros|comorian
CG|congo|republic of the congo|congo brazzaville|republic of congo
CD|democratic republic of the congo|congo democratic republic|drc|congolese|congo kinshasa|democratic republic of congo|the democratic republic of the congo|congo the democratic republic of the
CU|cuba|cuban
CY|cyprus|cypriot
CZ|czech republic|czechia|czech
DK|denmark|danish
DJ|djibouti|djiboutian
EG|egypt|egyptian
ER|eritrea|eritrean
EE|estonia|estonian
ET|ethiopia|ethiopian
FI|finland|finnish
FR|france|french
GE|georgia|georgian
DE|germany|german
GH|ghana|ghanaian
GR|greece|greek
GN|guinea|guinean
GW|guinea bissau|bissau guinean
HT|haiti|haitian
HK|hong kong|hong kong china
HU|hungary|hungarian
IN|india|indian
ID|indonesia|indonesian
IR|iran|iranian|iran islamic republic of|islamic republic of iran|persia
IQ|iraq|iraqi
IE|ireland|irish
IL|israel|israeli
IT|italy|italian
CI|cote d ivoire|ivory coast|ivorian
JP|japan|japanese
JO|jordan|jordanian
KZ|kazakhstan|kazakh|kazakhstani
KE|kenya|kenyan
KP|north korea|democratic people s republic of korea|korea democratic people s republic of|korea north|dprk|korea dpr|north korean|democratic peoples republic of korea|korea democratic peoples republic of
KR|south korea|republic of korea|korea republic of|korea south|south korean|korea
KW|kuwait|kuwaiti
KG|kyrgyzstan|kyrgyz|kyrgyz republic
LA|laos|lao people s democratic republic|lao
LV|latvia|latvian
LB|lebanon|lebanese
LR|liberia|liberian
LY|libya|libyan|libyan arab jamahiriya
LT|lithuania|lithuanian
LU|luxembourg
MK|north macedonia|macedonia|the former yugoslav republic of macedonia|macedonian
MY|malaysia|malaysian
MV|maldives|maldivian
ML|mali|malian
MT|malta|maltese
MR|mauritania|mauritanian
MX|mexico|mexican
MD|moldova|republic of moldova|moldovan|moldova republic of
MN|mongolia|mongolian
ME|montenegro|montenegrin
MA|morocco|moroccan
MZ|mozambique|mozambican
MM|myanmar|burma|burmese
NA|namibia|namibian
NP|nepal|nepalese
NL|netherlands|dutch|the netherlands
NZ|new zealand
NI|nicaragua|nicaraguan
NE|niger|nigerien
NG|nigeria|nigerian
NO|norway|norwegian
OM|oman|omani
PK|pakistan|pakistani
PS|palestine|state of palestine|palestinian|palestinian territory|occupied palestinian territory|west bank|gaza
PA|panama|panamanian
PH|philippines|filipino|philippine
PL|poland|polish
PT|portugal|portuguese
QA|qatar|qatari
RO|romania|romanian
RU|russia|russian federation|russian
RW|rwanda|rwandan
SA|saudi arabia|saudi
SN|senegal|senegalese
RS|serbia|serbian
SL|sierra leone|sierra leonean
SG|singapore|singaporean
SK|slovakia|slovak
SI|slovenia|slovenian
SO|somalia|somali
ZA|south africa|south african
SS|south sudan|south sudanese
ES|spain|spanish
LK|sri lanka|sri lankan
SD|sudan|sudanese
SE|sweden|swedish
CH|switzerland|swiss
SY|syria|syrian arab republic|syrian
TW|taiwan|taiwanese|taiwan province of china
TJ|tajikistan|tajik
TZ|tanzania|united republic of tanzania|tanzanian|tanzania united republic of
TH|thailand|thai
TN|tunisia|tunisian
TR|turkey|turkiye|turkish
TM|turkmenistan|turkmen
UG|uganda|ugandan
UA|ukraine|ukrainian
AE|united arab emirates|uae|emirati
GB|united kingdom|uk|great britain|british|united kingdom of great britain and northern ireland|england
US|united states|united states of america|usa|american|us
UZ|uzbekistan|uzbek
VE|venezuela|venezuelan|venezuela bolivarian republic of|bolivarian republic of venezuela
VN|viet nam|vietnam|vietnamese
YE|yemen|yemeni
ZM|zambia|zambian
ZW|zimbabwe|zimbabwean
BS|bahamas|the bahamas
BZ|belize
BO|bolivia|bolivian|plurinational state of bolivia
BN|brunei|brunei darussalam
CR|costa rica
CV|cape verde|cabo verde
DO|dominican republic|dominican
EC|ecuador|ecuadorian
GQ|equatorial guinea
GT|guatemala|guatemalan
HN|honduras|honduran
IS|iceland|icelandic
JM|jamaica|jamaican
LS|lesotho
MG|madagascar
MW|malawi|malawian
MU|mauritius
PE|peru|peruvian
PY|paraguay
SV|el salvador|salvadoran
SC|seychelles
TG|togo|togolese
TT|trinidad and tobago
UY|uruguay|uruguayan
VG|british virgin islands|virgin islands british
KY|cayman islands
LI|liechtenstein
MC|monaco
PG|papua new guinea
FJ|fiji
GM|gambia|the gambia|gambian
GA|gabon|gabonese
SZ|eswatini|swaziland
BW|botswana
BT|bhutan
XK|kosovo
HR|croatia|croatian
PR|puerto rico
TL|timor leste|east timor
SR|suriname
GY|guyana
";

/// Reduces a country value as the lists write it to a comparable form: an uppercase ISO
/// 3166-1 alpha-2 code when known, else the value's lowercase Latin letters (`None` when it has
/// none).
///
/// ```
/// use interdict_index::normalize_country;
/// assert_eq!(normalize_country("Iran (Islamic Republic of)").as_deref(), Some("IR"));
/// assert_eq!(normalize_country("Democratic People's Republic of Korea").as_deref(), Some("KP"));
/// assert_eq!(normalize_country("Russian Federation"), normalize_country("Russia"));
/// assert_eq!(normalize_country("af").as_deref(), Some("AF"));
/// assert_eq!(normalize_country("SY").as_deref(), Some("SY"));
/// ```
pub fn normalize_country(value: &str) -> Option<String> {
    let key = key(value);
    if key.is_empty() {
        return None;
    }
    if let Some(code) = table().get(key.as_str()) {
        return Some((*code).to_owned());
    }
    // A two-letter value is a code as given ("af", "SY"); "uk" and "us" are in the table.
    if key.len() == 2 && key.bytes().all(|b| b.is_ascii_lowercase()) {
        return Some(key.to_ascii_uppercase());
    }
    Some(key)
}

/// Lowercase Latin words separated by single spaces; brackets, commas, apostrophes and other
/// punctuation become spaces.
fn key(value: &str) -> String {
    let latin = to_latin(value);
    let mut out = String::with_capacity(latin.len());
    for word in latin.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn table() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for line in TABLE.lines().filter(|line| !line.is_empty()) {
            let mut fields = line.split('|');
            let code = fields.next().unwrap_or_default();
            for name in fields {
                map.insert(name, code);
            }
        }
        map
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_are_keys() {
        for line in TABLE.lines().filter(|line| !line.is_empty()) {
            let mut fields = line.split('|');
            let code = fields.next().unwrap();
            assert_eq!(code.len(), 2, "{line}");
            for name in fields {
                assert_eq!(key(name), name, "{line}");
                assert_eq!(normalize_country(name).as_deref(), Some(code), "{name}");
            }
        }
    }

    #[test]
    fn unknown_values_compare_by_letters() {
        assert_eq!(normalize_country("Atlantis!").as_deref(), Some("atlantis"));
        assert_eq!(normalize_country(" ( ) "), None);
    }
}
