"""Build the held-out evaluation set for the country-name normaliser (``analysis.names``).

Writes, next to this file:

* ``eval.csv`` -- columns ``input,expected,kind,lang,note``; see ``README.md`` for the meaning
  of every column and value.
* ``participants.csv`` -- every distinct participant name in the UNTC-derived reference files,
  with the files it appears in and the ISO3 code we believe is right.

The set is written *independently* of the project's curated alias tables: nothing here reads
``data/curated/names/`` or the normaliser itself. Most rows are hand-written below (UN English and
French forms, ISO inversions, World Bank and IMF styles, everyday press spellings in eleven
languages, former names, codes, noise, negatives, ambiguous names and near-collisions). A minority
(capped at ``MAX_GENERATED_SHARE`` of the set) is generated from Babel/CLDR territory names and
pycountry ISO 3166 names; those rows say ``generated`` in their note.

The output is deterministic for given Babel and pycountry versions (seeded sampling, sorted
iteration). Run from anywhere::

    .venv/bin/python tests/data/names_eval/make_eval.py [--reference /work/shared/reference]

``--reference`` is only needed for ``participants.csv`` and the M49 cross-check; without it (or if
the folder is missing) those two steps are skipped and ``participants.csv`` is left untouched.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REFERENCE = Path("/work/shared/reference")
SEED = 20251025  # the Hanoi signing ceremony
MAX_GENERATED_SHARE = 0.30
CLDR_LANGS = ("en", "fr", "es", "ru", "zh", "ar", "id", "vi", "de", "pt", "ja")
CLDR_PER_LANG = 34  # sampled territories per language (EU and XK are always added)
KINDS = {
    "untc_en", "untc_fr", "iso_official", "iso_inverted", "worldbank", "cldr", "news",
    "former", "code", "noise", "negative", "ambiguous", "collision",
}
BEYOND_ISO = {"EUU", "XKX"}


@dataclass(frozen=True)
class Row:
    input: str
    expected: str
    kind: str
    lang: str
    note: str = ""


def block(kind: str, lang: str, text: str, note: str = "") -> list[Row]:
    """Parse ``input | expected [| note]`` lines (blank lines and ``#`` comments skipped)."""
    rows = []
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2:
            raise ValueError(f"bad line in {kind}/{lang}: {raw!r}")
        rows.append(Row(parts[0], parts[1], kind, lang, parts[2] if len(parts) > 2 else note))
    return rows


# ---------------------------------------------------------------------------------------------
# UN member states, observers, UNTC non-member participants and the EU, as the UN Treaty
# Collection (UNTC) writes them in English. ``ISO3 | English``.
UNTC_EN = """
AFG | Afghanistan
ALB | Albania
DZA | Algeria
AND | Andorra
AGO | Angola
ATG | Antigua and Barbuda
ARG | Argentina
ARM | Armenia
AUS | Australia
AUT | Austria
AZE | Azerbaijan
BHS | Bahamas
BHR | Bahrain
BGD | Bangladesh
BRB | Barbados
BLR | Belarus
BEL | Belgium
BLZ | Belize
BEN | Benin
BTN | Bhutan
BOL | Bolivia (Plurinational State of)
BIH | Bosnia and Herzegovina
BWA | Botswana
BRA | Brazil
BRN | Brunei Darussalam
BGR | Bulgaria
BFA | Burkina Faso
BDI | Burundi
CPV | Cabo Verde
KHM | Cambodia
CMR | Cameroon
CAN | Canada
CAF | Central African Republic
TCD | Chad
CHL | Chile
CHN | China
COL | Colombia
COM | Comoros
COG | Congo
CRI | Costa Rica
CIV | Côte d'Ivoire
HRV | Croatia
CUB | Cuba
CYP | Cyprus
CZE | Czechia
PRK | Democratic People's Republic of Korea
COD | Democratic Republic of the Congo
DNK | Denmark
DJI | Djibouti
DMA | Dominica
DOM | Dominican Republic
ECU | Ecuador
EGY | Egypt
SLV | El Salvador
GNQ | Equatorial Guinea
ERI | Eritrea
EST | Estonia
SWZ | Eswatini
ETH | Ethiopia
FJI | Fiji
FIN | Finland
FRA | France
GAB | Gabon
GMB | Gambia
GEO | Georgia
DEU | Germany
GHA | Ghana
GRC | Greece
GRD | Grenada
GTM | Guatemala
GIN | Guinea
GNB | Guinea-Bissau
GUY | Guyana
HTI | Haiti
HND | Honduras
HUN | Hungary
ISL | Iceland
IND | India
IDN | Indonesia
IRN | Iran (Islamic Republic of)
IRQ | Iraq
IRL | Ireland
ISR | Israel
ITA | Italy
JAM | Jamaica
JPN | Japan
JOR | Jordan
KAZ | Kazakhstan
KEN | Kenya
KIR | Kiribati
KWT | Kuwait
KGZ | Kyrgyzstan
LAO | Lao People's Democratic Republic
LVA | Latvia
LBN | Lebanon
LSO | Lesotho
LBR | Liberia
LBY | Libya
LIE | Liechtenstein
LTU | Lithuania
LUX | Luxembourg
MDG | Madagascar
MWI | Malawi
MYS | Malaysia
MDV | Maldives
MLI | Mali
MLT | Malta
MHL | Marshall Islands
MRT | Mauritania
MUS | Mauritius
MEX | Mexico
FSM | Micronesia (Federated States of)
MCO | Monaco
MNG | Mongolia
MNE | Montenegro
MAR | Morocco
MOZ | Mozambique
MMR | Myanmar
NAM | Namibia
NRU | Nauru
NPL | Nepal
NLD | Netherlands (Kingdom of the)
NZL | New Zealand
NIC | Nicaragua
NER | Niger
NGA | Nigeria
MKD | North Macedonia
NOR | Norway
OMN | Oman
PAK | Pakistan
PLW | Palau
PAN | Panama
PNG | Papua New Guinea
PRY | Paraguay
PER | Peru
PHL | Philippines
POL | Poland
PRT | Portugal
QAT | Qatar
KOR | Republic of Korea
MDA | Republic of Moldova
ROU | Romania
RUS | Russian Federation
RWA | Rwanda
KNA | Saint Kitts and Nevis
LCA | Saint Lucia
VCT | Saint Vincent and the Grenadines
WSM | Samoa
SMR | San Marino
STP | Sao Tome and Principe
SAU | Saudi Arabia
SEN | Senegal
SRB | Serbia
SYC | Seychelles
SLE | Sierra Leone
SGP | Singapore
SVK | Slovakia
SVN | Slovenia
SLB | Solomon Islands
SOM | Somalia
ZAF | South Africa
SSD | South Sudan
ESP | Spain
LKA | Sri Lanka
SDN | Sudan
SUR | Suriname
SWE | Sweden
CHE | Switzerland
SYR | Syrian Arab Republic
TJK | Tajikistan
THA | Thailand
TLS | Timor-Leste
TGO | Togo
TON | Tonga
TTO | Trinidad and Tobago
TUN | Tunisia
TUR | Türkiye
TKM | Turkmenistan
TUV | Tuvalu
UGA | Uganda
UKR | Ukraine
ARE | United Arab Emirates
GBR | United Kingdom of Great Britain and Northern Ireland
TZA | United Republic of Tanzania
USA | United States of America
URY | Uruguay
UZB | Uzbekistan
VUT | Vanuatu
VEN | Venezuela (Bolivarian Republic of)
VNM | Viet Nam
YEM | Yemen
ZMB | Zambia
ZWE | Zimbabwe
VAT | Holy See
PSE | State of Palestine
COK | Cook Islands
NIU | Niue
EUU | European Union
"""

# The same entities as the UN writes them in French (UNTC French pages, UNTERM). ``ISO3 | French``.
UNTC_FR = """
AFG | Afghanistan
ALB | Albanie
DZA | Algérie
AND | Andorre
AGO | Angola
ATG | Antigua-et-Barbuda
ARG | Argentine
ARM | Arménie
AUS | Australie
AUT | Autriche
AZE | Azerbaïdjan
BHS | Bahamas
BHR | Bahreïn
BGD | Bangladesh
BRB | Barbade
BLR | Bélarus
BEL | Belgique
BLZ | Belize
BEN | Bénin
BTN | Bhoutan
BOL | Bolivie (État plurinational de)
BIH | Bosnie-Herzégovine
BWA | Botswana
BRA | Brésil
BRN | Brunéi Darussalam
BGR | Bulgarie
BFA | Burkina Faso
BDI | Burundi
CPV | Cabo Verde
KHM | Cambodge
CMR | Cameroun
CAN | Canada
CAF | République centrafricaine
TCD | Tchad
CHL | Chili
CHN | Chine
COL | Colombie
COM | Comores
COG | Congo
CRI | Costa Rica
CIV | Côte d'Ivoire
HRV | Croatie
CUB | Cuba
CYP | Chypre
CZE | Tchéquie
PRK | République populaire démocratique de Corée
COD | République démocratique du Congo
DNK | Danemark
DJI | Djibouti
DMA | Dominique
DOM | République dominicaine
ECU | Équateur
EGY | Égypte
SLV | El Salvador
GNQ | Guinée équatoriale
ERI | Érythrée
EST | Estonie
SWZ | Eswatini
ETH | Éthiopie
FJI | Fidji
FIN | Finlande
FRA | France
GAB | Gabon
GMB | Gambie
GEO | Géorgie
DEU | Allemagne
GHA | Ghana
GRC | Grèce
GRD | Grenade
GTM | Guatemala
GIN | Guinée
GNB | Guinée-Bissau
GUY | Guyana
HTI | Haïti
HND | Honduras
HUN | Hongrie
ISL | Islande
IND | Inde
IDN | Indonésie
IRN | Iran (République islamique d')
IRQ | Iraq
IRL | Irlande
ISR | Israël
ITA | Italie
JAM | Jamaïque
JPN | Japon
JOR | Jordanie
KAZ | Kazakhstan
KEN | Kenya
KIR | Kiribati
KWT | Koweït
KGZ | Kirghizistan
LAO | République démocratique populaire lao
LVA | Lettonie
LBN | Liban
LSO | Lesotho
LBR | Libéria
LBY | Libye
LIE | Liechtenstein
LTU | Lituanie
LUX | Luxembourg
MDG | Madagascar
MWI | Malawi
MYS | Malaisie
MDV | Maldives
MLI | Mali
MLT | Malte
MHL | Îles Marshall
MRT | Mauritanie
MUS | Maurice
MEX | Mexique
FSM | Micronésie (États fédérés de)
MCO | Monaco
MNG | Mongolie
MNE | Monténégro
MAR | Maroc
MOZ | Mozambique
MMR | Myanmar
NAM | Namibie
NRU | Nauru
NPL | Népal
NLD | Pays-Bas (Royaume des)
NZL | Nouvelle-Zélande
NIC | Nicaragua
NER | Niger
NGA | Nigéria
MKD | Macédoine du Nord
NOR | Norvège
OMN | Oman
PAK | Pakistan
PLW | Palaos
PAN | Panama
PNG | Papouasie-Nouvelle-Guinée
PRY | Paraguay
PER | Pérou
PHL | Philippines
POL | Pologne
PRT | Portugal
QAT | Qatar
KOR | République de Corée
MDA | République de Moldova
ROU | Roumanie
RUS | Fédération de Russie
RWA | Rwanda
KNA | Saint-Kitts-et-Nevis
LCA | Sainte-Lucie
VCT | Saint-Vincent-et-les Grenadines
WSM | Samoa
SMR | Saint-Marin
STP | Sao Tomé-et-Principe
SAU | Arabie saoudite
SEN | Sénégal
SRB | Serbie
SYC | Seychelles
SLE | Sierra Leone
SGP | Singapour
SVK | Slovaquie
SVN | Slovénie
SLB | Îles Salomon
SOM | Somalie
ZAF | Afrique du Sud
SSD | Soudan du Sud
ESP | Espagne
LKA | Sri Lanka
SDN | Soudan
SUR | Suriname
SWE | Suède
CHE | Suisse
SYR | République arabe syrienne
TJK | Tadjikistan
THA | Thaïlande
TLS | Timor-Leste
TGO | Togo
TON | Tonga
TTO | Trinité-et-Tobago
TUN | Tunisie
TUR | Türkiye
TKM | Turkménistan
TUV | Tuvalu
UGA | Ouganda
UKR | Ukraine
ARE | Émirats arabes unis
GBR | Royaume-Uni de Grande-Bretagne et d'Irlande du Nord
TZA | République-Unie de Tanzanie
USA | États-Unis d'Amérique
URY | Uruguay
UZB | Ouzbékistan
VUT | Vanuatu
VEN | Venezuela (République bolivarienne du)
VNM | Viet Nam
YEM | Yémen
ZMB | Zambie
ZWE | Zimbabwe
VAT | Saint-Siège
PSE | État de Palestine
COK | Îles Cook
NIU | Nioué
EUU | Union européenne
"""

UN_OBSERVERS_AND_OTHERS = {"VAT", "PSE", "COK", "NIU", "EUU"}


def member_rows() -> list[Row]:
    rows = []
    for text, kind, lang in ((UNTC_EN, "untc_en", "en"), (UNTC_FR, "untc_fr", "fr")):
        codes = []
        for raw in text.strip().splitlines():
            code, name = (p.strip() for p in raw.split("|"))
            codes.append(code)
            note = ""
            if code in UN_OBSERVERS_AND_OTHERS:
                note = "UN observer / non-member UNTC participant"
            rows.append(Row(name, code, kind, lang, note))
        members = [c for c in codes if c not in UN_OBSERVERS_AND_OTHERS]
        assert len(members) == 193 == len(set(members)), (kind, len(members))
    return rows


# ---------------------------------------------------------------------------------------------
# Other English forms seen in UNTC pages and UNTC-derived scrapes (older or shortened).
UNTC_EN_EXTRA = """
Netherlands | NLD | UNTC name before 2023
Bolivia | BOL
Iran | IRN
Micronesia | FSM
Moldova | MDA
Tanzania | TZA
Syria | SYR
Venezuela | VEN
Laos | LAO
United Kingdom | GBR
United States | USA
Congo, Democratic Republic of | COD | treaty_participants spelling
Congo, Republic of the | COG | treaty_participants spelling
Korea, Democratic People's Republic | PRK | treaty_participants spelling
Cote d'Ivoire | CIV
St. Kitts and Nevis | KNA
St. Lucia | LCA
St. Vincent and the Grenadines | VCT
Holy See (Vatican City State) | VAT
"""

# ISO 3166-1 short names in their inverted forms (the ISO Online Browsing Platform's "(the)" style
# and the pycountry/ISO comma style), written by hand.
ISO_INVERTED = """
Korea, Republic of | KOR
Korea, Democratic People's Republic of | PRK
Korea (the Republic of) | KOR
Korea (the Democratic People's Republic of) | PRK
Sudan (the) | SDN
Bahamas (the) | BHS
Gambia (the) | GMB
Niger (the) | NER
Congo (the) | COG
Congo (the Democratic Republic of the) | COD
Congo, The Democratic Republic of the | COD
Central African Republic (the) | CAF
Comoros (the) | COM
Dominican Republic (the) | DOM
Philippines (the) | PHL
Netherlands (the) | NLD
Marshall Islands (the) | MHL
Russian Federation (the) | RUS
United Arab Emirates (the) | ARE
United Kingdom of Great Britain and Northern Ireland (the) | GBR
United States of America (the) | USA
Lao People's Democratic Republic (the) | LAO
Moldova (the Republic of) | MDA
Moldova, Republic of | MDA
Tanzania, United Republic of | TZA
Tanzania, the United Republic of | TZA
Iran, Islamic Republic of | IRN
Bolivia, Plurinational State of | BOL
Venezuela, Bolivarian Republic of | VEN
Micronesia, Federated States of | FSM
Micronesia (Federated States of) | FSM
Palestine, State of | PSE
Taiwan, Province of China | TWN
Taiwan (Province of China) | TWN
Virgin Islands, British | VGB
Virgin Islands, U.S. | VIR
Virgin Islands (British) | VGB
Virgin Islands (U.S.) | VIR
Falkland Islands (Malvinas) | FLK
Falkland Islands (the) [Malvinas] | FLK
Cayman Islands (the) | CYM
Cook Islands (the) | COK
Faroe Islands (the) | FRO
Northern Mariana Islands (the) | MNP
Turks and Caicos Islands (the) | TCA
Cocos (Keeling) Islands (the) | CCK
British Indian Ocean Territory (the) | IOT
French Southern Territories (the) | ATF
United States Minor Outlying Islands (the) | UMI
Holy See (the) | VAT
Saint Martin (French part) | MAF
Sint Maarten (Dutch part) | SXM
Macedonia, the former Yugoslav Republic of | MKD | ISO short name until 2019
Congo, Democratic Republic of the | COD
Korea, Rep. of | KOR
Korea, South | KOR | CIA World Factbook style
Korea, North | PRK | CIA World Factbook style
Gambia, The | GMB
Bahamas, The | BHS
Netherlands, The | NLD
Sudan, The | SDN
Macao | MAC
Saint Helena, Ascension and Tristan da Cunha | SHN
Bonaire, Sint Eustatius and Saba | BES
Svalbard and Jan Mayen | SJM
Heard Island and McDonald Islands | HMD
South Georgia and the South Sandwich Islands | SGS
"""

# ISO / formal long names written by hand (pycountry's official names are added separately).
ISO_OFFICIAL = """
People's Republic of China | CHN
Republic of India | IND
Republic of Indonesia | IDN
Socialist Republic of Viet Nam | VNM
Socialist Republic of Vietnam | VNM
Kingdom of Spain | ESP
French Republic | FRA
Federal Republic of Germany | DEU
Italian Republic | ITA
Kingdom of the Netherlands | NLD
Kingdom of Belgium | BEL
Swiss Confederation | CHE
Republic of Austria | AUT
Commonwealth of Australia | AUS
Republic of Iceland | ISL
Kingdom of Sweden | SWE
Kingdom of Norway | NOR
Kingdom of Denmark | DNK
Republic of Finland | FIN
Republic of Poland | POL
Czech Republic | CZE | ISO official name of Czechia
Slovak Republic | SVK
Republic of Slovenia | SVN
Hellenic Republic | GRC
Portuguese Republic | PRT
Republic of Türkiye | TUR
Republic of Turkey | TUR
Russian Federation | RUS
Kingdom of Saudi Arabia | SAU
Arab Republic of Egypt | EGY
Hashemite Kingdom of Jordan | JOR
State of Qatar | QAT
State of Kuwait | KWT
Sultanate of Oman | OMN
Kingdom of Bahrain | BHR
Republic of Yemen | YEM
State of Israel | ISR
Lebanese Republic | LBN
Republic of Iraq | IRQ
Islamic Republic of Iran | IRN
Islamic Republic of Pakistan | PAK
People's Republic of Bangladesh | BGD
Democratic Socialist Republic of Sri Lanka | LKA
Kingdom of Thailand | THA
Republic of the Philippines | PHL
Republic of Singapore | SGP
Kingdom of Cambodia | KHM
Republic of the Union of Myanmar | MMR
Federative Republic of Brazil | BRA
United Mexican States | MEX
Argentine Republic | ARG
Republic of Chile | CHL
Republic of Colombia | COL
Bolivarian Republic of Venezuela | VEN
Plurinational State of Bolivia | BOL
Oriental Republic of Uruguay | URY
Republic of Peru | PER
Republic of South Africa | ZAF
Federal Republic of Nigeria | NGA
Republic of the Niger | NER
Republic of Kenya | KEN
Federal Democratic Republic of Ethiopia | ETH
Kingdom of Morocco | MAR
People's Democratic Republic of Algeria | DZA
Republic of Tunisia | TUN
State of Libya | LBY
Republic of the Sudan | SDN
Republic of South Sudan | SSD
Republic of the Congo | COG
Republic of Guinea | GIN
Republic of Guinea-Bissau | GNB
Republic of Equatorial Guinea | GNQ
Independent State of Papua New Guinea | PNG
Independent State of Samoa | WSM
Commonwealth of Dominica | DMA
Republic of the Gambia | GMB
Republic of Zambia | ZMB
Republic of Mali | MLI
Republic of Malawi | MWI
Kingdom of Eswatini | SWZ
Republic of North Macedonia | MKD
Republic of Kosovo | XKX
Republic of Korea | KOR
Democratic People's Republic of Korea | PRK
Republic of China | TWN | official name used by Taiwan
United Kingdom of Great Britain and Northern Ireland | GBR
United States of America | USA
Commonwealth of Puerto Rico | PRI
Hong Kong Special Administrative Region of the People's Republic of China | HKG
Macao Special Administrative Region of the People's Republic of China | MAC
Vatican City State | VAT
Puerto Rico | PRI
Greenland | GRL
Guam | GUM
American Samoa | ASM
Northern Mariana Islands | MNP
United States Virgin Islands | VIR
British Virgin Islands | VGB
Bermuda | BMU
Cayman Islands | CYM
Anguilla | AIA
Montserrat | MSR
Turks and Caicos Islands | TCA
Falkland Islands | FLK
Gibraltar | GIB
Pitcairn | PCN
British Indian Ocean Territory | IOT
Isle of Man | IMN
Jersey | JEY
Guernsey | GGY
Faroe Islands | FRO
Åland Islands | ALA
Bouvet Island | BVT
French Polynesia | PYF
New Caledonia | NCL
Wallis and Futuna | WLF
Saint Pierre and Miquelon | SPM
Saint Barthélemy | BLM
Guadeloupe | GLP
Martinique | MTQ
French Guiana | GUF
Réunion | REU
Mayotte | MYT
French Southern Territories | ATF
Aruba | ABW
Curaçao | CUW
Sint Maarten | SXM
Tokelau | TKL
Norfolk Island | NFK
Christmas Island | CXR
Cocos (Keeling) Islands | CCK
Hong Kong | HKG
Taiwan | TWN
Western Sahara | ESH
Antarctica | ATA | listed in ISO 3166-1
United States Minor Outlying Islands | UMI
"""

# World Bank WDI country names, plus IMF and UN-statistics styles.
WORLDBANK = """
Bahamas, The | BHS
Gambia, The | GMB
Congo, Dem. Rep. | COD
Congo, Rep. | COG
Egypt, Arab Rep. | EGY
Iran, Islamic Rep. | IRN
Korea, Rep. | KOR
Korea, Dem. People's Rep. | PRK
Korea, Dem. Rep. | PRK | older WDI name
Lao PDR | LAO
Micronesia, Fed. Sts. | FSM
Venezuela, RB | VEN
Yemen, Rep. | YEM
Hong Kong SAR, China | HKG
Macao SAR, China | MAC
Kyrgyz Republic | KGZ
St. Martin (French part) | MAF
Virgin Islands (U.S.) | VIR
Turkiye | TUR
Curacao | CUW
Sao Tome and Principe | STP
West Bank and Gaza | PSE
Kosovo | XKX
Somalia, Fed. Rep. | SOM | recent WDI name
Faroe Islands | FRO
Isle of Man | IMN
Brunei Darussalam | BRN
Russian Federation | RUS
Viet Nam | VNM
Slovak Republic | SVK
Syrian Arab Republic | SYR
Cabo Verde | CPV
Timor-Leste | TLS
Eswatini | SWZ
Czechia | CZE
Macedonia, FYR | MKD | older WDI name
European Union | EUU | WDI aggregate with code EUU
Taiwan Province of China | TWN | IMF style
Taiwan, China | TWN | World Bank / WTO style
China, P.R.: Mainland | CHN | IMF style
China, P.R.: Hong Kong | HKG | IMF style
China, P.R.: Macao | MAC | IMF style
China, Hong Kong SAR | HKG | UN statistics style
China, Hong Kong Special Administrative Region | HKG | UN M49 style
China, Macao Special Administrative Region | MAC | UN M49 style
Kosovo, Rep. of | XKX | IMF style
Iran, Islamic Rep. of | IRN | IMF style
Congo, Dem. Rep. of the | COD | IMF style
Congo, Rep. of | COG | IMF style
Egypt, Arab Rep. of | EGY | IMF style
Yemen, Rep. of | YEM | IMF style
Venezuela, Rep. Bolivariana de | VEN | IMF style
Lao P.D.R. | LAO | IMF style
Micronesia, Fed. States of | FSM | IMF style
Marshall Islands, Rep. of the | MHL | IMF style
Mozambique, Rep. of | MOZ | IMF style
Timor-Leste, Dem. Rep. of | TLS | IMF style
Türkiye, Rep. of | TUR | IMF style
São Tomé and Príncipe, Dem. Rep. of | STP | IMF style
Slovak Rep. | SVK | IMF style
Kyrgyz Rep. | KGZ | IMF style
Bahrain, Kingdom of | BHR | IMF style
Serbia, Rep. of | SRB | IMF style
Armenia, Rep. of | ARM | IMF style
Azerbaijan, Rep. of | AZE | IMF style
Belarus, Rep. of | BLR | IMF style
Croatia, Rep. of | HRV | IMF style
Estonia, Rep. of | EST | IMF style
Kazakhstan, Rep. of | KAZ | IMF style
Moldova, Rep. of | MDA | IMF style
Poland, Rep. of | POL | IMF style
Slovenia, Rep. of | SVN | IMF style
Tajikistan, Rep. of | TJK | IMF style
Uzbekistan, Rep. of | UZB | IMF style
Eswatini, Kingdom of | SWZ | IMF style
Lesotho, Kingdom of | LSO | IMF style
Netherlands, The | NLD | IMF style
Afghanistan, Islamic Rep. of | AFG | older IMF style
Korea, Rep | KOR
Congo, DR | COD
Congo DR | COD
Congo (Kinshasa) | COD
Congo (Brazzaville) | COG
Dem. Rep. of the Congo | COD
Dem. People's Rep. of Korea | PRK
Rep. of Korea | KOR
Rep. of Moldova | MDA
United Rep. of Tanzania | TZA
Central African Rep. | CAF
Dominican Rep. | DOM
Czech Rep. | CZE
Lao People's Dem. Rep. | LAO
Bosnia and Herz. | BIH | Natural Earth style
Dem. Rep. Congo | COD | Natural Earth style
Central African Rep | CAF
Eq. Guinea | GNQ | Natural Earth style
S. Sudan | SSD | Natural Earth style
Solomon Is. | SLB | Natural Earth style
Falkland Is. | FLK | Natural Earth style
Fr. Polynesia | PYF | Natural Earth style
N. Mariana Is. | MNP | Natural Earth style
W. Sahara | ESH | Natural Earth style
Marshall Is. | MHL | Natural Earth style
St. Vin. and Gren. | VCT | Natural Earth style
Antigua and Barb. | ATG | Natural Earth style
Dominican Rep | DOM
Korea Republic | KOR | FIFA style
Korea DPR | PRK | FIFA style
Chinese Taipei | TWN | Olympic / APEC style
Hong Kong, China | HKG | Olympic / WTO style
Macao, China | MAC
"""

# Former names of countries that still exist (mapped to today's code), in several languages.
FORMER = """
Swaziland | SWZ | en
Kingdom of Swaziland | SWZ | en
Burma | MMR | en
Union of Burma | MMR | en
Zaire | COD | en
Zaïre | COD | fr
Republic of Zaire | COD | en
Czech Republic | CZE | en
Turkey | TUR | en
The former Yugoslav Republic of Macedonia | MKD | en
former Yugoslav Republic of Macedonia | MKD | en
FYROM | MKD | en
FYR Macedonia | MKD | en
Macedonia | MKD | en
Republic of Macedonia | MKD | en
Cape Verde | CPV | en
East Timor | TLS | en
Ivory Coast | CIV | en
Ceylon | LKA | en
Dahomey | BEN | en
Upper Volta | BFA | en
Kampuchea | KHM | en
Democratic Kampuchea | KHM | en
Khmer Republic | KHM | en
Siam | THA | en
Persia | IRN | en
Abyssinia | ETH | en
Bechuanaland | BWA | en
Basutoland | LSO | en
Nyasaland | MWI | en
Northern Rhodesia | ZMB | en
British Honduras | BLZ | en
Dutch Guiana | SUR | en
Western Samoa | WSM | en
New Hebrides | VUT | en
Libyan Arab Jamahiriya | LBY | en
Great Socialist People's Libyan Arab Jamahiriya | LBY | en
Moldavia | MDA | en
Kirghizia | KGZ | en
Byelorussia | BLR | en
European Community | EUU | en
European Communities | EUU | en
Swasiland | SWZ | de
Birmanie | MMR | fr
Birmania | MMR | es
Birma | MMR | de
Birmânia | MMR | pt
Cap-Vert | CPV | fr
Kap Verde | CPV | de
Tschechische Republik | CZE | de
République tchèque | CZE | fr
República Checa | CZE | es
República Tcheca | CZE | pt
Ex-République yougoslave de Macédoine | MKD | fr
ex-République yougoslave de Macédoine | MKD | fr
Macédoine | MKD | fr
Mazedonien | MKD | de
Timor oriental | TLS | fr
Osttimor | TLS | de
Timor Oriental | TLS | es
Zaïre (République du) | COD | fr
Ceilán | LKA | es
Haute-Volta | BFA | fr
Obervolta | BFA | de
Suazilandia | SWZ | es
Suazilândia | SWZ | pt
Swaziland (Royaume du) | SWZ | fr
Miến Điện | MMR | vi
Бирма | MMR | ru
Свазиленд | SWZ | ru
Македония | MKD | ru
Чешская Республика | CZE | ru
缅甸 | MMR | zh
斯威士兰 | SWZ | zh
马其顿 | MKD | zh
捷克共和国 | CZE | zh
ビルマ | MMR | ja
スワジランド | SWZ | ja
マケドニア | MKD | ja
チェコ共和国 | CZE | ja
بورما | MMR | ar
سوازيلاند | SWZ | ar
مقدونيا | MKD | ar
جمهورية التشيك | CZE | ar
"""

# Everyday press spellings and formal forms, by language. ``input | expected [| note]``.
NEWS = {
    "en": """
US | USA
U.S. | USA
USA | USA
U.S.A. | USA
United States | USA
UK | GBR | exceptionally reserved ISO code, universal in the press
U.K. | GBR
Britain | GBR
Great Britain | GBR
England | GBR
Scotland | GBR
Wales | GBR
Northern Ireland | GBR
South Korea | KOR
North Korea | PRK
DPRK | PRK
ROK | KOR
PRC | CHN
Mainland China | CHN
Russia | RUS
Iran | IRN
Syria | SYR
Vietnam | VNM
Laos | LAO
Bolivia | BOL
Venezuela | VEN
Tanzania | TZA
Moldova | MDA
Micronesia | FSM
Brunei | BRN
Palestine | PSE
Palestinian Territories | PSE
Palestinian territories | PSE
Vatican | VAT
Vatican City | VAT
Taiwan | TWN
Hong Kong | HKG
Macau | MAC
UAE | ARE
KSA | SAU
Saudi Arabia | SAU
DRC | COD
DR Congo | COD
Congo-Kinshasa | COD
Congo-Brazzaville | COG
Republic of Congo | COG
Congo Republic | COG
Czechia | CZE
Slovakia | SVK
Bosnia | BIH
Republic of Ireland | IRL
Irish Republic | IRL
Timor Leste | TLS
Türkiye | TUR
Kyrgyzstan | KGZ
Kazakhstan | KAZ
Myanmar (Burma) | MMR
Falklands | FLK
Faroes | FRO
US Virgin Islands | VIR
U.S. Virgin Islands | VIR
Kosovo | XKX
EU | EUU
E.U. | EUU
European Union | EUU
Greenland | GRL
Puerto Rico | PRI
Mexico | MEX
Philippines | PHL
Netherlands | NLD
New Zealand | NZL
South Africa | ZAF
Cote D'Ivoire | CIV
Guinea Bissau | GNB
Trinidad & Tobago | TTO
St Lucia | LCA
St Kitts and Nevis | KNA
St Vincent and the Grenadines | VCT
Sao Tome | STP
Cabo Verde | CPV
North Macedonia | MKD
Eswatini | SWZ
Holland | NLD
""",
    "fr": """
États-Unis | USA
Etats-Unis | USA
USA | USA
Royaume-Uni | GBR
Grande-Bretagne | GBR
Angleterre | GBR
Écosse | GBR
Pays de Galles | GBR
Irlande du Nord | GBR
Allemagne | DEU
Russie | RUS
Chine | CHN
Corée du Sud | KOR
Corée du Nord | PRK
Japon | JPN
UE | EUU
Union européenne | EUU
Inde | IND
Vietnam | VNM
Italie | ITA
Espagne | ESP
Belgique | BEL
Suisse | CHE
Pays-Bas | NLD | UN French name before 2023
Hollande | NLD
Tchéquie | CZE
RDC | COD
RD Congo | COD
Congo-Brazzaville | COG
Congo-Kinshasa | COD
République du Congo | COG
Biélorussie | BLR
Moldavie | MDA
Cambodge | KHM
Émirats arabes unis | ARE
Arabie saoudite | SAU
Irak | IRQ
Syrie | SYR
Liban | LBN
Jordanie | JOR
Égypte | EGY
Maroc | MAR
Algérie | DZA
Tunisie | TUN
Libye | LBY
Sénégal | SEN
Afrique du Sud | ZAF
Centrafrique | CAF
Tanzanie | TZA
Brésil | BRA
Mexique | MEX
Argentine | ARG
Nouvelle-Calédonie | NCL
Polynésie française | PYF
Martinique | MTQ
Guadeloupe | GLP
La Réunion | REU
Guyane | GUF | French Guiana, not Guyana
Guyane française | GUF
Mayotte | MYT
Saint-Pierre-et-Miquelon | SPM
Wallis-et-Futuna | WLF
Taïwan | TWN
Hong Kong | HKG
Vatican | VAT
Palestine | PSE
Kosovo | XKX
Groenland | GRL
Porto Rico | PRI
Laos | LAO
Birmanie (Myanmar) | MMR
Bolivie | BOL
Venezuela | VEN
Iran | IRN
Pologne | POL
Autriche | AUT
Australie | AUS
Islande | ISL
Irlande | IRL
Gambie | GMB
Zambie | ZMB
Turquie | TUR
""",
    "es": """
Estados Unidos | USA
EE. UU. | USA
EE.UU. | USA
EEUU | USA
Estados Unidos de América | USA
Unión Europea | EUU
UE | EUU
Reino Unido | GBR
Gran Bretaña | GBR
Inglaterra | GBR
Escocia | GBR
Gales | GBR
Irlanda del Norte | GBR
Alemania | DEU
Francia | FRA
Japón | JPN
Rusia | RUS
Federación de Rusia | RUS
Corea del Sur | KOR
Corea del Norte | PRK
República de Corea | KOR
República Popular China | CHN
Brasil | BRA
México | MEX
Perú | PER
Panamá | PAN
República Dominicana | DOM
Haití | HTI
España | ESP
Italia | ITA
Países Bajos | NLD
Holanda | NLD
Bélgica | BEL
Suiza | CHE
Suecia | SWE
Noruega | NOR
Dinamarca | DNK
Finlandia | FIN
Polonia | POL
Chequia | CZE
Hungría | HUN
Grecia | GRC
Egipto | EGY
Marruecos | MAR
Argelia | DZA
Sudáfrica | ZAF
Arabia Saudita | SAU
Arabia Saudí | SAU
Emiratos Árabes Unidos | ARE
Irán | IRN
Irak | IRQ
Siria | SYR
Palestina | PSE
Ucrania | UKR
Bielorrusia | BLR
Kazajistán | KAZ
Filipinas | PHL
Tailandia | THA
Malasia | MYS
Singapur | SGP
Nueva Zelanda | NZL
Canadá | CAN
Costa de Marfil | CIV
Guinea Ecuatorial | GNQ
Santa Sede | VAT
Vaticano | VAT
Groenlandia | GRL
Islas Malvinas | FLK
Vietnam | VNM
Austria | AUT
Islandia | ISL
Irlanda | IRL
Turquía | TUR
Macedonia del Norte | MKD
""",
    "de": """
Südkorea | KOR
Nordkorea | PRK
Elfenbeinküste | CIV
Vereinigte Staaten | USA
Vereinigte Staaten von Amerika | USA
Vereinigtes Königreich | GBR
Großbritannien | GBR
Schottland | GBR
Nordirland | GBR
Deutschland | DEU
Bundesrepublik Deutschland | DEU
Frankreich | FRA
Russland | RUS
Europäische Union | EUU
Indien | IND
Tschechien | CZE
Österreich | AUT
Schweiz | CHE
Niederlande | NLD
Belgien | BEL
Italien | ITA
Spanien | ESP
Polen | POL
Ungarn | HUN
Griechenland | GRC
Schweden | SWE
Norwegen | NOR
Dänemark | DNK
Finnland | FIN
Weißrussland | BLR
Ägypten | EGY
Südafrika | ZAF
Saudi-Arabien | SAU
Vereinigte Arabische Emirate | ARE
Brasilien | BRA
Mexiko | MEX
Kanada | CAN
Australien | AUS
Neuseeland | NZL
Indonesien | IDN
Demokratische Republik Kongo | COD
Republik Kongo | COG
Vatikanstadt | VAT
Heiliger Stuhl | VAT
Island | ISL | German for Iceland
Irland | IRL
Slowakei | SVK
Slowenien | SVN
Sambia | ZMB
Grönland | GRL
Färöer | FRO
Hongkong | HKG
Taiwan | TWN
Kosovo | XKX
Luxemburg | LUX
Türkei | TUR
Weißrussland (Belarus) | BLR
""",
    "pt": """
EUA | USA
Estados Unidos da América | USA
Reino Unido | GBR
Alemanha | DEU
França | FRA
Rússia | RUS
Japão | JPN
Coreia do Sul | KOR
Coreia do Norte | PRK
Índia | IND
Espanha | ESP
Itália | ITA
Suíça | CHE
Suécia | SWE
Finlândia | FIN
Polônia | POL
Polónia | POL
Tchéquia | CZE
Grécia | GRC
Egito | EGY
África do Sul | ZAF
Moçambique | MOZ
Guiné-Bissau | GNB
Guiné | GIN
Guiné Equatorial | GNQ
São Tomé e Príncipe | STP
Macau | MAC
União Europeia | EUU
Arábia Saudita | SAU
Emirados Árabes Unidos | ARE
Irã | IRN
Irão | IRN
Iraque | IRQ
Ucrânia | UKR
Colômbia | COL
Uruguai | URY
Paraguai | PRY
Equador | ECU
Costa do Marfim | CIV
Nova Zelândia | NZL
Austrália | AUS
Áustria | AUT
Islândia | ISL
Santa Sé | VAT
Reino dos Países Baixos | NLD
Gronelândia | GRL
Groenlândia | GRL
Escócia | GBR
País de Gales | GBR
Irlanda do Norte | GBR
Turquia | TUR
""",
    "id": """
Tiongkok | CHN
Cina | CHN
RRT | CHN | Republik Rakyat Tiongkok
Republik Rakyat Tiongkok | CHN
Republik Rakyat China | CHN
Amerika Serikat | USA
Korsel | KOR
Korea Selatan | KOR
Korut | PRK
Korea Utara | PRK
Republik Korea | KOR
Republik Demokratik Rakyat Korea | PRK
Inggris | GBR
Britania Raya | GBR
Inggris Raya | GBR
Kerajaan Inggris | GBR
Skotlandia | GBR
Irlandia Utara | GBR
Uni Eropa | EUU
Jepang | JPN
Jerman | DEU
Prancis | FRA
Perancis | FRA
Belanda | NLD
Kerajaan Belanda | NLD
Rusia | RUS
Federasi Rusia | RUS
Arab Saudi | SAU
Uni Emirat Arab | ARE
UEA | ARE
Mesir | EGY
Selandia Baru | NZL
Filipina | PHL
Singapura | SGP
Kamboja | KHM
Papua Nugini | PNG
Italia | ITA
Spanyol | ESP
Swiss | CHE
Swedia | SWE
Norwegia | NOR
Finlandia | FIN
Polandia | POL
Ceko | CZE
Republik Ceko | CZE
Hungaria | HUN
Yunani | GRC
Afrika Selatan | ZAF
Aljazair | DZA
Maroko | MAR
Meksiko | MEX
Kanada | CAN
Kolombia | COL
Kuba | CUB
Irak | IRQ
Suriah | SYR
Yordania | JOR
Libanon | LBN
Palestina | PSE
Katar | QAT
Vatikan | VAT
Takhta Suci | VAT
Islandia | ISL
Irlandia | IRL
Republik Demokratik Kongo | COD
Kongo | COG
Pantai Gading | CIV
Tanjung Verde | CPV
Afganistan | AFG
Ukraina | UKR
Belgia | BEL
Luksemburg | LUX
Rumania | ROU
Kroasia | HRV
Slowakia | SVK
Yaman | YEM
Etiopia | ETH
Sudan Selatan | SSD
Guinea Khatulistiwa | GNQ
Republik Indonesia | IDN
Kepulauan Solomon | SLB
Mikronesia | FSM
Makau | MAC
Chili | CHL
Ekuador | ECU
Kosta Rika | CRI
Republik Dominika | DOM
Dominika | DMA
Jamaika | JAM
Turki | TUR
""",
    "vi": """
Trung Quốc | CHN
Hoa Kỳ | USA
Mỹ | USA
Liên minh châu Âu | EUU
Liên minh Châu Âu | EUU
Nga | RUS | Vietnamese for Russia; must not become Nigeria (NGA)
Liên bang Nga | RUS
Hàn Quốc | KOR
Triều Tiên | PRK | press usage for North Korea
Bắc Triều Tiên | PRK
Nhật Bản | JPN
Nhật | JPN
Ấn Độ | IND
Pháp | FRA
Đức | DEU
Anh | GBR
Vương quốc Anh | GBR
Anh Quốc | GBR
Ý | ITA
Tây Ban Nha | ESP
Bồ Đào Nha | PRT
Hà Lan | NLD
Bỉ | BEL
Thụy Sĩ | CHE
Thụy Điển | SWE
Na Uy | NOR
Đan Mạch | DNK
Phần Lan | FIN
Ba Lan | POL
Séc | CZE
Cộng hòa Séc | CZE
Áo | AUT | Vietnamese for Austria; must not become Angola (AO)
Hy Lạp | GRC
Úc | AUS
Lào | LAO
Campuchia | KHM
Thái Lan | THA
Ma-lai-xi-a | MYS
In-đô-nê-xi-a | IDN
Phi-líp-pin | PHL
Xin-ga-po | SGP
Bru-nây | BRN
Mi-an-ma | MMR
Đông Timor | TLS
Mông Cổ | MNG
Đài Loan | TWN
Hồng Kông | HKG
Ma Cao | MAC
Ả Rập Xê Út | SAU
Ai Cập | EGY
Nam Phi | ZAF
I-ran | IRN
I-rắc | IRQ
I-xra-en | ISR
Xi-ri | SYR
Cu-ba | CUB
Bra-xin | BRA
Ác-hen-ti-na | ARG
Mê-hi-cô | MEX
Ca-na-đa | CAN
Ô-xtrây-li-a | AUS
Niu Di-lân | NZL
Việt Nam | VNM
Tòa Thánh | VAT
Nhà nước Palestine | PSE
Các Tiểu vương quốc Ả Rập Thống nhất | ARE
Cô-oét | KWT
Ni-giê-ri-a | NGA
Ni-giê | NER
Kê-ni-a | KEN
Ê-ti-ô-pi-a | ETH
Ma-rốc | MAR
An-giê-ri | DZA
Li-bi | LBY
Xu-đăng | SDN
Nam Xu-đăng | SSD
Bê-la-rút | BLR
Ca-dắc-xtan | KAZ
U-dơ-bê-ki-xtan | UZB
Gru-di-a | GEO
Ru-ma-ni | ROU
Bun-ga-ri | BGR
Xéc-bi-a | SRB
Crô-a-ti-a | HRV
Xlô-va-ki-a | SVK
Xlô-ven-ni-a | SVN
Ai-len | IRL
Ai-xơ-len | ISL
Lúc-xăm-bua | LUX
Pa-ki-xtan | PAK
Băng-la-đét | BGD
Xri Lan-ca | LKA
Nê-pan | NPL
Cô-lôm-bi-a | COL
Pê-ru | PER
Chi-lê | CHL
Vê-nê-xu-ê-la | VEN
Xcốt-len | GBR
Xứ Wales | GBR
Bắc Ireland | GBR
Bờ Biển Ngà | CIV
Cộng hòa Dân chủ Congo | COD
Cộng hòa Congo | COG
Thổ Nhĩ Kỳ | TUR
""",
    "zh": """
美国 | USA
中国 | CHN
欧盟 | EUU
英国 | GBR
法国 | FRA
德国 | DEU
日本 | JPN
韩国 | KOR
朝鲜 | PRK
俄罗斯 | RUS
印度 | IND
越南 | VNM
印尼 | IDN
印度尼西亚 | IDN
泰国 | THA
新加坡 | SGP
马来西亚 | MYS
菲律宾 | PHL
澳大利亚 | AUS
澳洲 | AUS
新西兰 | NZL
加拿大 | CAN
巴西 | BRA
墨西哥 | MEX
阿根廷 | ARG
南非 | ZAF
埃及 | EGY
沙特 | SAU
沙特阿拉伯 | SAU
阿联酋 | ARE
伊朗 | IRN
以色列 | ISR
意大利 | ITA
西班牙 | ESP
葡萄牙 | PRT
荷兰 | NLD
比利时 | BEL
瑞士 | CHE
瑞典 | SWE
挪威 | NOR
丹麦 | DNK
芬兰 | FIN
波兰 | POL
乌克兰 | UKR
白俄罗斯 | BLR
哈萨克斯坦 | KAZ
巴基斯坦 | PAK
孟加拉国 | BGD
柬埔寨 | KHM
老挝 | LAO
蒙古 | MNG
香港 | HKG
中国香港 | HKG
澳门 | MAC
中国澳门 | MAC
台湾 | TWN
中国台湾 | TWN
梵蒂冈 | VAT
巴勒斯坦 | PSE
科索沃 | XKX
刚果（金） | COD
刚果（布） | COG
刚果民主共和国 | COD
刚果 | COG
捷克 | CZE
北马其顿 | MKD
奥地利 | AUT
冰岛 | ISL
爱尔兰 | IRL
英格兰 | GBR
苏格兰 | GBR
威尔士 | GBR
北爱尔兰 | GBR
美國 | USA | traditional characters
英國 | GBR | traditional characters
德國 | DEU | traditional characters
法國 | FRA | traditional characters
俄羅斯 | RUS | traditional characters
韓國 | KOR | traditional characters
南韓 | KOR | Taiwan/Hong Kong press
北韓 | PRK | Taiwan/Hong Kong press
歐盟 | EUU | traditional characters
澳門 | MAC | traditional characters
臺灣 | TWN | traditional characters
台灣 | TWN | traditional characters
中华人民共和国 | CHN
美利坚合众国 | USA
大韩民国 | KOR
朝鲜民主主义人民共和国 | PRK
大不列颠及北爱尔兰联合王国 | GBR
俄罗斯联邦 | RUS
欧洲联盟 | EUU
越南社会主义共和国 | VNM
土耳其 | TUR
印度尼西亚共和国 | IDN
""",
    "ja": """
米国 | USA
アメリカ | USA
韓国 | KOR
北朝鮮 | PRK
中国 | CHN
英国 | GBR
イギリス | GBR
フランス | FRA
ドイツ | DEU
ロシア | RUS
インド | IND
ベトナム | VNM
インドネシア | IDN
タイ | THA
フィリピン | PHL
豪州 | AUS
オーストラリア | AUS
オーストリア | AUT
カナダ | CAN
ブラジル | BRA
メキシコ | MEX
欧州連合 | EUU
台湾 | TWN
香港 | HKG
サウジアラビア | SAU
イラン | IRN
イスラエル | ISR
イタリア | ITA
スペイン | ESP
オランダ | NLD
スイス | CHE
スウェーデン | SWE
ウクライナ | UKR
南アフリカ | ZAF
エジプト | EGY
ニュージーランド | NZL
シンガポール | SGP
マレーシア | MYS
ミャンマー | MMR
カンボジア | KHM
ラオス | LAO
モンゴル | MNG
大韓民国 | KOR
朝鮮民主主義人民共和国 | PRK
中華人民共和国 | CHN
日本国 | JPN
ロシア連邦 | RUS
イングランド | GBR
スコットランド | GBR
ウェールズ | GBR
北アイルランド | GBR
コートジボワール | CIV
アイスランド | ISL
アイルランド | IRL
トルコ | TUR
""",
    "ru": """
США | USA
Соединённые Штаты Америки | USA
Соединенные Штаты | USA
Евросоюз | EUU
Европейский союз | EUU
ЕС | EUU
Россия | RUS
Российская Федерация | RUS
Китай | CHN
КНР | CHN
Великобритания | GBR
Британия | GBR
Соединённое Королевство | GBR
Англия | GBR
Шотландия | GBR
Уэльс | GBR
Северная Ирландия | GBR
Германия | DEU
ФРГ | DEU
Франция | FRA
Япония | JPN
Южная Корея | KOR
Республика Корея | KOR
КНДР | PRK
Северная Корея | PRK
Индия | IND
Вьетнам | VNM
Индонезия | IDN
Иран | IRN
Израиль | ISR
Украина | UKR
Белоруссия | BLR
Беларусь | BLR
Казахстан | KAZ
Киргизия | KGZ
Кыргызстан | KGZ
Молдавия | MDA
Молдова | MDA
Грузия | GEO
Армения | ARM
Азербайджан | AZE
Узбекистан | UZB
Таджикистан | TJK
Туркмения | TKM
Эстония | EST
Латвия | LVA
Литва | LTU
Польша | POL
Чехия | CZE
Швейцария | CHE
Швеция | SWE
Норвегия | NOR
Финляндия | FIN
Дания | DNK
Нидерланды | NLD
Голландия | NLD
Бельгия | BEL
Испания | ESP
Португалия | PRT
Италия | ITA
Греция | GRC
Египет | EGY
ЮАР | ZAF
Бразилия | BRA
Аргентина | ARG
Мексика | MEX
Канада | CAN
Куба | CUB
Венесуэла | VEN
Сирия | SYR
Саудовская Аравия | SAU
ОАЭ | ARE
Катар | QAT
Сербия | SRB
Косово | XKX
Ватикан | VAT
Святой Престол | VAT
Палестина | PSE
Тайвань | TWN
Гонконг | HKG
Сянган | HKG
Кот-д’Ивуар | CIV
Демократическая Республика Конго | COD
ДРК | COD
Республика Конго | COG
Конго | COG
Гренландия | GRL
Пуэрто-Рико | PRI
Турция | TUR
""",
    "ar": """
الولايات المتحدة | USA
الولايات المتحدة الأمريكية | USA
أمريكا | USA
الاتحاد الأوروبي | EUU
روسيا | RUS
الصين | CHN
المملكة المتحدة | GBR
بريطانيا | GBR
فرنسا | FRA
ألمانيا | DEU
اليابان | JPN
كوريا الجنوبية | KOR
كوريا الشمالية | PRK
الهند | IND
إيران | IRN
العراق | IRQ
سوريا | SYR
سورية | SYR
مصر | EGY
السعودية | SAU
المملكة العربية السعودية | SAU
الإمارات | ARE
الإمارات العربية المتحدة | ARE
قطر | QAT
الكويت | KWT
البحرين | BHR
سلطنة عمان | OMN
الأردن | JOR
لبنان | LBN
فلسطين | PSE
دولة فلسطين | PSE
إسرائيل | ISR
المغرب | MAR
الجزائر | DZA
تونس | TUN
ليبيا | LBY
السودان | SDN
جنوب السودان | SSD
اليمن | YEM
موريتانيا | MRT
الصومال | SOM
جيبوتي | DJI
جزر القمر | COM
إثيوبيا | ETH
نيجيريا | NGA
النيجر | NER
مالي | MLI
السنغال | SEN
جنوب أفريقيا | ZAF
كندا | CAN
البرازيل | BRA
إسبانيا | ESP
إيطاليا | ITA
باكستان | PAK
أفغانستان | AFG
إندونيسيا | IDN
ماليزيا | MYS
فيتنام | VNM
تايلاند | THA
أستراليا | AUS
النمسا | AUT
هولندا | NLD
بلجيكا | BEL
سويسرا | CHE
السويد | SWE
أوكرانيا | UKR
الكونغو الديمقراطية | COD
الفاتيكان | VAT
الكرسي الرسولي | VAT
ساحل العاج | CIV
كوت ديفوار | CIV
إنجلترا | GBR
اسكتلندا | GBR
ويلز | GBR
أيرلندا الشمالية | GBR
أيرلندا | IRL
آيسلندا | ISL
تركيا | TUR
""",
}

# Must NOT match: regions, organisations other than the EU, cities and geographic features,
# placeholders, dissolved states, sub-national units. ``input | lang [| note]``; expected is "-".
NEGATIVE = """
Africa | en
Asia | en
Europe | en
Western Europe | en
Eastern Europe | en
Latin America | en
Latin America and the Caribbean | en
Middle East | en
Southeast Asia | en
South-East Asia | en
Central Asia | en
North Africa | en
Oceania | en
Caribbean | en
Scandinavia | en
Balkans | en
Pacific Islands | en
Americas | en
North America | en | also a World Bank aggregate
South America | en
Korean Peninsula | en
Indochina | en
Benelux | en
Iberian Peninsula | en
Horn of Africa | en
Sahel | en
Sahara | en
World | en
Global | en
Worldwide | en
International | en
Rest of the world | en
Other countries | en
All countries | en
European Commission | en
European Council | en
European Parliament | en
Council of Europe | en
Interpol | en
INTERPOL | en
Europol | en
UNODC | en
United Nations Office on Drugs and Crime | en
ASEAN | en
United Nations | en
NATO | en
African Union | en
OECD | en
G20 | en
BRICS | en
OSCE | en
Commonwealth | en
League of Arab States | en
Gulf Cooperation Council | en
ECOWAS | en
Mercosur | en
World Bank | en
Shanghai Cooperation Organisation | en
Guatemala City | en
Kuwait City | en
Panama City | en
Mexico City | en
Hanoi | en
Beijing | en
Washington, D.C. | en
London | en
Moscow | en
Jakarta | en
Brussels | en
Geneva | en
Vienna | en
New York | en
Lake Chad | en
Gulf of Guinea | en
South China Sea | en
East China Sea | en
Red Sea | en
Persian Gulf | en
Congo River | en
Amazon | en
Himalayas | en
New Mexico | en | US state
New Jersey | en | US state
New South Wales | en | Australian state
Texas | en
California | en
Bavaria | en
Catalonia | en
Siberia | en
Patagonia | en
Borneo | en | island shared by three countries
New Guinea | en | island shared by two countries
Hispaniola | en | island shared by two countries
Inner Mongolia | en | Chinese region
Québec | fr
Euro area | en | World Bank aggregate
Arab World | en | World Bank aggregate
High income | en | World Bank aggregate
Low income | en | World Bank aggregate
Lower middle income | en | World Bank aggregate
Upper middle income | en | World Bank aggregate
Low & middle income | en | World Bank aggregate
Sub-Saharan Africa | en | World Bank aggregate
Sub-Saharan Africa (excluding high income) | en | World Bank aggregate
East Asia & Pacific | en | World Bank aggregate
Europe & Central Asia | en | World Bank aggregate
Latin America & Caribbean | en | World Bank aggregate
Middle East & North Africa | en | World Bank aggregate
South Asia | en | World Bank aggregate
OECD members | en | World Bank aggregate
Fragile and conflict affected situations | en | World Bank aggregate
Heavily indebted poor countries (HIPC) | en | World Bank aggregate
Least developed countries: UN classification | en | World Bank aggregate
Small states | en | World Bank aggregate
Pacific island small states | en | World Bank aggregate
Caribbean small states | en | World Bank aggregate
IDA only | en | World Bank aggregate
IBRD only | en | World Bank aggregate
Africa Eastern and Southern | en | World Bank aggregate
Africa Western and Central | en | World Bank aggregate
Central Europe and the Baltics | en | World Bank aggregate
Not classified | en | World Bank aggregate
N/A | und | placeholder
n/a | und | placeholder
Total | en | placeholder
TOTAL | en | placeholder
Grand total | en | placeholder
Subtotal | en | placeholder
None | und | placeholder
none | und | placeholder
unknown | en | placeholder
Unknown | en | placeholder
Not specified | en | placeholder
Unspecified | en | placeholder
Stateless | en | placeholder
Other | en | placeholder
Others | en | placeholder
Various | en | placeholder
TBD | en | placeholder
null | und | placeholder
NULL | und | placeholder
nan | und | placeholder
NaN | und | placeholder
#N/A | und | placeholder
- | und | placeholder
-- | und | placeholder
— | und | placeholder
? | und | placeholder
... | und | placeholder
0 | und | placeholder
USSR | en | dissolved state
U.S.S.R. | en | dissolved state
Soviet Union | en | dissolved state
Union of Soviet Socialist Republics | en | dissolved state
Yugoslavia | en | dissolved state
Socialist Federal Republic of Yugoslavia | en | dissolved state
Federal Republic of Yugoslavia | en | dissolved state
Czechoslovakia | en | dissolved state
Czech and Slovak Federal Republic | en | dissolved state
East Germany | en | dissolved state
German Democratic Republic | en | dissolved state
Serbia and Montenegro | en | dissolved state
Netherlands Antilles | en | dissolved territory
Austria-Hungary | en | dissolved state
Ottoman Empire | en | dissolved state
Asia Tenggara | id
Eropa | id
Eropa Barat | id
Afrika | id
Timur Tengah | id
Amerika Latin | id
Uni Soviet | id | dissolved state
Perserikatan Bangsa-Bangsa | id
PBB | id
Komisi Eropa | id
Laut China Selatan | id
Châu Âu | vi
Châu Á | vi
Châu Phi | vi
Đông Nam Á | vi
Trung Đông | vi
Liên Xô | vi | dissolved state
Liên hợp quốc | vi
Biển Đông | vi
Hà Nội | vi
亚洲 | zh
欧洲 | zh
非洲 | zh
东南亚 | zh
中东 | zh
联合国 | zh
东盟 | zh
苏联 | zh | dissolved state
南斯拉夫 | zh | dissolved state
南海 | zh
北京 | zh
拉丁美洲 | zh
アジア | ja
ヨーロッパ | ja
欧州 | ja
アフリカ | ja
東南アジア | ja
中東 | ja
国連 | ja
ソ連 | ja | dissolved state
東京 | ja
Европа | ru
Азия | ru
Африка | ru
Ближний Восток | ru
Юго-Восточная Азия | ru
ООН | ru
НАТО | ru
СССР | ru | dissolved state
Советский Союз | ru | dissolved state
Югославия | ru | dissolved state
Чехословакия | ru | dissolved state
ГДР | ru | dissolved state
Москва | ru
أوروبا | ar
آسيا | ar
أفريقيا | ar
الشرق الأوسط | ar
الأمم المتحدة | ar
جامعة الدول العربية | ar
الاتحاد السوفيتي | ar | dissolved state
Europa | es
África | es
América Latina | es
Latinoamérica | es
Oriente Medio | es
Naciones Unidas | es
ONU | es
OTAN | es
Unión Soviética | es | dissolved state
Ciudad de Guatemala | es
Ciudad de México | es
Ciudad de Panamá | es
Sudeste Asiático | es
Europa Occidental | es
Afrique | fr
Europe de l'Ouest | fr
Asie du Sud-Est | fr
Moyen-Orient | fr
Nations unies | fr
Commission européenne | fr
Union soviétique | fr | dissolved state
URSS | fr | dissolved state
Tchécoslovaquie | fr | dissolved state
Yougoslavie | fr | dissolved state
Golfe de Guinée | fr
Lac Tchad | fr
Westeuropa | de
Südostasien | de
Naher Osten | de
Vereinte Nationen | de
Europäische Kommission | de
Sowjetunion | de | dissolved state
DDR | de | dissolved state
Jugoslawien | de | dissolved state
Tschechoslowakei | de | dissolved state
Bayern | de
Österreich-Ungarn | de | dissolved state
Oriente Médio | pt
Nações Unidas | pt
União Soviética | pt | dissolved state
América do Sul | pt
"""

# Genuinely ambiguous: the normaliser must say "ambiguous" (expected ``?A B``).
AMBIGUOUS = """
Korea | ?KOR PRK | en
Corée | ?KOR PRK | fr
Corea | ?KOR PRK | es
Coreia | ?KOR PRK | pt
Корея | ?KOR PRK | ru
كوريا | ?KOR PRK | ar
Virgin Islands | ?VGB VIR | en
Virgin Is. | ?VGB VIR | en
Islas Vírgenes | ?VGB VIR | es
Îles Vierges | ?VGB VIR | fr
Jungferninseln | ?VGB VIR | de
Ilhas Virgens | ?VGB VIR | pt
Kepulauan Virgin | ?VGB VIR | id
"""

# Near-collisions: names that differ by a word or a few letters from another country's.
COLLISION = """
Niger | NER | en
Nigeria | NGA | en
Republic of Niger | NER | en
Niger Republic | NER | en
Nigéria | NGA | fr
Níger | NER | es
Nigéria | NGA | pt
Dominica | DMA | en
Dominican Republic | DOM | en
Dominique | DMA | fr
République dominicaine | DOM | fr
Dominicana | DOM | es
Guinea | GIN | en
Guinea-Bissau | GNB | en
Equatorial Guinea | GNQ | en
Papua New Guinea | PNG | en
Guinea Conakry | GIN | en
Guinée-Conakry | GIN | fr
Guinée Bissau | GNB | fr
Guinea Ecuatorial | GNQ | es
Papúa Nueva Guinea | PNG | es
Congo | COG | en
Republic of the Congo | COG | en
Democratic Republic of the Congo | COD | en
Democratic Republic of Congo | COD | en
DR of the Congo | COD | en
Congo, the Democratic Republic of | COD | en
Republic of Korea | KOR | en
Korea, Republic | KOR | en
Democratic People's Republic of Korea | PRK | en
Democratic Peoples Republic of Korea | PRK | en
South Korea | KOR | en
North Korea | PRK | en
Sudan | SDN | en
South Sudan | SSD | en
The Sudan | SDN | en
Sudan, South | SSD | en
Samoa | WSM | en
American Samoa | ASM | en
Samoa, American | ASM | en
Samoa américaines | ASM | fr
Austria | AUT | en
Australia | AUS | en
Autriche | AUT | fr
Australie | AUS | fr
Slovakia | SVK | en
Slovenia | SVN | en
Slovaquie | SVK | fr
Slovénie | SVN | fr
Eslovaquia | SVK | es
Eslovenia | SVN | es
Gambia | GMB | en
Zambia | ZMB | en
Mali | MLI | en
Malawi | MWI | en
Maldives | MDV | en
Malta | MLT | en
Iceland | ISL | en
Ireland | IRL | en
Northern Ireland | GBR | en
Mauritania | MRT | en
Mauritius | MUS | en
Iran | IRN | en
Iraq | IRQ | en
India | IND | en
Indonesia | IDN | en
Libya | LBY | en
Liberia | LBR | en
Latvia | LVA | en
Lithuania | LTU | en
Paraguay | PRY | en
Uruguay | URY | en
Bahamas | BHS | en
Bahrain | BHR | en
Sweden | SWE | en
Switzerland | CHE | en
Guyana | GUY | en
French Guiana | GUF | en
Guyane | GUF | fr
Macedonia | MKD | en
North Macedonia | MKD | en
Georgia | GEO | en
South Georgia | SGS | en
Jersey | JEY | en
Guernsey | GGY | en
China | CHN | en
Republic of China | TWN | en
People's Republic of China | CHN | en
Taiwan, Republic of China | TWN | en
Hong Kong | HKG | en
Hong Kong, China | HKG | en
Macao | MAC | en
Macau, China | MAC | en
Timor-Leste | TLS | en
Timor Leste | TLS | en
Virgin Islands, British | VGB | en
British Virgin Islands | VGB | en
Virgin Islands, US | VIR | en
United States Virgin Islands | VIR | en
Saint Martin (French part) | MAF | en
Sint Maarten (Dutch part) | SXM | en
Saint Kitts and Nevis | KNA | en
Saint Vincent and the Grenadines | VCT | en
Saint Lucia | LCA | en
Saint Helena | SHN | en
Saint Pierre and Miquelon | SPM | en
Saint Barthélemy | BLM | en
Oman | OMN | en
Romania | ROU | en
Armenia | ARM | en
Albania | ALB | en
Chad | TCD | en
Lake Chad | - | en
Guinea | GIN | en
Gulf of Guinea | - | en
Kuwait | KWT | en
Kuwait City | - | en
Guatemala | GTM | en
Guatemala City | - | en
Mexico | MEX | en
New Mexico | - | en
Wales | GBR | en
New South Wales | - | en
Congo River | - | en
Niger Delta | - | en
Korean Peninsula | - | en
Dominica | DMA | en
Cuba | CUB | en
Aruba | ABW | en
Iceland | ISL | en
Greenland | GRL | en
Yemen | YEM | en
Austria-Hungary | - | en
Serbia | SRB | en
Montenegro | MNE | en
Serbia and Montenegro | - | en
Germany | DEU | en
East Germany | - | en
Congo-Brazzaville | COG | en
Congo-Kinshasa | COD | en
Island | ISL | de
Irland | IRL | de
Nordirland | GBR | de
Österreich | AUT | de
Australien | AUS | de
Slowakei | SVK | de
Slowenien | SVN | de
Sambia | ZMB | de
Gambia | GMB | de
Irlanda | IRL | es
Irlanda del Norte | GBR | es
Islandia | ISL | es
Islandia | ISL | id
Irlandia | IRL | id
Irlandia Utara | GBR | id
Nigeria | NGA | id
Niger | NER | id
Korea Selatan | KOR | id
Korea Utara | PRK | id
Sudan Selatan | SSD | id
尼日尔 | NER | zh
尼日利亚 | NGA | zh
几内亚 | GIN | zh
几内亚比绍 | GNB | zh
赤道几内亚 | GNQ | zh
巴布亚新几内亚 | PNG | zh
苏丹 | SDN | zh
南苏丹 | SSD | zh
萨摩亚 | WSM | zh
美属萨摩亚 | ASM | zh
冈比亚 | GMB | zh
赞比亚 | ZMB | zh
马里 | MLI | zh
马拉维 | MWI | zh
多米尼克 | DMA | zh
多米尼加 | DOM | zh
斯洛伐克 | SVK | zh
斯洛文尼亚 | SVN | zh
ニジェール | NER | ja
ナイジェリア | NGA | ja
ギニア | GIN | ja
ギニアビサウ | GNB | ja
赤道ギニア | GNQ | ja
パプアニューギニア | PNG | ja
コンゴ民主共和国 | COD | ja
コンゴ共和国 | COG | ja
スーダン | SDN | ja
南スーダン | SSD | ja
スロバキア | SVK | ja
スロベニア | SVN | ja
ガンビア | GMB | ja
ザンビア | ZMB | ja
マリ | MLI | ja
マラウイ | MWI | ja
ドミニカ国 | DMA | ja
ドミニカ共和国 | DOM | ja
サモア | WSM | ja
米領サモア | ASM | ja
Нигер | NER | ru
Нигерия | NGA | ru
Гвинея | GIN | ru
Гвинея-Бисау | GNB | ru
Экваториальная Гвинея | GNQ | ru
Папуа — Новая Гвинея | PNG | ru
Судан | SDN | ru
Южный Судан | SSD | ru
Исландия | ISL | ru
Ирландия | IRL | ru
Австрия | AUT | ru
Австралия | AUS | ru
Словакия | SVK | ru
Словения | SVN | ru
Гамбия | GMB | ru
Замбия | ZMB | ru
Мали | MLI | ru
Малави | MWI | ru
Доминика | DMA | ru
Доминиканская Республика | DOM | ru
Самоа | WSM | ru
Американское Самоа | ASM | ru
Irã | IRN | pt
Iraque | IRQ | pt
Guiné | GIN | pt
Guiné-Bissau | GNB | pt
"""

# Codes: ISO alpha-2 / alpha-3 in upper case, ISO numeric with and without zero padding, and
# lower-case strings that are words, which must not be read as codes. ``input | expected [| note]``
CODES = """
US | USA
GB | GBR
DE | DEU
FR | FRA
CN | CHN
JP | JPN
KR | KOR
KP | PRK
RU | RUS
IN | IND
ID | IDN
VN | VNM
HK | HKG
TW | TWN
MO | MAC
XK | XKX | user-assigned code widely used for Kosovo
EU | EUU | exceptionally reserved ISO code
NA | NAM | Namibia's alpha-2, not a missing-value marker
CD | COD
CG | COG
NE | NER
NG | NGA
GN | GIN
GW | GNB
GQ | GNQ
PG | PNG
SS | SSD
SD | SDN
AT | AUT
AU | AUS
SK | SVK
SI | SVN
GM | GMB
ZM | ZMB
ML | MLI
MW | MWI
IS | ISL
IE | IRL
DM | DMA
DO | DOM
WS | WSM
AS | ASM
PS | PSE
VA | VAT
CI | CIV
MK | MKD
CZ | CZE
TR | TUR
SZ | SWZ
CV | CPV
TL | TLS
MM | MMR
PR | PRI
GL | GRL
AO | AGO
CH | CHE
BR | BRA
MX | MEX
ZA | ZAF
AE | ARE
SA | SAU
IR | IRN
IQ | IRQ
IL | ISR
UA | UKR
BY | BLR
GE | GEO
SG | SGP
PH | PHL
TH | THA
MY | MYS
KH | KHM
LA | LAO
NZ | NZL
CA | CAN
AR | ARG
CL | CHL
CO | COL
PE | PER
VE | VEN
EG | EGY
MA | MAR
DZ | DZA
KE | KEN
ET | ETH
NGA | NGA
NER | NER
COD | COD
COG | COG
KOR | KOR
PRK | PRK
USA | USA
GBR | GBR
CHN | CHN
RUS | RUS
XKX | XKX
EUU | EUU
VNM | VNM
IDN | IDN
HKG | HKG
TWN | TWN
MAC | MAC
PSE | PSE
SWZ | SWZ
ROU | ROU
DEU | DEU
FRA | FRA
JPN | JPN
IND | IND
AUT | AUT
AUS | AUS
SVK | SVK
SVN | SVN
GMB | GMB
ZMB | ZMB
MLI | MLI
MWI | MWI
ISL | ISL
IRL | IRL
DMA | DMA
DOM | DOM
WSM | WSM
ASM | ASM
GIN | GIN
GNB | GNB
GNQ | GNQ
PNG | PNG
SDN | SDN
SSD | SSD
CIV | CIV
MKD | MKD
CZE | CZE
TUR | TUR
CPV | CPV
TLS | TLS
MMR | MMR
NAM | NAM
AGO | AGO
CHE | CHE
ARE | ARE
SAU | SAU
IRN | IRN
IRQ | IRQ
BRA | BRA
MEX | MEX
ZAF | ZAF
PRI | PRI
GRL | GRL
VAT | VAT
LAO | LAO
KHM | KHM
004 | AFG
4 | AFG
840 | USA
826 | GBR
156 | CHN
643 | RUS
410 | KOR
408 | PRK
704 | VNM
360 | IDN
276 | DEU
250 | FRA
392 | JPN
344 | HKG
158 | TWN
446 | MAC
566 | NGA
562 | NER
180 | COD
178 | COG
32 | ARG
032 | ARG
8 | ALB
008 | ALB
20 | AND
020 | AND
36 | AUS
036 | AUS
40 | AUT
040 | AUT
56 | BEL
76 | BRA
124 | CAN
275 | PSE
336 | VAT
729 | SDN
728 | SSD
748 | SWZ
807 | MKD
203 | CZE
792 | TUR
784 | ARE
682 | SAU
710 | ZAF
356 | IND
12 | DZA
012 | DZA
24 | AGO
024 | AGO
31 | AZE
44 | BHS
48 | BHR
50 | BGD
051 | ARM
064 | BTN
068 | BOL
630 | PRI
304 | GRL
418 | LAO
116 | KHM
XX | - | not assigned
ZZ | - | CLDR "unknown region"
AA | - | user-assigned
QO | - | CLDR "Outlying Oceania"
EZ | - | CLDR "Eurozone"
UN | - | CLDR "United Nations"
SU | - | reserved (former USSR)
YU | - | reserved (former Yugoslavia)
XYZ | - | not assigned
EUR | - | currency code
ANT | - | former Netherlands Antilles
SCG | - | former Serbia and Montenegro
YUG | - | former Yugoslavia
SUN | - | former USSR
CSK | - | former Czechoslovakia
001 | - | M49 World, not an ISO 3166 country code
002 | - | M49 Africa
150 | - | M49 Europe
419 | - | M49 Latin America and the Caribbean
999 | - | not assigned
000 | - | not assigned
"""

# Lower-case strings that are ordinary words in some language and also ISO codes in upper case.
WORD_TRAPS = """
and | en | AND is Andorra
the | en
can | en | CAN is Canada
are | en | ARE is the United Arab Emirates
per | en | PER is Peru
pan | en | PAN is Panama
nor | en | NOR is Norway
arm | en | ARM is Armenia
cub | en | CUB is Cuba
in | en | IN is India
is | en | IS is Iceland
it | en | IT is Italy
no | en | NO is Norway
to | en | TO is Tonga
at | en | AT is Austria
me | en | ME is Montenegro
by | en | BY is Belarus
fin | fr | FIN is Finland
sur | fr | SUR is Suriname
ton | fr | TON is Tonga
bel | fr | BEL is Belgium
col | fr | COL is Colombia
mar | es | MAR is Morocco
tun | de | TUN is Tunisia
"""

# Noise on top of clean names. Each group is a hand-picked list of bases and one transformation.
NOISE_UPPER = [
    ("France", "FRA"), ("Germany", "DEU"), ("Republic of Korea", "KOR"), ("Viet Nam", "VNM"),
    ("Côte d'Ivoire", "CIV"), ("United States of America", "USA"),
    ("Bosnia and Herzegovina", "BIH"),
    ("Democratic Republic of the Congo", "COD"), ("Türkiye", "TUR"), ("South Africa", "ZAF"),
    ("Netherlands (Kingdom of the)", "NLD"), ("Lao People's Democratic Republic", "LAO"),
    ("Saudi Arabia", "SAU"), ("New Zealand", "NZL"), ("Papua New Guinea", "PNG"),
    ("Guinea-Bissau", "GNB"), ("Iran (Islamic Republic of)", "IRN"), ("Timor-Leste", "TLS"),
    ("Sao Tome and Principe", "STP"), ("Holy See", "VAT"), ("European Union", "EUU"),
    ("Kosovo", "XKX"), ("Hong Kong", "HKG"), ("Trung Quốc", "CHN"), ("Tiongkok", "CHN"),
    ("Amerika Serikat", "USA"), ("Allemagne", "DEU"), ("Estados Unidos", "USA"),
    ("Südkorea", "KOR"), ("Niger", "NER"), ("Nigeria", "NGA"), ("Dominica", "DMA"),
    ("Sudan", "SDN"), ("South Sudan", "SSD"), ("Uni Eropa", "EUU"), ("Hàn Quốc", "KOR"),
    ("Россия", "RUS"), ("Korea Selatan", "KOR"), ("Austria", "AUT"), ("Australia", "AUS"),
]
NOISE_LOWER = [
    ("Japan", "JPN"), ("Brazil", "BRA"), ("United Kingdom of Great Britain and Northern Ireland",
    "GBR"), ("Russian Federation", "RUS"), ("Republic of Moldova", "MDA"), ("Viet Nam", "VNM"),
    ("Central African Republic", "CAF"), ("Equatorial Guinea", "GNQ"), ("Slovakia", "SVK"),
    ("Slovenia", "SVN"), ("Iceland", "ISL"), ("Ireland", "IRL"), ("Gambia", "GMB"),
    ("Zambia", "ZMB"), ("Mali", "MLI"), ("Malawi", "MWI"), ("Dominican Republic", "DOM"),
    ("Samoa", "WSM"), ("American Samoa", "ASM"), ("State of Palestine", "PSE"),
    ("Syrian Arab Republic", "SYR"), ("United Republic of Tanzania", "TZA"), ("Eswatini", "SWZ"),
    ("Cabo Verde", "CPV"), ("Korea, Rep.", "KOR"), ("Congo, Dem. Rep.", "COD"),
    ("Hong Kong SAR, China", "HKG"), ("Liên minh châu Âu", "EUU"), ("Amerika Serikat", "USA"),
    ("Inggris", "GBR"), ("Tiongkok", "CHN"), ("Korsel", "KOR"), ("Elfenbeinküste", "CIV"),
    ("Puerto Rico", "PRI"), ("Greenland", "GRL"), ("Myanmar", "MMR"), ("Türkiye", "TUR"),
    ("Czechia", "CZE"), ("North Macedonia", "MKD"), ("Saint Lucia", "LCA"),
]
NOISE_SPACES = [
    ("  Japan  ", "JPN", "leading/trailing spaces"),
    (" France", "FRA", "leading space"),
    ("Canada ", "CAN", "trailing space"),
    ("\tCanada", "CAN", "leading tab"),
    ("Chile\t", "CHL", "trailing tab"),
    ("United  Kingdom", "GBR", "doubled space"),
    ("Bosnia and  Herzegovina", "BIH", "doubled space"),
    ("Republic  of  Korea", "KOR", "doubled spaces"),
    ("Sri  Lanka", "LKA", "doubled space"),
    ("Viet  Nam", "VNM", "doubled space"),
    ("Trung  Quốc", "CHN", "doubled space"),
    ("Amerika  Serikat", "USA", "doubled space"),
    ("South\u00a0Africa", "ZAF", "non-breaking space"),
    ("New\u00a0Zealand", "NZL", "non-breaking space"),
    ("Sri\u00a0Lanka", "LKA", "non-breaking space"),
    ("Costa\u00a0Rica", "CRI", "non-breaking space"),
    ("United\u00a0States\u00a0of\u00a0America", "USA", "non-breaking spaces"),
    ("Saudi\u00a0Arabia", "SAU", "non-breaking space"),
    ("Uni\u00a0Eropa", "EUU", "non-breaking space"),
    ("Hoa\u00a0Kỳ", "USA", "non-breaking space"),
    ("Viet\u202fNam", "VNM", "narrow no-break space"),
    ("\u00a0Germany\u00a0", "DEU", "non-breaking spaces around"),
    ("\u200bFrance", "FRA", "zero-width space"),
    ("Kenya\u200b", "KEN", "zero-width space"),
    ("韓国\u3000", "KOR", "ideographic space"),
    ("\u3000中国", "CHN", "ideographic space"),
    ("Dominican Republic ", "DOM", "trailing space"),
    (" Niger ", "NER", "spaces around"),
    ("Guinea - Bissau", "GNB", "spaced hyphen"),
    ("Timor - Leste", "TLS", "spaced hyphen"),
    ("El Salvador\n", "SLV", "trailing newline"),
    ("Marshall\nIslands", "MHL", "embedded newline"),
]
NOISE_DIACRITICS = """
Cote dIvoire | CIV | apostrophe dropped too
Sao Tome & Principe | STP
Reunion | REU
Aland Islands | ALA
Saint Barthelemy | BLM
Republique de Coree | KOR
Republique democratique du Congo | COD
Republique populaire democratique de Coree | PRK
Emirats arabes unis | ARE
Federation de Russie | RUS
Bresil | BRA
Perou | PER
Equateur | ECU
Egypte | EGY
Algerie | DZA
Bolivie (Etat plurinational de) | BOL
Iran (Republique islamique d') | IRN
Etats-Unis d'Amerique | USA
Royaume-Uni de Grande-Bretagne et d'Irlande du Nord | GBR
Republique-Unie de Tanzanie | TZA
Ethiopie | ETH
Belgica | BEL
Sudafrica | ZAF
Union Europea | EUU
Espana | ESP
Kazajistan | KAZ
Japao | JPN
Uniao Europeia | EUU
Franca | FRA
Africa do Sul | ZAF
Mocambique | MOZ
Guine-Bissau | GNB
Sao Tome e Principe | STP
Suica | CHE
Sudkorea | KOR
Suedkorea | KOR
Osterreich | AUT
Oesterreich | AUT
Turkei | TUR
Tuerkei | TUR
Agypten | EGY
Grossbritannien | GBR
Weissrussland | BLR
Elfenbeinkuste | CIV
Vereinigtes Konigreich | GBR
Europaische Union | EUU
Trung Quoc | CHN
Han Quoc | KOR
Trieu Tien | PRK
Hoa Ky | USA
Lien minh chau Au | EUU
Nhat Ban | JPN
Thai Lan | THA
An Do | IND
Ha Lan | NLD
Tay Ban Nha | ESP
Bo Dao Nha | PRT
Thuy Si | CHE
Thuy Dien | SWE
Dan Mach | DNK
Phan Lan | FIN
Dai Loan | TWN
Ai Cap | EGY
Turkiye | TUR
Curacao | CUW
"""
NOISE_APOSTROPHES = """
Côte d’Ivoire | CIV
Cote d’Ivoire | CIV
Côte d‘Ivoire | CIV
Cote d`Ivoire | CIV
Côte dʼIvoire | CIV
Côte d´Ivoire | CIV
Lao People’s Democratic Republic | LAO
Democratic People’s Republic of Korea | PRK
Korea, Democratic People’s Republic of | PRK
Korea, Dem. People’s Rep. | PRK
People’s Republic of China | CHN
Iran (République islamique d’) | IRN
Royaume-Uni de Grande-Bretagne et d’Irlande du Nord | GBR
États-Unis d’Amérique | USA
"""
NOISE_THE = """
the Netherlands | NLD
The Netherlands | NLD
The Gambia | GMB
the Gambia | GMB
The Bahamas | BHS
the Philippines | PHL
The Philippines | PHL
the United States | USA
The United States of America | USA
the United Kingdom | GBR
The Comoros | COM
the Maldives | MDV
The Seychelles | SYC
the Czech Republic | CZE
the Republic of Korea | KOR
The Democratic Republic of the Congo | COD
the Congo | COG
the Holy See | VAT
The Russian Federation | RUS
the European Union | EUU
the Dominican Republic | DOM
the Central African Republic | CAF
the Marshall Islands | MHL
the Solomon Islands | SLB
the United Arab Emirates | ARE
the Niger | NER
The Lao People's Democratic Republic | LAO
THE NETHERLANDS | NLD
"""
NOISE_AMPERSAND = """
Bosnia & Herzegovina | BIH
Antigua & Barbuda | ATG
St. Kitts & Nevis | KNA
Saint Kitts & Nevis | KNA
St. Vincent & the Grenadines | VCT
Saint Vincent & Grenadines | VCT
Turks & Caicos Islands | TCA
Heard & McDonald Islands | HMD
Wallis & Futuna | WLF
St. Pierre & Miquelon | SPM
Svalbard & Jan Mayen | SJM
South Georgia & South Sandwich Islands | SGS
Saint Helena, Ascension & Tristan da Cunha | SHN
Bonaire, Sint Eustatius & Saba | BES
Trinidad & Tobago | TTO
Serbia & Montenegro | - | dissolved state
Antigua and Barbuda | ATG
"""
NOISE_SAINT = """
St Kitts and Nevis | KNA
St. Vincent and the Grenadines | VCT
St Vincent & the Grenadines | VCT
St. Helena | SHN
St Helena | SHN
St. Barthélemy | BLM
St. Pierre and Miquelon | SPM
St Pierre and Miquelon | SPM
Ste-Lucie | LCA | French abbreviation
Sainte Lucie | LCA
St-Kitts-et-Nevis | KNA
St-Vincent-et-les-Grenadines | VCT
Saint-Vincent-et-les-Grenadines | VCT
San Vicente y las Granadinas | VCT
San Cristóbal y Nieves | KNA
Santa Lucía | LCA
Saint Kitts-Nevis | KNA
"""
NOISE_FOOTNOTES = """
France 1 | FRA | UNTC footnote marker
Belgium* | BEL
Germany² | DEU
Denmark 3, 4 | DNK
Denmark3 | DNK
China 4 | CHN
China5,6 | CHN
Netherlands (Kingdom of the)5 | NLD
Portugal 7 | PRT
Finland* | FIN
Spain** | ESP
Norway¹ | NOR
Italy³ | ITA
Sweden 2 | SWE
Ireland 8 | IRL
Cyprus 9 | CYP
Greece 10 | GRC
New Zealand 11 | NZL
Serbia 12 | SRB
United Kingdom of Great Britain and Northern Ireland 13 | GBR
Republic of Moldova 14 | MDA
Ukraine 15, 16 | UKR
European Union 2 | EUU
Côte d'Ivoire 3 | CIV
Georgia 4 | GEO
Azerbaijan 17 | AZE
Armenia 18 | ARM
Türkiye 19 | TUR
Austria* | AUT
Australia† | AUS
Niger 2 | NER
Nigeria 2 | NGA
Republic of Korea 6 | KOR
Democratic People's Republic of Korea 7 | PRK
Viet Nam* | VNM
Qatar 1 | QAT
Mauritius¹ | MUS
Dominica 3 | DMA
Sudan 5 | SDN
Samoa 2 | WSM
"""
NOISE_ANNOTATIONS = """
Canada (signed) | CAN
Norway (ratified) | NOR
Japan (acceptance) | JPN
Qatar (ratification) | QAT
Viet Nam (ratified) | VNM
Algeria (signature) | DZA
European Union (approval) | EUU
Mauritius (signed 19 Nov 2025) | MUS
Azerbaijan (ratification pending) | AZE
Canada [signed] | CAN
Uruguay (signatory) | URY
France (signed, not ratified) | FRA
Niger (signed) | NER
Nigeria (signed) | NGA
Republic of Korea (signed) | KOR
Dominica (accession) | DMA
Türkiye (signed) | TUR
Sweden (EU member) | SWE
China (signed) | CHN
Ghana (ratified) | GHA
"""
NOISE_PUNCT = """
Korea Rep | KOR
Korea Rep. | KOR
Congo Dem Rep | COD
Congo, Dem Rep | COD
Congo Rep | COG
Iran Islamic Rep | IRN
Egypt Arab Rep | EGY
Yemen Rep | YEM
Micronesia Fed Sts | FSM
Venezuela RB | VEN
Hong Kong SAR China | HKG
Lao P.D.R | LAO
Iran (Islamic Rep. of) | IRN
Venezuela (Bolivarian Rep. of) | VEN
Micronesia (Fed. States of) | FSM
Netherlands (Kingdom of) | NLD
Korea (Rep. of) | KOR
Korea (Dem. People's Rep. of) | PRK
Congo (Dem. Rep. of the) | COD
Tanzania (United Rep. of) | TZA
Moldova (Rep. of) | MDA
Bosnia-Herzegovina | BIH
Guinea–Bissau | GNB | en dash
Timor‐Leste | TLS | Unicode hyphen
Antigua-Barbuda | ATG
Srilanka | LKA
Costarica | CRI
Newzealand | NZL
Hongkong | HKG
Burkina-Faso | BFA
Saudi-Arabia | SAU
U.S | USA
U.S.A | USA
U. S. A. | USA
U.K | GBR
ＵＳＡ | USA | full-width letters
ＥＵ | EUU | full-width letters
Bolivia (Plurinational State Of) | BOL
Iran, Islamic Republic Of | IRN
"""
TYPOS = """
Argentna | ARG
Brazill | BRA
Kazakstan | KAZ
Phillipines | PHL
Philipines | PHL
Phillippines | PHL
Venezula | VEN
Venezeula | VEN
Kyrgystan | KGZ
Uzbekstan | UZB
Tajikstan | TJK
Lichtenstein | LIE
Portgual | PRT
Marocco | MAR
Ethopia | ETH
Ethiopa | ETH
Zimbawe | ZWE
Zimbabwee | ZWE
Camaroon | CMR
Madagascr | MDG
Malaysa | MYS
Indonasia | IDN
Indoneisa | IDN
Thiland | THA
Bangaldesh | BGD
Pakistn | PAK
Guatamala | GTM
Hondurus | HND
Urugay | URY
Paraguy | PRY
Boliva | BOL
Jamacia | JAM
Jamica | JAM
Lebannon | LBN
Isreal | ISR
Jordon | JOR
Quatar | QAT
Kuwiat | KWT
Ukriane | UKR
Belgum | BEL
Netherland | NLD
Denmrk | DNK
Swizerland | CHE
Norwey | NOR
Polland | POL
Hungery | HUN
Romainia | ROU
Croata | HRV
Albnia | ALB
Grece | GRC
Botswanna | BWA
Angloa | AGO
Ghanna | GHA
Senegall | SEN
Mauritus | MUS
Egpyt | EGY
Djbouti | DJI
Eritria | ERI
New Zeland | NZL
Untied States | USA
United Sates | USA
Untied Kingdom | GBR
Germnay | DEU
Frnace | FRA
Itlay | ITA
Inida | IND
Mexcio | MEX
Chilie | CHL
Afganistan | AFG
Afghanstan | AFG
Azerbaidjan | AZE
Azerbijan | AZE
Tunesia | TUN
Moldovia | MDA
Estnia | EST
Austrailia | AUS
Mozambiqe | MOZ
Tanzinia | TZA
Burkino Faso | BFA
Seirra Leone | SLE
Maldivs | MDV
Myanmer | MMR
Singapor | SGP
Kazahkstan | KAZ
Turkmenstan | TKM
Saudia Arabia | SAU
United Arab Emirate | ARE
Barbadoes | BRB
Trinadad and Tobago | TTO
Dominican Repulic | DOM
El Salvadore | SLV
Argentinia | ARG
Chille | CHL
Belise | BLZ
Nicaragau | NIC
Luxemborg | LUX
Lithuana | LTU
Montenegr | MNE
Cambodiaa | KHM
Mongolai | MNG
Kenyaa | KEN
Seychells | SYC
Surinam | SUR
Gautemala | GTM
"""


# ---------------------------------------------------------------------------------------------
# Assembly


def lang_block(kind: str, text: str) -> list[Row]:
    """Parse ``input | expected | lang [| note]`` lines."""
    rows = []
    for raw in text.strip().splitlines():
        parts = [p.strip() for p in raw.split("|")]
        rows.append(Row(parts[0], parts[1], kind, parts[2], parts[3] if len(parts) > 3 else ""))
    return rows


def negative_rows() -> list[Row]:
    rows = []
    for raw in NEGATIVE.strip().splitlines():
        parts = [p.strip() for p in raw.split("|")]
        rows.append(Row(parts[0], "-", "negative", parts[1], parts[2] if len(parts) > 2 else ""))
    for raw in WORD_TRAPS.strip().splitlines():
        parts = [p.strip() for p in raw.split("|")]
        note = "lower-case word, not a code" + (f"; {parts[2]}" if len(parts) > 2 else "")
        rows.append(Row(parts[0], "-", "code", parts[1], note))
    return rows


def noise_rows() -> list[Row]:
    rows = [Row(s.upper(), c, "noise", "mul", "upper case") for s, c in NOISE_UPPER]
    rows += [Row(s.lower(), c, "noise", "mul", "lower case") for s, c in NOISE_LOWER]
    rows += [Row(s, c, "noise", "mul", note) for s, c, note in NOISE_SPACES]
    for text, note in (
        (NOISE_DIACRITICS, "diacritics stripped"),
        (NOISE_APOSTROPHES, "apostrophe variant"),
        (NOISE_THE, "article"),
        (NOISE_AMPERSAND, "ampersand"),
        (NOISE_SAINT, "Saint/St. variant"),
        (NOISE_FOOTNOTES, "footnote marker"),
        (NOISE_ANNOTATIONS, "annotation"),
        (NOISE_PUNCT, "punctuation/abbreviation"),
        (TYPOS, "single typo"),
    ):
        for row in block("noise", "mul", text, note):
            rows.append(Row(row.input, row.expected, row.kind, row.lang, row.note or note))
    return rows


def hand_rows() -> list[Row]:
    rows = member_rows()
    rows += block("untc_en", "en", UNTC_EN_EXTRA)
    rows += lang_block("former", FORMER)
    rows += block("iso_inverted", "en", ISO_INVERTED)
    rows += block("iso_official", "en", ISO_OFFICIAL)
    rows += block("worldbank", "en", WORLDBANK)
    for lang, text in NEWS.items():
        rows += block("news", lang, text)
    rows += lang_block("ambiguous", AMBIGUOUS)
    rows += lang_block("collision", COLLISION)
    rows += block("code", "und", CODES)
    rows += negative_rows()
    rows += noise_rows()
    return rows


def generated_rows(existing: set[str]) -> list[Row]:
    """CLDR names (via Babel) and pycountry names: a minority of the set, marked ``generated``."""
    import babel
    import pycountry

    out: list[Row] = []
    rng = random.Random(SEED)
    a2_to_a3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    a2_to_a3.update({"EU": "EUU", "XK": "XKX"})
    note = f"generated: CLDR via Babel {babel.__version__}"
    for lang in CLDR_LANGS:
        territories = babel.Locale.parse(lang).territories
        codes = sorted(k for k in territories if k in a2_to_a3 and k not in ("EU", "XK"))
        picked = ["EU", "XK"] + rng.sample(codes, CLDR_PER_LANG)
        for code in picked:
            out.append(Row(territories[code], a2_to_a3[code], "cldr", lang, note))
    note = f"generated: pycountry {pycountry.__version__}"
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        kind = "iso_inverted" if ("," in c.name or "(" in c.name) else "iso_official"
        out.append(Row(c.name, c.alpha_3, kind, "en", note))
        official = getattr(c, "official_name", None)
        if official:
            out.append(Row(official, c.alpha_3, "iso_official", "en", note))
    return [r for r in out if r.input not in existing]


def dedupe(rows: list[Row]) -> list[Row]:
    seen: dict[str, Row] = {}
    for r in rows:
        if r.input in seen:
            if seen[r.input].expected != r.expected:
                raise ValueError(f"{r.input!r}: {seen[r.input].expected} vs {r.expected}")
            continue
        seen[r.input] = r
    return list(seen.values())


def fold(text: str) -> str:
    """Accent-, quote- and space-insensitive (but case-sensitive) key for conflict checks."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for ch in "’‘`´ʼ":
        text = text.replace(ch, "'")
    return " ".join(text.replace("\u200b", "").split())


def osa(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def check(rows: list[Row]) -> None:
    import pycountry

    valid = {c.alpha_3 for c in pycountry.countries} | BEYOND_ISO
    for r in rows:
        assert r.kind in KINDS, r
        assert r.input and r.lang and r.expected, r
        if r.expected == "-":
            continue
        codes = r.expected[1:].split() if r.expected.startswith("?") else [r.expected]
        assert all(c in valid for c in codes), r
        if r.expected.startswith("?"):
            assert len(codes) >= 2 and r.kind == "ambiguous", r
    # the same folded spelling must not mean two different things
    by_key: dict[str, Row] = {}
    for r in rows:
        other = by_key.setdefault(fold(r.input), r)
        if other.expected != r.expected:
            raise ValueError(f"conflict: {other} vs {r}")
    # typos: one country within reach, every other country far away
    pool: dict[str, set[str]] = {}
    for r in rows:
        if r.kind in ("untc_en", "iso_official", "iso_inverted") and not r.expected.startswith("?"):
            pool.setdefault(r.input.casefold(), set()).add(r.expected)
    for r in rows:
        if r.note != "single typo":
            continue
        text = r.input.casefold()
        best: dict[str, int] = {}
        for name, codes in pool.items():
            d = osa(text, name)
            for c in codes:
                best[c] = min(best.get(c, 99), d)
        ranked = sorted(best.items(), key=lambda kv: kv[1])
        (c1, d1), (_, d2) = ranked[0], ranked[1]
        assert c1 == r.expected and d1 <= 2 and d2 >= d1 + 2, (r.input, ranked[:3])


def m49_crosscheck(rows: list[Row], reference: Path) -> None:
    """UN M49 names must carry the same alpha-3 as our rows with the same spelling."""
    path = reference / "m49_regions.csv"
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        m49 = {rec["name"]: rec["alpha-3"] for rec in csv.DictReader(fh)}
    for r in rows:
        if r.input in m49 and m49[r.input] != r.expected:
            raise ValueError(f"M49 disagrees: {r} vs {m49[r.input]}")


def participant_rows(rows: list[Row], reference: Path) -> list[dict[str, str]]:
    sources: dict[str, set[str]] = {}
    hanoi = reference / "hanoi_convention_status.csv"
    with hanoi.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            if rec["participant_untc"].strip():
                sources.setdefault(rec["participant_untc"], set()).add(hanoi.name)
    for path in sorted((reference / "treaty_participants").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                if rec["participant"].strip():
                    sources.setdefault(rec["participant"], set()).add(path.name)
    lookup = {r.input: r.expected for r in rows}
    out = []
    for name in sorted(sources):
        if name not in lookup:
            raise KeyError(f"participant {name!r} has no row in the evaluation set")
        out.append({
            "name": name,
            "source_file": ";".join(sorted(sources[name])),
            "expected": lookup[name],
        })
    return out


def write_csv(path: Path, fieldnames: list[str], records: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames, quoting=csv.QUOTE_ALL,
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="folder with hanoi_convention_status.csv and treaty_participants/")
    parser.add_argument("--out", type=Path, default=HERE, help="output folder")
    args = parser.parse_args(argv)

    hand = dedupe(hand_rows())
    generated = dedupe(generated_rows({r.input for r in hand}))
    rows = hand + generated
    check(rows)
    share = len(generated) / len(rows)
    if share > MAX_GENERATED_SHARE:
        raise SystemExit(f"generated share {share:.1%} exceeds {MAX_GENERATED_SHARE:.0%}")
    have_reference = (args.reference / "hanoi_convention_status.csv").exists()
    if have_reference:
        m49_crosscheck(rows, args.reference)
        participants = participant_rows(rows, args.reference)
    write_csv(args.out / "eval.csv", ["input", "expected", "kind", "lang", "note"],
              [r.__dict__ for r in rows])
    print(f"eval.csv: {len(rows)} rows ({len(hand)} hand-written, {len(generated)} generated "
          f"= {share:.1%})")
    if have_reference:
        write_csv(args.out / "participants.csv", ["name", "source_file", "expected"],
                  participants)
        print(f"participants.csv: {len(participants)} names")
    else:
        print(f"no reference folder at {args.reference}: participants.csv left as it is")
    return 0


if __name__ == "__main__":
    sys.exit(main())
