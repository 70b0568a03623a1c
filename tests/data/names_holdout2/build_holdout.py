"""Builds holdout.csv from hand-written lists below (written from the author's own
knowledge, without looking at the normaliser's tables or the other evaluation set).
Run:  python tests/data/names_holdout2/build_holdout.py
The normaliser is NOT imported here."""
import csv, random, sys, unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _iso import ROWS, A2, NUM, NAME, CODES  # noqa: E402

rows, seen = [], {}


def add(inp, exp, kind, lang, note=""):
    if inp in seen:
        prev = seen[inp]
        if prev != exp:
            raise SystemExit(f"CONFLICT {inp!r}: {prev} vs {exp}")
        return
    for c in (exp[1:].split() if exp.startswith("?") else ([] if exp == "-" else [exp])):
        if c not in CODES:
            raise SystemExit(f"bad code {c} for {inp!r}")
    seen[inp] = exp
    rows.append((inp, exp, kind, lang, note))


def block(kind, lang, text):
    """lines: 'input = CODE' or 'input = CODE # note'; '-' / '?A B' allowed as CODE."""
    for line in text.strip("\n").splitlines():
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        note = ""
        if " # " in line:
            line, note = line.split(" # ", 1)
        inp, exp = line.rsplit(" = ", 1)
        add(inp.strip(), exp.strip(), kind, lang, note.strip())


rng = random.Random(20260301)

# ---------------------------------------------------------------- UNTC English
UNTC_EN = """Afghanistan=AFG|Albania=ALB|Algeria=DZA|Andorra=AND|Angola=AGO|Antigua and Barbuda=ATG|Argentina=ARG|Armenia=ARM|Australia=AUS|Austria=AUT|Azerbaijan=AZE|Bahamas=BHS|Bahrain=BHR|Bangladesh=BGD|Barbados=BRB|Belarus=BLR|Belgium=BEL|Belize=BLZ|Benin=BEN|Bhutan=BTN|Bolivia (Plurinational State of)=BOL|Bosnia and Herzegovina=BIH|Botswana=BWA|Brazil=BRA|Brunei Darussalam=BRN|Bulgaria=BGR|Burkina Faso=BFA|Burundi=BDI|Cabo Verde=CPV|Cambodia=KHM|Cameroon=CMR|Canada=CAN|Central African Republic=CAF|Chad=TCD|Chile=CHL|China=CHN|Colombia=COL|Comoros=COM|Congo=COG|Cook Islands=COK|Costa Rica=CRI|Côte d'Ivoire=CIV|Croatia=HRV|Cuba=CUB|Cyprus=CYP|Czechia=CZE|Democratic People's Republic of Korea=PRK|Democratic Republic of the Congo=COD|Denmark=DNK|Djibouti=DJI|Dominica=DMA|Dominican Republic=DOM|Ecuador=ECU|Egypt=EGY|El Salvador=SLV|Equatorial Guinea=GNQ|Eritrea=ERI|Estonia=EST|Eswatini=SWZ|Ethiopia=ETH|European Union=EUU|Fiji=FJI|Finland=FIN|France=FRA|Gabon=GAB|Gambia=GMB|Georgia=GEO|Germany=DEU|Ghana=GHA|Greece=GRC|Grenada=GRD|Guatemala=GTM|Guinea=GIN|Guinea-Bissau=GNB|Guyana=GUY|Haiti=HTI|Holy See=VAT|Honduras=HND|Hungary=HUN|Iceland=ISL|India=IND|Indonesia=IDN|Iran (Islamic Republic of)=IRN|Iraq=IRQ|Ireland=IRL|Israel=ISR|Italy=ITA|Jamaica=JAM|Japan=JPN|Jordan=JOR|Kazakhstan=KAZ|Kenya=KEN|Kiribati=KIR|Kuwait=KWT|Kyrgyzstan=KGZ|Lao People's Democratic Republic=LAO|Latvia=LVA|Lebanon=LBN|Lesotho=LSO|Liberia=LBR|Libya=LBY|Liechtenstein=LIE|Lithuania=LTU|Luxembourg=LUX|Madagascar=MDG|Malawi=MWI|Malaysia=MYS|Maldives=MDV|Mali=MLI|Malta=MLT|Marshall Islands=MHL|Mauritania=MRT|Mauritius=MUS|Mexico=MEX|Micronesia (Federated States of)=FSM|Monaco=MCO|Mongolia=MNG|Montenegro=MNE|Morocco=MAR|Mozambique=MOZ|Myanmar=MMR|Namibia=NAM|Nauru=NRU|Nepal=NPL|Netherlands (Kingdom of the)=NLD|New Zealand=NZL|Nicaragua=NIC|Niger=NER|Nigeria=NGA|Niue=NIU|North Macedonia=MKD|Norway=NOR|Oman=OMN|Pakistan=PAK|Palau=PLW|Panama=PAN|Papua New Guinea=PNG|Paraguay=PRY|Peru=PER|Philippines=PHL|Poland=POL|Portugal=PRT|Qatar=QAT|Republic of Korea=KOR|Republic of Moldova=MDA|Romania=ROU|Russian Federation=RUS|Rwanda=RWA|Saint Kitts and Nevis=KNA|Saint Lucia=LCA|Saint Vincent and the Grenadines=VCT|Samoa=WSM|San Marino=SMR|Sao Tome and Principe=STP|Saudi Arabia=SAU|Senegal=SEN|Serbia=SRB|Seychelles=SYC|Sierra Leone=SLE|Singapore=SGP|Slovakia=SVK|Slovenia=SVN|Solomon Islands=SLB|Somalia=SOM|South Africa=ZAF|South Sudan=SSD|Spain=ESP|Sri Lanka=LKA|State of Palestine=PSE|Sudan=SDN|Suriname=SUR|Sweden=SWE|Switzerland=CHE|Syrian Arab Republic=SYR|Tajikistan=TJK|Thailand=THA|Timor-Leste=TLS|Togo=TGO|Tonga=TON|Trinidad and Tobago=TTO|Tunisia=TUN|Türkiye=TUR|Turkmenistan=TKM|Tuvalu=TUV|Uganda=UGA|Ukraine=UKR|United Arab Emirates=ARE|United Kingdom of Great Britain and Northern Ireland=GBR|United Republic of Tanzania=TZA|United States of America=USA|Uruguay=URY|Uzbekistan=UZB|Vanuatu=VUT|Venezuela (Bolivarian Republic of)=VEN|Viet Nam=VNM|Yemen=YEM|Zambia=ZMB|Zimbabwe=ZWE"""
MARKS = ["", "", "", "", " 1", " 2", " 3", " 4, 5", " 6", " 7", "*", "¹", "²", "³", "⁴", " (signed)", " (ratified 2026)"]
for item in UNTC_EN.split("|"):
    name, code = item.split("=")
    add(name + rng.choice(MARKS), code, "untc_en", "en")
# a second, always-marked copy for a third of them (footnotes are the point of this kind)
items = UNTC_EN.split("|")
for item in rng.sample(items, 70):
    name, code = item.split("=")
    add(name + rng.choice(MARKS[4:]), code, "untc_en", "en")
block("untc_en", "en", """
France 1, 2 = FRA
Belgium* = BEL
Denmark 3 = DNK
China 4 = CHN
Netherlands (Kingdom of the) 5, 6 = NLD
United Kingdom of Great Britain and Northern Ireland 7, 8 = GBR
Niger 2 = NER
Nigeria* = NGA
Guinea 3 = GIN
Dominica¹ = DMA
Congo 4 = COG
Sudan (signed) = SDN
Samoa (ratified 2026) = WSM
Holy See (signed) = VAT
State of Palestine 9 = PSE
Türkiye 10 = TUR
Côte d’Ivoire = CIV # curly apostrophe as in UNTC HTML
Côte d'Ivoire 3 = CIV
Iran (Islamic Republic of) 11 = IRN
Micronesia (Federated States of)² = FSM
European Union 12 = EUU
Cook Islands 13 = COK
Niue 13 = NIU
New Zealand 13 = NZL
Kosovo = XKX # not a UNTC participant name, but appears in some treaty lists
""")

# ---------------------------------------------------------------- UNTC French
block("untc_fr", "fr", """
Pays-Bas (Royaume des) = NLD
Pays-Bas (Royaume des) 1 = NLD
Fédération de Russie = RUS
Fédération de Russie 2 = RUS
Iran (République islamique d') = IRN
Iran (République islamique d’) = IRN
Bolivie (État plurinational de) = BOL
Venezuela (République bolivarienne du) = VEN
Micronésie (États fédérés de) = FSM
République de Corée = KOR
République populaire démocratique de Corée = PRK
République démocratique populaire lao = LAO
République-Unie de Tanzanie = TZA
République de Moldova = MDA
République arabe syrienne = SYR
Royaume-Uni de Grande-Bretagne et d'Irlande du Nord = GBR
Royaume-Uni de Grande-Bretagne et d'Irlande du Nord 3 = GBR
États-Unis d'Amérique = USA
Saint-Siège = VAT
État de Palestine = PSE
Macédoine du Nord = MKD
Tchéquie = CZE
Türkiye 4 = TUR
Côte d'Ivoire 5 = CIV
Émirats arabes unis = ARE
Guinée équatoriale = GNQ
Guinée = GIN
Guinée-Bissau = GNB
Papouasie-Nouvelle-Guinée = PNG
Saint-Vincent-et-les Grenadines = VCT
Saint-Kitts-et-Nevis = KNA
Sainte-Lucie = LCA
Sao Tomé-et-Principe = STP
Brunéi Darussalam = BRN
Îles Cook = COK
Nioué = NIU
Îles Marshall = MHL
Îles Salomon = SLB
Union européenne 6 = EUU
France 1 = FRA
Allemagne 2 = DEU
Belgique* = BEL
Danemark 3 = DNK
Chine 4 = CHN
Niger¹ = NER
Nigéria = NGA
Soudan = SDN
Soudan du Sud = SSD
Congo 7 = COG
République démocratique du Congo = COD
Afrique du Sud = ZAF
Autriche = AUT
Australie = AUS
Slovaquie = SVK
Slovénie = SVN
Islande = ISL
Irlande = IRL
Gambie = GMB
Zambie = ZMB
Mali = MLI
Malawi = MWI
Dominique = DMA
République dominicaine = DOM
Samoa 2 = WSM
Tuvalu 3 = TUV
Nauru* = NRU
Palaos = PLW
Saint-Marin = SMR
Andorre = AND
Comores = COM
Eswatini 1 = SWZ
Bhoutan = BTN
Kiribati 2 = KIR
Vanuatu* = VUT
Timor-Leste 4 = TLS
Cabo Verde 3 = CPV
Viet Nam 5 = VNM
Suisse = CHE
Suède = SWE
Norvège = NOR
Finlande = FIN
Grèce = GRC
Pologne = POL
Hongrie = HUN
Roumanie = ROU
Bulgarie = BGR
Japon = JPN
Inde = IND
Indonésie = IDN
Mexique = MEX
Brésil = BRA
Égypte = EGY
Arabie saoudite = SAU
Fidji = FJI
Nouvelle-Zélande = NZL
Kirghizistan = KGZ
Ouzbékistan = UZB
Tadjikistan = TJK
Azerbaïdjan = AZE
Bosnie-Herzégovine = BIH
Monténégro = MNE
Éthiopie = ETH
Érythrée = ERI
Cameroun = CMR
Tchad = TCD
Maurice = MUS
Mauritanie = MRT
Koweït = KWT
Bahreïn = BHR
Équateur = ECU
Haïti = HTI
Jamaïque = JAM
Malte = MLT
Lettonie = LVA
Lituanie = LTU
Estonie = EST
Liban = LBN
Jordanie = JOR
Guyana = GUY
""")

# ---------------------------------------------------------------- near-collisions
block("collision", "en", """
Niger = NER
Nigeria = NGA
Republic of Niger = NER
Federal Republic of Nigeria = NGA
Dominica = DMA
Dominican Republic = DOM
Commonwealth of Dominica = DMA
Guinea = GIN
Republic of Guinea = GIN
Guinea-Bissau = GNB
Republic of Guinea-Bissau = GNB
Equatorial Guinea = GNQ
Republic of Equatorial Guinea = GNQ
Papua New Guinea = PNG
Congo = COG
Democratic Republic of the Congo = COD
Democratic Republic of Congo = COD
Republic of Congo = COG
Korea, Democratic People's Rep. = PRK
Republic of Korea = KOR
Democratic People's Republic of Korea = PRK
Korea Republic = KOR
Sudan = SDN
South Sudan = SSD
Samoa = WSM
American Samoa = ASM
Austria = AUT
Australia = AUS
Slovakia = SVK
Slovenia = SVN
Gambia = GMB
The Gambia = GMB
Republic of The Gambia = GMB
Zambia = ZMB
Republic of Zambia = ZMB
Mali = MLI
Republic of Mali = MLI
Malawi = MWI
Republic of Malawi = MWI
Iceland = ISL
Ireland = IRL
Guyana = GUY
French Guiana = GUF
Ghana = GHA
Iran = IRN
Iraq = IRQ
Sweden = SWE
Switzerland = CHE
Swaziland = SWZ
Mauritania = MRT
Mauritius = MUS
Latvia = LVA
Lithuania = LTU
Georgia = GEO # the country (not the US state) in a country list
South Georgia and the South Sandwich Islands = SGS
Saint Martin (French part) = MAF
Sint Maarten (Dutch part) = SXM
Tonga = TON
Togo = TGO
Bahrain = BHR
Bahamas = BHS
Libya = LBY
Liberia = LBR
India = IND
Indonesia = IDN
Ireland (Republic of) = IRL
Northern Ireland = GBR
Netherlands = NLD
Aruba = ABW
South Africa = ZAF
Central African Republic = CAF
Oman = OMN
Armenia = ARM
Albania = ALB
""")
block("collision", "fr", """
Niger = NER
Nigeria = NGA
Nigéria = NGA
République du Niger = NER
République fédérale du Nigéria = NGA
Dominique = DMA
République dominicaine = DOM
Guinée = GIN
Guinée-Bissau = GNB
Guinée équatoriale = GNQ
Congo = COG
République démocratique du Congo = COD
République du Congo = COG
Corée du Sud = KOR
Corée du Nord = PRK
Soudan = SDN
Soudan du Sud = SSD
Samoa = WSM
Samoa américaines = ASM
Autriche = AUT
Australie = AUS
Slovaquie = SVK
Slovénie = SVN
Gambie = GMB
Zambie = ZMB
Mali = MLI
Malawi = MWI
Islande = ISL
Irlande = IRL
Guyane = GUF
Guyana = GUY
Suède = SWE
Suisse = CHE
Mauritanie = MRT
Maurice = MUS
""")
block("collision", "es", """
Níger = NER
Nigeria = NGA
Dominica = DMA
República Dominicana = DOM
Guinea = GIN
Guinea-Bisáu = GNB
Guinea Ecuatorial = GNQ
Papúa Nueva Guinea = PNG
Congo = COG
República Democrática del Congo = COD
Corea del Sur = KOR
Corea del Norte = PRK
Sudán = SDN
Sudán del Sur = SSD
Samoa = WSM
Samoa Americana = ASM
Austria = AUT
Australia = AUS
Eslovaquia = SVK
Eslovenia = SVN
Gambia = GMB
Zambia = ZMB
Malí = MLI
Malaui = MWI
Islandia = ISL
Irlanda = IRL
Suiza = CHE
Suecia = SWE
Mauritania = MRT
Mauricio = MUS
""")
block("collision", "pt", """
Níger = NER
Nigéria = NGA
República Dominicana = DOM
Guiné = GIN
Guiné-Bissau = GNB
Guiné Equatorial = GNQ
Sudão = SDN
Sudão do Sul = SSD
Áustria = AUT
Austrália = AUS
Eslováquia = SVK
Eslovênia = SVN
Zâmbia = ZMB
Gâmbia = GMB
Malawi = MWI
Islândia = ISL
Irlanda = IRL
Suíça = CHE
Suécia = SWE
Guiana = GUY # Portuguese for Guyana
Guiana Francesa = GUF
""")
block("collision", "de", """
Niger = NER
Nigeria = NGA
Dominica = DMA
Dominikanische Republik = DOM
Guinea = GIN
Guinea-Bissau = GNB
Äquatorialguinea = GNQ
Papua-Neuguinea = PNG
Republik Kongo = COG
Demokratische Republik Kongo = COD
Südkorea = KOR
Nordkorea = PRK
Sudan = SDN
Südsudan = SSD
Samoa = WSM
Amerikanisch-Samoa = ASM
Österreich = AUT
Australien = AUS
Slowakei = SVK
Slowenien = SVN
Gambia = GMB
Sambia = ZMB
Mali = MLI
Malawi = MWI
Island = ISL # German for Iceland
Irland = IRL
Schweiz = CHE
Schweden = SWE
""")
block("collision", "ru", """
Нигер = NER
Нигерия = NGA
Доминика = DMA
Доминиканская Республика = DOM
Гвинея = GIN
Гвинея-Бисау = GNB
Экваториальная Гвинея = GNQ
Папуа — Новая Гвинея = PNG
Конго = COG
Демократическая Республика Конго = COD
Республика Корея = KOR
КНДР = PRK
Судан = SDN
Южный Судан = SSD
Самоа = WSM
Американское Самоа = ASM
Австрия = AUT
Австралия = AUS
Словакия = SVK
Словения = SVN
Гамбия = GMB
Замбия = ZMB
Мали = MLI
Малави = MWI
Исландия = ISL
Ирландия = IRL
Мавритания = MRT
Маврикий = MUS
""")
block("collision", "ar", """
النيجر = NER
نيجيريا = NGA
دومينيكا = DMA
الجمهورية الدومينيكية = DOM
غينيا = GIN
غينيا - بيساو = GNB
غينيا الاستوائية = GNQ
الكونغو = COG
جمهورية الكونغو الديمقراطية = COD
جمهورية كوريا = KOR
جمهورية كوريا الشعبية الديمقراطية = PRK
كوريا الجنوبية = KOR
كوريا الشمالية = PRK
السودان = SDN
جنوب السودان = SSD
ساموا = WSM
ساموا الأمريكية = ASM
النمسا = AUT
أستراليا = AUS
سلوفاكيا = SVK
سلوفينيا = SVN
غامبيا = GMB
زامبيا = ZMB
مالي = MLI
ملاوي = MWI
آيسلندا = ISL
أيرلندا = IRL
سويسرا = CHE
السويد = SWE
""")
block("collision", "zh", """
尼日尔 = NER
尼日利亚 = NGA
多米尼克 = DMA
多米尼加共和国 = DOM
几内亚 = GIN
几内亚比绍 = GNB
赤道几内亚 = GNQ
刚果 = COG
刚果共和国 = COG
刚果民主共和国 = COD
刚果（布） = COG # Chinese everyday: Congo (Brazzaville)
刚果（金） = COD # Chinese everyday: Congo (Kinshasa)
大韩民国 = KOR
韩国 = KOR
朝鲜民主主义人民共和国 = PRK
朝鲜 = PRK # PRC usage for the DPRK
苏丹 = SDN
南苏丹 = SSD
萨摩亚 = WSM
美属萨摩亚 = ASM
奥地利 = AUT
澳大利亚 = AUS
斯洛伐克 = SVK
斯洛文尼亚 = SVN
冈比亚 = GMB
赞比亚 = ZMB
马里 = MLI
马拉维 = MWI
冰岛 = ISL
爱尔兰 = IRL
""")
block("collision", "ja", """
ニジェール = NER
ナイジェリア = NGA
ドミニカ国 = DMA
ドミニカ共和国 = DOM
ギニア = GIN
ギニアビサウ = GNB
赤道ギニア = GNQ
コンゴ共和国 = COG
コンゴ民主共和国 = COD
スーダン = SDN
南スーダン = SSD
サモア = WSM
米領サモア = ASM
オーストリア = AUT
オーストラリア = AUS
スロバキア = SVK
スロベニア = SVN
ガンビア = GMB
ザンビア = ZMB
マリ = MLI
マラウイ = MWI
アイスランド = ISL
アイルランド = IRL
""")
block("collision", "id", """
Niger = NER
Nigeria = NGA
Guinea = GIN
Guinea-Bissau = GNB
Austria = AUT
Australia = AUS
Slowakia = SVK
Slovenia = SVN
Islandia = ISL
Irlandia = IRL
Gambia = GMB
Zambia = ZMB
""")
block("collision", "vi", """
Áo = AUT # Vietnamese: Austria
Úc = AUS # Vietnamese: Australia
Ni-giê = NER
Ni-giê-ri-a = NGA
Sudan = SDN
Thụy Sĩ = CHE
Thụy Điển = SWE
Ai-len = IRL
Dominica = DMA
Cộng hòa Dominica = DOM
""")

# ---------------------------------------------------------------- inversions
block("inverted", "en", """
Korea, Republic of = KOR
Korea, Democratic People's Republic of = PRK
Congo, Democratic Republic of the = COD
Congo, The Democratic Republic of the = COD
Iran, Islamic Republic of = IRN
Tanzania, United Republic of = TZA
Moldova, Republic of = MDA
Micronesia, Federated States of = FSM
Bolivia, Plurinational State of = BOL
Venezuela, Bolivarian Republic of = VEN
Palestine, State of = PSE
Taiwan, Province of China = TWN # ISO 3166-1 name
Virgin Islands, British = VGB
Virgin Islands, U.S. = VIR
Macedonia, the former Yugoslav Republic of = MKD
Sudan (the) = SDN
Niger (the) = NER
Gambia (the) = GMB
Bahamas (the) = BHS
Netherlands (the) = NLD
Philippines (the) = PHL
Comoros (the) = COM
Congo (the) = COG
Congo (the Democratic Republic of the) = COD
Dominican Republic (the) = DOM
Central African Republic (the) = CAF
Korea (the Republic of) = KOR
Korea (the Democratic People's Republic of) = PRK
Lao People's Democratic Republic (the) = LAO
Marshall Islands (the) = MHL
Russian Federation (the) = RUS
United Arab Emirates (the) = ARE
United Kingdom of Great Britain and Northern Ireland (the) = GBR
United States of America (the) = USA
Cayman Islands (the) = CYM
Cook Islands (the) = COK
Faroe Islands (the) = FRO
Falkland Islands (the) [Malvinas] = FLK
Northern Mariana Islands (the) = MNP
Turks and Caicos Islands (the) = TCA
Moldova (the Republic of) = MDA
Tanzania, the United Republic of = TZA
Taiwan (Province of China) = TWN
Virgin Islands (British) = VGB
Virgin Islands (U.S.) = VIR
United States Minor Outlying Islands (the) = UMI
French Southern Territories (the) = ATF
British Indian Ocean Territory (the) = IOT
Holy See (the) = VAT
Cocos (Keeling) Islands (the) = CCK
Congo, Dem. Rep. = COD
Congo, Rep. = COG
Korea, Rep. = KOR
Korea, Dem. People's Rep. = PRK
Egypt, Arab Rep. = EGY
Iran, Islamic Rep. = IRN
Yemen, Rep. = YEM
Venezuela, RB = VEN
Gambia, The = GMB
Bahamas, The = BHS
Micronesia, Fed. Sts. = FSM
Hong Kong SAR, China = HKG
Macao SAR, China = MAC
Lao PDR = LAO
Kyrgyz Republic = KGZ
Slovak Republic = SVK
St. Martin (French part) = MAF
West Bank and Gaza = PSE # World Bank economy name, WB code PSE; mildly debatable
China, P.R.: Mainland = CHN
China, P.R.: Hong Kong = HKG
China, P.R.: Macao = MAC
Taiwan Province of China = TWN
Türkiye, Rep. of = TUR
Netherlands, The = NLD
Afghanistan, Islamic Rep. of = AFG
Bahrain, Kingdom of = BHR
Andorra, Principality of = AND
Armenia, Rep. of = ARM
Azerbaijan, Rep. of = AZE
Kosovo, Rep. of = XKX
Serbia, Rep. of = SRB
Poland, Rep. of = POL
Croatia, Rep. of = HRV
Estonia, Rep. of = EST
Mozambique, Rep. of = MOZ
Sint Maarten, Kingdom of the Netherlands = SXM
Aruba, Kingdom of the Netherlands = ABW
Curaçao, Kingdom of the Netherlands = CUW
Timor-Leste, Dem. Rep. of = TLS
São Tomé and Príncipe, Dem. Rep. of = STP
Congo, Dem. Rep. of the = COD
Congo, Rep. of = COG
Yemen, Rep. of = YEM
Venezuela, Rep. Bolivariana de = VEN
Micronesia, Fed. States of = FSM
Marshall Islands, Rep. of the = MHL
Eswatini, Kingdom of = SWZ
Lesotho, Kingdom of = LSO
Tanzania, United Rep. of = TZA
Mauritania, Islamic Rep. of = MRT
Comoros, Union of the = COM
Ethiopia, The Federal Dem. Rep. of = ETH
Nauru, Rep. of = NRU
Palau, Rep. of = PLW
Fiji, Rep. of = FJI
San Marino, Rep. of = SMR
Egypt, Arab Rep. of = EGY
Lao People's Dem. Rep. = LAO
Dominican Rep. = DOM
Central African Rep. = CAF
Czech Rep. = CZE
Slovak Rep. = SVK
Korea, South = KOR
Korea, North = PRK
Korea (South) = KOR
Korea (North) = PRK
Congo (Kinshasa) = COD
Congo (Brazzaville) = COG
Saint Helena, Ascension and Tristan da Cunha = SHN
Bonaire, Sint Eustatius and Saba = BES
Holy See (Vatican City State) = VAT
Samoa, American = ASM
Guinea, Equatorial = GNQ
Sudan, South = SSD
Macedonia, North = MKD
""")
block("inverted", "fr", """
Corée, République de = KOR
Corée, République populaire démocratique de = PRK
Congo, République démocratique du = COD
Iran, République islamique d' = IRN
Tanzanie, République-Unie de = TZA
Bolivie, État plurinational de = BOL
Micronésie, États fédérés de = FSM
Soudan (le) = SDN
""")
block("inverted", "es", """
Corea (la República de) = KOR
Corea (la República Popular Democrática de) = PRK
Congo (la República Democrática del) = COD
Países Bajos (los) = NLD
Estados Unidos (los) = USA
""")

# ---------------------------------------------------------------- codes
for a2 in """FR DE CN JP KR KP NE NG CD CG GN GW GQ PG SD SS WS AU SK SI GM ZM ML MW IE HK TW PS VA SZ TL MK CZ TR RU US GB VN BR ZA MX CH SE DK FI NZ BT MV BN KI VU VC LI SM AD KM LS TV NR PW FM DM DO""".split():
    add(a2, A2[a2], "code", "und")
block("code", "und", """
UK = GBR # exceptionally reserved ISO code for the United Kingdom
EU = EUU # exceptionally reserved ISO code for the European Union
XK = XKX # user-assigned code in common use (EU, World Bank)
""")
for a3 in """FRA DEU CHN JPN KOR PRK NER NGA COD COG GIN GNB GNQ PNG SDN SSD WSM ASM AUT AUS SVK SVN GMB ZMB MLI MWI ISL IRL HKG MAC TWN PSE VAT SWZ TLS MKD CZE TUR RUS USA GBR VNM ROU CHE DMA DOM TUV NRU PLW SMR LIE BES SXM CUW ESH UMI ALA IOT""".split():
    add(a3, a3, "code", "und")
block("code", "und", """
EUU = EUU
XKX = XKX
AND = AND # upper-case alpha-3 of Andorra (also an English word)
CAN = CAN # upper-case alpha-3 of Canada
PER = PER # upper-case alpha-3 of Peru
""")
for n in """004 008 012 020 036 040 056 076 124 156 158 178 180 250 276 344 356 392 408 410 446 562 566 643 704 710 728 729 756 792 826 840 882 016 798 674 438 748 626 275 212 214 104 020""".split():
    add(n, NUM[n], "code", "und")
block("code", "und", """
999 = - # not an assigned ISO numeric code
000 = -
XXX = - # ICAO 'unspecified nationality', not a country
ZZ = - # user-assigned 'unknown'
deu = - # lower-case alpha-3: spec accepts alpha-3 in upper case only
chn = - # lower-case alpha-3: spec accepts alpha-3 in upper case only
fra = - # lower-case alpha-3: spec accepts alpha-3 in upper case only
and = - # English word, lower case
can = - # English word
per = - # English/Latin word
arm = - # English word
fin = - # English word
pan = - # English word
ton = - # English word
gin = - # English word
ben = - # English word / name
cub = - # English word
mar = - # Spanish 'sea'
col = - # Spanish 'cabbage'
dom = - # word
it = - # English word
in = - # English word
is = - # English word
no = - # English word
to = - # English word
be = - # English word
me = - # English word
at = - # English word
am = - # English word
so = - # English word
by = - # English word
my = - # English word
de = - # French/Spanish/German word
es = - # Spanish word
la = - # article
us = - # English pronoun (lower case)
""")

# ---------------------------------------------------------------- ISO / official / common names (English)
ISO_NOTES = {"ATA": "ISO 3166-1 lists it; debatable as a 'country'",
             "FSM": "bare 'Micronesia' = FSM in country lists; also a region name (mildly debatable)"}
PRIORITY = set()
for a2, a3, n, name in ROWS:
    if name not in seen:
        PRIORITY.add(len(rows))
    add(name, a3, "iso_name", "en", ISO_NOTES.get(a3, ""))
block("iso_name", "en", """
Åland Islands = ALA
Curaçao = CUW
Réunion = REU
Saint Barthélemy = BLM
São Tomé and Príncipe = STP
Côte d'Ivoire = CIV
Falkland Islands (Malvinas) = FLK
Pitcairn Islands = PCN
Caribbean Netherlands = BES
US Virgin Islands = VIR
U.S. Virgin Islands = VIR
United States Virgin Islands = VIR
British Virgin Islands = VGB
Sint Maarten = SXM
Saint Martin (French part) = MAF
Sint Maarten (Dutch part) = SXM
Hong Kong, China = HKG
Hong Kong Special Administrative Region of China = HKG
Hong Kong Special Administrative Region of the People's Republic of China = HKG
Macau = MAC
Macao Special Administrative Region of China = MAC
Chinese Taipei = TWN # Olympic / APEC usage
United States = USA
USA = USA
U.S.A. = USA
U.S. = USA
Britain = GBR
Great Britain = GBR
U.K. = GBR
United Kingdom = GBR
Holland = NLD # colloquial; commonly used for the Netherlands
Ivory Coast = CIV
Cape Verde = CPV
East Timor = TLS
Vatican = VAT
Vatican City = VAT
Vatican City State = VAT
South Korea = KOR
North Korea = PRK
DPRK = PRK
PRC = CHN
ROK = KOR # Republic of Korea abbreviation
UAE = ARE
DRC = COD
DR Congo = COD
D.R. Congo = COD
Congo-Kinshasa = COD
Congo-Brazzaville = COG
Republic of the Congo = COG
Congo Republic = COG
Russia = RUS
Syria = SYR
Laos = LAO
Vietnam = VNM
Brunei = BRN
Czechia = CZE
Palestine = PSE
Occupied Palestinian Territory = PSE # UN OCHA usage; mildly debatable
Bahamas = BHS
The Bahamas = BHS
Eswatini = SWZ
Myanmar = MMR
Moldova = MDA
Tanzania = TZA
Bolivia = BOL
Venezuela = VEN
Iran = IRN
Greenland = GRL
Guinea-Conakry = GIN
French Republic = FRA
Federal Republic of Germany = DEU
Kingdom of Spain = ESP
Italian Republic = ITA
Portuguese Republic = PRT
Kingdom of the Netherlands = NLD
Kingdom of Belgium = BEL
Swiss Confederation = CHE
Republic of Austria = AUT
Commonwealth of Australia = AUS
Republic of Ireland = IRL
Hellenic Republic = GRC
Republic of Türkiye = TUR
Republic of Turkey = TUR
People's Republic of China = CHN
Socialist Republic of Viet Nam = VNM
Socialist Republic of Vietnam = VNM
Kingdom of Thailand = THA
Republic of the Union of Myanmar = MMR
Kingdom of Cambodia = KHM
Republic of Indonesia = IDN
Republic of the Philippines = PHL
Republic of Singapore = SGP
Nation of Brunei, the Abode of Peace = BRN
Democratic Republic of Timor-Leste = TLS
Independent State of Papua New Guinea = PNG
Republic of Fiji = FJI
Kingdom of Tonga = TON
Independent State of Samoa = WSM
Republic of Vanuatu = VUT
Republic of Kiribati = KIR
Republic of Nauru = NRU
Republic of Palau = PLW
Republic of the Marshall Islands = MHL
Kingdom of Bhutan = BTN
Federal Democratic Republic of Nepal = NPL
Republic of Maldives = MDV
Democratic Socialist Republic of Sri Lanka = LKA
People's Republic of Bangladesh = BGD
Islamic Republic of Pakistan = PAK
Republic of India = IND
Islamic Republic of Iran = IRN
Republic of Iraq = IRQ
Kingdom of Saudi Arabia = SAU
Hashemite Kingdom of Jordan = JOR
Lebanese Republic = LBN
State of Israel = ISR
State of Kuwait = KWT
State of Qatar = QAT
Kingdom of Bahrain = BHR
Sultanate of Oman = OMN
Republic of Yemen = YEM
Arab Republic of Egypt = EGY
State of Libya = LBY
Republic of Tunisia = TUN
People's Democratic Republic of Algeria = DZA
Kingdom of Morocco = MAR
Islamic Republic of Mauritania = MRT
Republic of the Sudan = SDN
Republic of South Sudan = SSD
Federal Democratic Republic of Ethiopia = ETH
State of Eritrea = ERI
Republic of Djibouti = DJI
Federal Republic of Somalia = SOM
Republic of Kenya = KEN
Republic of Uganda = UGA
Republic of Rwanda = RWA
Republic of Burundi = BDI
Gabonese Republic = GAB
Republic of Cameroon = CMR
Republic of Chad = TCD
Republic of Benin = BEN
Togolese Republic = TGO
Republic of Ghana = GHA
Republic of Côte d'Ivoire = CIV
Republic of Liberia = LBR
Republic of Sierra Leone = SLE
Republic of Senegal = SEN
Republic of Zimbabwe = ZWE
Republic of Mozambique = MOZ
Republic of Angola = AGO
Republic of Namibia = NAM
Republic of Botswana = BWA
Kingdom of Eswatini = SWZ
Kingdom of Lesotho = LSO
Republic of South Africa = ZAF
Republic of Madagascar = MDG
Union of the Comoros = COM
Republic of Mauritius = MUS
Republic of Seychelles = SYC
Republic of Cabo Verde = CPV
Democratic Republic of Sao Tome and Principe = STP
United Mexican States = MEX
Republic of Guatemala = GTM
Republic of Honduras = HND
Republic of El Salvador = SLV
Republic of Nicaragua = NIC
Republic of Costa Rica = CRI
Republic of Panama = PAN
Republic of Cuba = CUB
Republic of Haiti = HTI
Commonwealth of the Bahamas = BHS
Federative Republic of Brazil = BRA
Argentine Republic = ARG
Republic of Chile = CHL
Republic of Peru = PER
Republic of Colombia = COL
Bolivarian Republic of Venezuela = VEN
Republic of Ecuador = ECU
Plurinational State of Bolivia = BOL
Republic of Paraguay = PRY
Oriental Republic of Uruguay = URY
Co-operative Republic of Guyana = GUY
Republic of Suriname = SUR
Principality of Liechtenstein = LIE
Principality of Monaco = MCO
Principality of Andorra = AND
Republic of San Marino = SMR
Grand Duchy of Luxembourg = LUX
Republic of Malta = MLT
Republic of Cyprus = CYP
Kingdom of Denmark = DNK
Kingdom of Sweden = SWE
Kingdom of Norway = NOR
Republic of Finland = FIN
Republic of Estonia = EST
Republic of Latvia = LVA
Republic of Lithuania = LTU
Republic of Poland = POL
Republic of Slovenia = SVN
Republic of Bulgaria = BGR
Republic of Serbia = SRB
Republic of Croatia = HRV
Republic of Albania = ALB
Republic of North Macedonia = MKD
Republic of Belarus = BLR
Republic of Armenia = ARM
Republic of Azerbaijan = AZE
Republic of Kazakhstan = KAZ
Republic of Uzbekistan = UZB
Republic of Tajikistan = TJK
United Republic of Tanzania = TZA
Principality of Liechtenstein = LIE
""")

# ---------------------------------------------------------------- former names
block("former", "en", """
Swaziland = SWZ
Kingdom of Swaziland = SWZ
Burma = MMR
Zaire = COD
Zaïre = COD
Republic of Zaire = COD
Czech Republic = CZE
Turkey = TUR
The former Yugoslav Republic of Macedonia = MKD
Former Yugoslav Republic of Macedonia = MKD
FYROM = MKD
Macedonia, FYR = MKD
Republic of Macedonia = MKD
Ceylon = LKA
Siam = THA
Persia = IRN
Dahomey = BEN
Upper Volta = BFA
Republic of Upper Volta = BFA
Bechuanaland = BWA
Basutoland = LSO
Nyasaland = MWI
Western Samoa = WSM
New Hebrides = VUT
British Honduras = BLZ
Dutch Guiana = SUR
Khmer Republic = KHM
Kampuchea = KHM
Democratic Kampuchea = KHM
Libyan Arab Jamahiriya = LBY
Socialist People's Libyan Arab Jamahiriya = LBY
Swaziland, Kingdom of = SWZ
Burma (Myanmar) = MMR
Myanmar (Burma) = MMR
Eswatini (Swaziland) = SWZ
Swaziland (Eswatini) = SWZ
Turkey, Republic of = TUR
Cape Verde Islands = CPV
""")
block("former", "es", """
Suazilandia = SWZ
Birmania = MMR
Zaire (República del) = COD
""")
block("former", "pt", """
Suazilândia = SWZ
Birmânia = MMR
""")
block("former", "de", """
Swasiland = SWZ
Birma = MMR
Türkei = TUR
""")
block("former", "fr", """
Swaziland (Royaume du) = SWZ
Ex-République yougoslave de Macédoine = MKD
""")
block("former", "ru", """
Свазиленд = SWZ
Бирма = MMR
Заир = COD
""")
block("former", "zh", """
斯威士兰 = SWZ # older Chinese name, still common
""")

# ---------------------------------------------------------------- EU / Kosovo / UK parts
block("eu_xkx_uk", "en", """
European Union = EUU
the European Union = EUU
The European Union = EUU
EUROPEAN UNION = EUU
E.U. = EUU
European Union (EU) = EUU
Kosovo = XKX
Republic of Kosovo = XKX
Kosovo* = XKX # EU footnote style
Kosovo (under UNSCR 1244/99) = XKX
Kosovo (UNSCR 1244) = XKX
England = GBR
Scotland = GBR
Wales = GBR
Northern Ireland = GBR
ENGLAND = GBR
""")
block("eu_xkx_uk", "fr", """
Union européenne = EUU
UE = EUU
Angleterre = GBR
Écosse = GBR
Pays de Galles = GBR
Irlande du Nord = GBR
""")
block("eu_xkx_uk", "es", """
Unión Europea = EUU
Inglaterra = GBR
Escocia = GBR
Gales = GBR
Irlanda del Norte = GBR
""")
block("eu_xkx_uk", "pt", """
União Europeia = EUU
Escócia = GBR
País de Gales = GBR
Irlanda do Norte = GBR
""")
block("eu_xkx_uk", "de", """
Europäische Union = EUU
Schottland = GBR
Nordirland = GBR
""")
block("eu_xkx_uk", "ru", """
Европейский союз = EUU
Евросоюз = EUU
ЕС = EUU # Cyrillic abbreviation
Косово = XKX
Англия = GBR
Шотландия = GBR
Уэльс = GBR
Северная Ирландия = GBR
""")
block("eu_xkx_uk", "ar", """
الاتحاد الأوروبي = EUU
كوسوفو = XKX
إنجلترا = GBR
اسكتلندا = GBR
ويلز = GBR
أيرلندا الشمالية = GBR
""")
block("eu_xkx_uk", "zh", """
欧洲联盟 = EUU
欧盟 = EUU
科索沃 = XKX
英格兰 = GBR
苏格兰 = GBR
威尔士 = GBR
北爱尔兰 = GBR
""")
block("eu_xkx_uk", "ja", """
欧州連合 = EUU
コソボ = XKX
イングランド = GBR
スコットランド = GBR
ウェールズ = GBR
北アイルランド = GBR
""")
block("eu_xkx_uk", "id", """
Uni Eropa = EUU
Skotlandia = GBR
Irlandia Utara = GBR
""")
block("eu_xkx_uk", "vi", """
Liên minh châu Âu = EUU
Liên minh Châu Âu = EUU
Liên minh châu Âu (EU) = EUU
Xứ Wales = GBR
Bắc Ireland = GBR
""")

# ---------------------------------------------------------------- multilingual
block("multilingual", "fr", """
Allemagne = DEU
États-Unis = USA
Royaume-Uni = GBR
Italie = ITA
Espagne = ESP
Pays-Bas = NLD
Belgique = BEL
Danemark = DNK
Turquie = TUR
Russie = RUS
Ukraine = UKR
République tchèque = CZE
Corée du Sud = KOR
Corée du Nord = PRK
Chine = CHN
Cambodge = KHM
Thaïlande = THA
Birmanie = MMR
Malaisie = MYS
Singapour = SGP
Népal = NPL
Iran = IRN
Irak = IRQ
Maroc = MAR
Algérie = DZA
Tunisie = TUN
Libye = LBY
RDC = COD
Congo-Kinshasa = COD
Centrafrique = CAF
Cap-Vert = CPV
Guinée-Conakry = GIN
Bénin = BEN
Sénégal = SEN
Ouganda = UGA
Tanzanie = TZA
Namibie = NAM
Zimbabwe = ZWE
Somalie = SOM
Samoa américaines = ASM
Nouvelle-Calédonie = NCL
Polynésie française = PYF
La Réunion = REU
Guyane = GUF
Guyane française = GUF
Wallis-et-Futuna = WLF
Saint-Pierre-et-Miquelon = SPM
Terres australes et antarctiques françaises = ATF
Groenland = GRL
Timor oriental = TLS
Vatican = VAT
Croatie = HRV
Serbie = SRB
Albanie = ALB
Chypre = CYP
Géorgie = GEO
Arménie = ARM
Biélorussie = BLR
Syrie = SYR
Yémen = YEM
Sahara occidental = ESH
Taïwan = TWN
Israël = ISR
Argentine = ARG
Chili = CHL
Pérou = PER
Colombie = COL
Bolivie = BOL
Mongolie = MNG
Luxembourg = LUX
Micronésie = FSM # in French country lists this is the FSM
""")
block("multilingual", "es", """
España = ESP
Estados Unidos de América = USA
Estados Unidos = USA
EE. UU. = USA
EE.UU. = USA
EEUU = USA
Reino Unido de Gran Bretaña e Irlanda del Norte = GBR
Reino Unido = GBR
Alemania = DEU
Países Bajos = NLD
Países Bajos (Reino de los) = NLD
Bélgica = BEL
Suiza = CHE
Suecia = SWE
Noruega = NOR
Dinamarca = DNK
Finlandia = FIN
Islandia = ISL
Irlanda = IRL
Grecia = GRC
Turquía = TUR
Federación de Rusia = RUS
Rusia = RUS
Ucrania = UKR
Polonia = POL
Chequia = CZE
República Checa = CZE
Eslovaquia = SVK
Eslovenia = SVN
Hungría = HUN
Rumania = ROU
Rumanía = ROU
Japón = JPN
República de Corea = KOR
Corea del Sur = KOR
República Popular Democrática de Corea = PRK
Corea del Norte = PRK
Filipinas = PHL
Tailandia = THA
Camboya = KHM
Malasia = MYS
Singapur = SGP
Timor Oriental = TLS
Bután = BTN
Bhután = BTN
Maldivas = MDV
Bangladés = BGD
Pakistán = PAK
Afganistán = AFG
Irán (República Islámica del) = IRN
Arabia Saudita = SAU
Arabia Saudí = SAU
Emiratos Árabes Unidos = ARE
Egipto = EGY
Marruecos = MAR
Argelia = DZA
Túnez = TUN
Libia = LBY
Sudáfrica = ZAF
Níger = NER
Sudán = SDN
Sudán del Sur = SSD
República Democrática del Congo = COD
República del Congo = COG
Costa de Marfil = CIV
Guinea-Bisáu = GNB
Guinea Ecuatorial = GNQ
Papúa Nueva Guinea = PNG
Papua Nueva Guinea = PNG
Malí = MLI
Malaui = MWI
Esuatini = SWZ
Lesoto = LSO
Comoras = COM
Palaos = PLW
Samoa Americana = ASM
Islas Salomón = SLB
Islas Marshall = MHL
Micronesia (Estados Federados de) = FSM
Fiyi = FJI
Nueva Zelanda = NZL
Canadá = CAN
México = MEX
Panamá = PAN
Haití = HTI
República Dominicana = DOM
Trinidad y Tobago = TTO
San Vicente y las Granadinas = VCT
Santa Lucía = LCA
San Cristóbal y Nieves = KNA
Antigua y Barbuda = ATG
Venezuela (República Bolivariana de) = VEN
Perú = PER
Bolivia (Estado Plurinacional de) = BOL
Brasil = BRA
Santa Sede = VAT
Ciudad del Vaticano = VAT
Mónaco = MCO
Luxemburgo = LUX
Macedonia del Norte = MKD
Croacia = HRV
Bosnia y Herzegovina = BIH
Chipre = CYP
Taiwán = TWN
Estado de Palestina = PSE
Groenlandia = GRL
Guayana Francesa = GUF
Surinam = SUR
Belice = BLZ
Sáhara Occidental = ESH
Mauricio = MUS
Yibuti = DJI
Etiopía = ETH
Kenia = KEN
Ruanda = RWA
Zimbabue = ZWE
Botsuana = BWA
Camerún = CMR
Gabón = GAB
República Centroafricana = CAF
Benín = BEN
Sierra Leona = SLE
Jordania = JOR
Líbano = LBN
Siria = SYR
República Árabe Siria = SYR
Baréin = BHR
Omán = OMN
Kazajistán = KAZ
Kirguistán = KGZ
Tayikistán = TJK
Azerbaiyán = AZE
Bielorrusia = BLR
Lituania = LTU
Letonia = LVA
República Unida de Tanzanía = TZA
República Democrática Popular Lao = LAO
República de Moldova = MDA
Santo Tomé y Príncipe = STP
Islas Cook = COK
""")
block("multilingual", "pt", """
Estados Unidos da América = USA
EUA = USA
Alemanha = DEU
França = FRA
Espanha = ESP
Itália = ITA
Países Baixos = NLD
Bélgica = BEL
Suíça = CHE
Suécia = SWE
Islândia = ISL
Áustria = AUT
Austrália = AUS
Grécia = GRC
Turquia = TUR
Rússia = RUS
Federação Russa = RUS
Ucrânia = UKR
Polônia = POL
Polónia = POL
Chéquia = CZE
República Tcheca = CZE
Eslováquia = SVK
Eslovênia = SVN
Eslovénia = SVN
Hungria = HUN
Romênia = ROU
Roménia = ROU
Japão = JPN
Coreia do Sul = KOR
Coreia do Norte = PRK
Índia = IND
Indonésia = IDN
Moçambique = MOZ
Guiné-Bissau = GNB
Guiné = GIN
Guiné Equatorial = GNQ
Papua-Nova Guiné = PNG
São Tomé e Príncipe = STP
África do Sul = ZAF
Sudão do Sul = SSD
Sudão = SDN
Nigéria = NGA
Egito = EGY
Marrocos = MAR
Argélia = DZA
Costa do Marfim = CIV
República Democrática do Congo = COD
República do Congo = COG
Zâmbia = ZMB
Gâmbia = GMB
Maláui = MWI
Essuatíni = SWZ
Comores = COM
Butão = BTN
Samoa Americana = ASM
São Vicente e Granadinas = VCT
São Cristóvão e Névis = KNA
Santa Lúcia = LCA
Colômbia = COL
Equador = ECU
Bolívia = BOL
Paraguai = PRY
Uruguai = URY
Nova Zelândia = NZL
Arábia Saudita = SAU
Emirados Árabes Unidos = ARE
Catar = QAT
Iêmen = YEM
Iémen = YEM
Irã = IRN
Irão = IRN
Iraque = IRQ
Síria = SYR
Jordânia = JOR
Afeganistão = AFG
Paquistão = PAK
Mianmar = MMR
Camboja = KHM
Tailândia = THA
Vietnã = VNM
Vietname = VNM
Malásia = MYS
Singapura = SGP
Cazaquistão = KAZ
Quirguistão = KGZ
Tajiquistão = TJK
Turcomenistão = TKM
Azerbaijão = AZE
Bielorrússia = BLR
Santa Sé = VAT
Mônaco = MCO
Macedônia do Norte = MKD
Sérvia = SRB
Croácia = HRV
Bósnia e Herzegovina = BIH
Albânia = ALB
Estónia = EST
Letônia = LVA
Lituânia = LTU
Porto Rico = PRI
Groenlândia = GRL
Serra Leoa = SLE
Gana = GHA
Benim = BEN
Camarões = CMR
Chade = TCD
Gabão = GAB
Zimbábue = ZWE
Botsuana = BWA
Quênia = KEN
Quénia = KEN
Seicheles = SYC
Eritreia = ERI
Djibuti = DJI
Barém = BHR
Omã = OMN
Maurícia = MUS
Ilhas Salomão = SLB
Ilhas Marshall = MHL
Estados Federados da Micronésia = FSM
Guiana Francesa = GUF
""")
block("multilingual", "de", """
Deutschland = DEU
Bundesrepublik Deutschland = DEU
Frankreich = FRA
Vereinigte Staaten = USA
Vereinigte Staaten von Amerika = USA
Vereinigtes Königreich = GBR
Großbritannien = GBR
Grossbritannien = GBR
Russland = RUS
Russische Föderation = RUS
Niederlande = NLD
Österreich = AUT
Oesterreich = AUT
Schweiz = CHE
Spanien = ESP
Italien = ITA
Griechenland = GRC
Polen = POL
Tschechien = CZE
Slowakei = SVK
Slowenien = SVN
Ungarn = HUN
Rumänien = ROU
Weißrussland = BLR
Dänemark = DNK
Schweden = SWE
Norwegen = NOR
Finnland = FIN
Island = ISL # German for Iceland (not the English word)
Irland = IRL
Belgien = BEL
Luxemburg = LUX
Elfenbeinküste = CIV
Demokratische Republik Kongo = COD
Republik Kongo = COG
Südafrika = ZAF
Südsudan = SSD
Äquatorialguinea = GNQ
Ägypten = EGY
Marokko = MAR
Algerien = DZA
Tunesien = TUN
Libyen = LBY
Äthiopien = ETH
Komoren = COM
Malediven = MDV
Salomonen = SLB
Marshallinseln = MHL
Mikronesien = FSM # in German country lists this is the FSM
Amerikanisch-Samoa = ASM
Osttimor = TLS
Indien = IND
Volksrepublik China = CHN
Südkorea = KOR
Nordkorea = PRK
Mongolei = MNG
Kasachstan = KAZ
Usbekistan = UZB
Kirgisistan = KGZ
Tadschikistan = TJK
Aserbaidschan = AZE
Georgien = GEO
Armenien = ARM
Saudi-Arabien = SAU
Vereinigte Arabische Emirate = ARE
Katar = QAT
Jemen = YEM
Jordanien = JOR
Syrien = SYR
Libanon = LBN
Heiliger Stuhl = VAT
Vatikanstadt = VAT
Zypern = CYP
Kroatien = HRV
Serbien = SRB
Bosnien und Herzegowina = BIH
Nordmazedonien = MKD
Albanien = ALB
Republik Moldau = MDA
Mexiko = MEX
Brasilien = BRA
Argentinien = ARG
Kolumbien = COL
Bolivien = BOL
Kuba = CUB
Dominikanische Republik = DOM
Jamaika = JAM
St. Vincent und die Grenadinen = VCT
St. Kitts und Nevis = KNA
Trinidad und Tobago = TTO
Kanada = CAN
Neuseeland = NZL
Australien = AUS
Papua-Neuguinea = PNG
Fidschi = FJI
Sambia = ZMB
Simbabwe = ZWE
Mosambik = MOZ
Tansania = TZA
Kenia = KEN
Ruanda = RWA
Kamerun = CMR
Tschad = TCD
Zentralafrikanische Republik = CAF
Gabun = GAB
Kap Verde = CPV
São Tomé und Príncipe = STP
Dschibuti = DJI
Madagaskar = MDG
Seychellen = SYC
Mauretanien = MRT
Westsahara = ESH
Grönland = GRL
Färöer = FRO
Hongkong = HKG
Palästina = PSE
Staat Palästina = PSE
Lettland = LVA
Litauen = LTU
Estland = EST
""")
block("multilingual", "ru", """
Россия = RUS
Российская Федерация = RUS
Соединённые Штаты Америки = USA
Соединенные Штаты Америки = USA
США = USA
Соединенное Королевство Великобритании и Северной Ирландии = GBR
Великобритания = GBR
Франция = FRA
Германия = DEU
Китай = CHN
Япония = JPN
Республика Корея = KOR
Южная Корея = KOR
КНДР = PRK
Корейская Народно-Демократическая Республика = PRK
Северная Корея = PRK
Индия = IND
Украина = UKR
Беларусь = BLR
Белоруссия = BLR
Казахстан = KAZ
Кыргызстан = KGZ
Киргизия = KGZ
Таджикистан = TJK
Азербайджан = AZE
Грузия = GEO
Республика Молдова = MDA
Латвия = LVA
Литва = LTU
Польша = POL
Чехия = CZE
Венгрия = HUN
Румыния = ROU
Сербия = SRB
Хорватия = HRV
Черногория = MNE
Северная Македония = MKD
Греция = GRC
Турция = TUR
Тюркийе = TUR
Швейцария = CHE
Швеция = SWE
Норвегия = NOR
Нидерланды = NLD
Бельгия = BEL
Лихтенштейн = LIE
Сан-Марино = SMR
Андорра = AND
Святой Престол = VAT
Ватикан = VAT
Испания = ESP
Италия = ITA
Египет = EGY
ЮАР = ZAF
Южная Африка = ZAF
Демократическая Республика Конго = COD
Республика Конго = COG
Конго = COG
Кот-д'Ивуар = CIV
Папуа — Новая Гвинея = PNG
Эсватини = SWZ
Лесото = LSO
Коморские Острова = COM
Тувалу = TUV
Науру = NRU
Палау = PLW
Кирибати = KIR
Вануату = VUT
Соломоновы Острова = SLB
Маршалловы Острова = MHL
Микронезия (Федеративные Штаты) = FSM
Фиджи = FJI
Новая Зеландия = NZL
Канада = CAN
Мексика = MEX
Бразилия = BRA
Аргентина = ARG
Куба = CUB
Сент-Винсент и Гренадины = VCT
Сент-Люсия = LCA
Бутан = BTN
Мальдивы = MDV
Бруней-Даруссалам = BRN
Тимор-Лесте = TLS
Восточный Тимор = TLS
Вьетнам = VNM
Лаосская Народно-Демократическая Республика = LAO
Иран (Исламская Республика) = IRN
Сирийская Арабская Республика = SYR
Государство Палестина = PSE
Гонконг = HKG
Тайвань = TWN
ОАЭ = ARE
Объединённая Республика Танзания = TZA
Кабо-Верде = CPV
Сан-Томе и Принсипи = STP
Боливия (Многонациональное Государство) = BOL
Венесуэла (Боливарианская Республика) = VEN
""")
block("multilingual", "ar", """
مصر = EGY
المملكة العربية السعودية = SAU
السعودية = SAU
الإمارات العربية المتحدة = ARE
الإمارات = ARE
قطر = QAT
الكويت = KWT
البحرين = BHR
سلطنة عمان = OMN
اليمن = YEM
العراق = IRQ
سوريا = SYR
الجمهورية العربية السورية = SYR
لبنان = LBN
الأردن = JOR
فلسطين = PSE
دولة فلسطين = PSE
إسرائيل = ISR
ليبيا = LBY
المغرب = MAR
موريتانيا = MRT
موريشيوس = MUS
الصومال = SOM
جزر القمر = COM
إيران = IRN
جمهورية إيران الإسلامية = IRN
تركيا = TUR
الولايات المتحدة الأمريكية = USA
الولايات المتحدة = USA
المملكة المتحدة = GBR
المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية = GBR
بريطانيا = GBR
فرنسا = FRA
ألمانيا = DEU
روسيا = RUS
الاتحاد الروسي = RUS
الصين = CHN
اليابان = JPN
الهند = IND
باكستان = PAK
أفغانستان = AFG
إندونيسيا = IDN
ماليزيا = MYS
كوت ديفوار = CIV
هولندا = NLD
بلجيكا = BEL
إسبانيا = ESP
إيطاليا = ITA
اليونان = GRC
الكرسي الرسولي = VAT
سان مارينو = SMR
ليختنشتاين = LIE
أندورا = AND
توفالو = TUV
ناورو = NRU
بالاو = PLW
ملديف = MDV
بروني دار السلام = BRN
تيمور - ليشتي = TLS
كيريباس = KIR
فانواتو = VUT
سانت فنسنت وجزر غرينادين = VCT
إسواتيني = SWZ
ليسوتو = LSO
بابوا غينيا الجديدة = PNG
جزر مارشال = MHL
جزر سليمان = SLB
المجر = HUN
البوسنة والهرسك = BIH
الجبل الأسود = MNE
مقدونيا الشمالية = MKD
قبرص = CYP
البرتغال = PRT
الدنمارك = DNK
النرويج = NOR
فنلندا = FIN
كندا = CAN
المكسيك = MEX
البرازيل = BRA
الأرجنتين = ARG
هونغ كونغ = HKG
فييت نام = VNM
الفلبين = PHL
جمهورية لاو الديمقراطية الشعبية = LAO
بنغلاديش = BGD
إثيوبيا = ETH
كينيا = KEN
أوكرانيا = UKR
جورجيا = GEO
جزر كوك = COK
""")
block("multilingual", "zh", """
中国 = CHN
中华人民共和国 = CHN
美国 = USA
美利坚合众国 = USA
英国 = GBR
大不列颠及北爱尔兰联合王国 = GBR
法国 = FRA
德国 = DEU
俄罗斯 = RUS
俄罗斯联邦 = RUS
日本 = JPN
印度 = IND
印度尼西亚 = IDN
越南 = VNM
老挝 = LAO
老挝人民民主共和国 = LAO
柬埔寨 = KHM
泰国 = THA
缅甸 = MMR
马来西亚 = MYS
新加坡 = SGP
菲律宾 = PHL
文莱 = BRN
文莱达鲁萨兰国 = BRN
东帝汶 = TLS
蒙古 = MNG
尼泊尔 = NPL
不丹 = BTN
马尔代夫 = MDV
斯里兰卡 = LKA
孟加拉国 = BGD
巴基斯坦 = PAK
阿富汗 = AFG
伊朗伊斯兰共和国 = IRN
伊朗 = IRN
伊拉克 = IRQ
沙特阿拉伯 = SAU
阿拉伯联合酋长国 = ARE
阿拉伯叙利亚共和国 = SYR
土耳其 = TUR
埃及 = EGY
南非 = ZAF
科特迪瓦 = CIV
巴布亚新几内亚 = PNG
埃斯瓦蒂尼 = SWZ
莱索托 = LSO
科摩罗 = COM
图瓦卢 = TUV
瑙鲁 = NRU
帕劳 = PLW
基里巴斯 = KIR
瓦努阿图 = VUT
所罗门群岛 = SLB
马绍尔群岛 = MHL
密克罗尼西亚联邦 = FSM
斐济 = FJI
汤加 = TON
新西兰 = NZL
瑞士 = CHE
瑞典 = SWE
挪威 = NOR
丹麦 = DNK
芬兰 = FIN
荷兰 = NLD
比利时 = BEL
卢森堡 = LUX
列支敦士登 = LIE
圣马力诺 = SMR
安道尔 = AND
摩纳哥 = MCO
教廷 = VAT
梵蒂冈 = VAT
西班牙 = ESP
葡萄牙 = PRT
意大利 = ITA
希腊 = GRC
波兰 = POL
捷克 = CZE
匈牙利 = HUN
罗马尼亚 = ROU
乌克兰 = UKR
白俄罗斯 = BLR
北马其顿 = MKD
塞尔维亚 = SRB
加拿大 = CAN
墨西哥 = MEX
巴西 = BRA
阿根廷 = ARG
智利 = CHL
秘鲁 = PER
哥伦比亚 = COL
委内瑞拉玻利瓦尔共和国 = VEN
多民族玻利维亚国 = BOL
坦桑尼亚联合共和国 = TZA
摩尔多瓦共和国 = MDA
古巴 = CUB
圣文森特和格林纳丁斯 = VCT
圣卢西亚 = LCA
圣基茨和尼维斯 = KNA
佛得角 = CPV
圣多美和普林西比 = STP
香港 = HKG
中国香港 = HKG # must be HKG, not CHN
香港特别行政区 = HKG
澳门 = MAC
中国澳门 = MAC # must be MAC, not CHN
澳门特别行政区 = MAC
台湾 = TWN
巴勒斯坦国 = PSE
圭亚那 = GUY
法属圭亚那 = GUF
毛里塔尼亚 = MRT
毛里求斯 = MUS
格鲁吉亚 = GEO
哈萨克斯坦 = KAZ
吉尔吉斯斯坦 = KGZ
""")
block("multilingual", "ja", """
日本 = JPN
アメリカ合衆国 = USA
米国 = USA
アメリカ = USA # Japanese everyday usage for the USA
イギリス = GBR
フランス = FRA
ドイツ = DEU
イタリア = ITA
スペイン = ESP
オランダ = NLD
ベルギー = BEL
スイス = CHE
スウェーデン = SWE
ロシア = RUS
ロシア連邦 = RUS
中華人民共和国 = CHN
大韓民国 = KOR
韓国 = KOR
北朝鮮 = PRK
朝鮮民主主義人民共和国 = PRK
台湾 = TWN
マカオ = MAC
インド = IND
インドネシア = IDN
ベトナム = VNM
タイ = THA
フィリピン = PHL
マレーシア = MYS
シンガポール = SGP
ミャンマー = MMR
カンボジア = KHM
ラオス = LAO
ブルネイ = BRN
東ティモール = TLS
モンゴル = MNG
ネパール = NPL
ブータン = BTN
モルディブ = MDV
スリランカ = LKA
バングラデシュ = BGD
パキスタン = PAK
アフガニスタン = AFG
イラン = IRN
イラク = IRQ
サウジアラビア = SAU
アラブ首長国連邦 = ARE
トルコ = TUR
エジプト = EGY
南アフリカ = ZAF
コートジボワール = CIV
パプアニューギニア = PNG
エスワティニ = SWZ
レソト = LSO
コモロ = COM
ツバル = TUV
ナウル = NRU
パラオ = PLW
キリバス = KIR
バヌアツ = VUT
ソロモン諸島 = SLB
マーシャル諸島 = MHL
ミクロネシア連邦 = FSM
フィジー = FJI
トンガ = TON
ニュージーランド = NZL
カナダ = CAN
メキシコ = MEX
ブラジル = BRA
アルゼンチン = ARG
チリ = CHL
ペルー = PER
コロンビア = COL
ベネズエラ = VEN
キューバ = CUB
セントビンセント及びグレナディーン諸島 = VCT
セントルシア = LCA
サンマリノ = SMR
リヒテンシュタイン = LIE
アンドラ = AND
モナコ = MCO
バチカン = VAT
ローマ教皇庁 = VAT
ルクセンブルク = LUX
チェコ = CZE
ポーランド = POL
ハンガリー = HUN
ルーマニア = ROU
ウクライナ = UKR
ベラルーシ = BLR
北マケドニア = MKD
セルビア = SRB
豪州 = AUS
""")
block("multilingual", "id", """
Tiongkok = CHN
Republik Rakyat Tiongkok = CHN
Cina = CHN
Korsel = KOR
Korea Selatan = KOR
Korut = PRK
Korea Utara = PRK
Amerika Serikat = USA
Inggris = GBR
Britania Raya = GBR
Jerman = DEU
Prancis = FRA
Perancis = FRA
Belanda = NLD
Jepang = JPN
Rusia = RUS
Arab Saudi = SAU
Uni Emirat Arab = ARE
Mesir = EGY
Turki = TUR
Filipina = PHL
Singapura = SGP
Kamboja = KHM
Papua Nugini = PNG
Selandia Baru = NZL
Swiss = CHE
Swedia = SWE
Norwegia = NOR
Finlandia = FIN
Spanyol = ESP
Portugis = PRT
Yunani = GRC
Polandia = POL
Ceko = CZE
Slowakia = SVK
Hongaria = HUN
Afrika Selatan = ZAF
Sudan Selatan = SSD
Pantai Gading = CIV
Republik Demokratik Kongo = COD
Republik Kongo = COG
Guinea Khatulistiwa = GNQ
Tanjung Verde = CPV
Komoro = COM
Maladewa = MDV
Afganistan = AFG
Irak = IRQ
Suriah = SYR
Yordania = JOR
Palestina = PSE
Yaman = YEM
Maroko = MAR
Aljazair = DZA
Etiopia = ETH
Meksiko = MEX
Brasil = BRA
Kolombia = COL
Kuba = CUB
Kanada = CAN
Tahta Suci = VAT
Vatikan = VAT
Kepulauan Solomon = SLB
Kepulauan Marshall = MHL
Negara Federasi Mikronesia = FSM
Saint Vincent dan Grenadine = VCT
Samoa Amerika = ASM
Makau = MAC
Monako = MCO
Luksemburg = LUX
Belgia = BEL
Makedonia Utara = MKD
Bosnia dan Herzegovina = BIH
Kroasia = HRV
Siprus = CYP
Republik Dominika = DOM
Dominika = DMA
Italia = ITA
Ukraina = UKR
Timor Leste = TLS
Brunei Darussalam = BRN
Selandia Baru = NZL
Arab Saudi = SAU
Antigua dan Barbuda = ATG
Trinidad dan Tobago = TTO
Saint Kitts dan Nevis = KNA
Kazakhstan = KAZ
""")
block("multilingual", "vi", """
Trung Quốc = CHN
Hoa Kỳ = USA
Mỹ = USA
Nga = RUS # must NOT become NGA (Nigeria)
Liên bang Nga = RUS
Anh = GBR # 'England/Britain'
Vương quốc Anh = GBR
Đức = DEU
Pháp = FRA
Ý = ITA
Nhật Bản = JPN
Hàn Quốc = KOR
Bắc Triều Tiên = PRK
Cộng hòa Dân chủ Nhân dân Triều Tiên = PRK
Ấn Độ = IND
Thụy Điển = SWE
Thụy Sĩ = CHE
Na Uy = NOR
Đan Mạch = DNK
Phần Lan = FIN
Hà Lan = NLD
Bỉ = BEL
Tây Ban Nha = ESP
Bồ Đào Nha = PRT
Hy Lạp = GRC
Thổ Nhĩ Kỳ = TUR
Ai Cập = EGY
Nam Phi = ZAF
Nam Sudan = SSD
Lào = LAO
Campuchia = KHM
Thái Lan = THA
Miến Điện = MMR
Đông Timor = TLS
Mông Cổ = MNG
Ba Lan = POL
Séc = CZE
Cộng hòa Séc = CZE
Ukraina = UKR
Ả Rập Xê Út = SAU
Các Tiểu vương quốc Ả Rập Thống nhất = ARE
Hồng Kông = HKG
Đài Loan = TWN
Ma Cao = MAC
Cộng hòa Dân chủ Congo = COD
Cộng hòa Congo = COG
Bờ Biển Ngà = CIV
Samoa thuộc Mỹ = ASM
Quần đảo Solomon = SLB
Quần đảo Marshall = MHL
Saint Vincent và Grenadines = VCT
Saint Kitts và Nevis = KNA
Bosnia và Herzegovina = BIH
Bắc Macedonia = MKD
Síp = CYP
Tòa Thánh = VAT
Tân Tây Lan = NZL
Ca-na-đa = CAN
Mê-hi-cô = MEX
Bra-xin = BRA
Cu Ba = CUB
Xin-ga-po = SGP
Ma-lai-xi-a = MYS
In-đô-nê-xi-a = IDN
Phi-líp-pin = PHL
Việt Nam = VNM
Băng Đảo = ISL
Nhà nước Palestine = PSE
""")

# ---------------------------------------------------------------- noise
block("noise", "en", """
FRANCE = FRA
germany = DEU
UNITED STATES OF AMERICA = USA
united kingdom = GBR
Cote d'Ivoire = CIV
Cote D'Ivoire = CIV
COTE D'IVOIRE = CIV
cote d'ivoire = CIV
Côte d´Ivoire = CIV
Cote dIvoire = CIV
Turkiye = TUR
TURKIYE = TUR
TÜRKIYE = TUR
Sao Tome & Principe = STP
São Tomé & Príncipe = STP
Curacao = CUW
Reunion = REU
Aland Islands = ALA
Saint Barthelemy = BLM
St. Barthélemy = BLM
Lao People’s Democratic Republic = LAO
Democratic People’s Republic of Korea = PRK
Democratic People‘s Republic of Korea = PRK
Korea, Democratic People’s Republic of = PRK
the Netherlands = NLD
The Netherlands = NLD
the Gambia = GMB
the Bahamas = BHS
The Philippines = PHL
the Philippines = PHL
The United States = USA
the United States = USA
the United Kingdom = GBR
The United Kingdom = GBR
the Czech Republic = CZE
The Sudan = SDN
the Comoros = COM
the Maldives = MDV
the Democratic Republic of the Congo = COD
the Republic of Korea = KOR
the Holy See = VAT
the Marshall Islands = MHL
the Solomon Islands = SLB
the Seychelles = SYC
The Republic of the Congo = COG
Antigua & Barbuda = ATG
Trinidad & Tobago = TTO
Bosnia & Herzegovina = BIH
St. Kitts & Nevis = KNA
St Kitts & Nevis = KNA
Turks & Caicos Islands = TCA
Saint Vincent & the Grenadines = VCT
St. Vincent & Grenadines = VCT
St. Vincent and the Grenadines = VCT
St Vincent and the Grenadines = VCT
Heard Island & McDonald Islands = HMD
Wallis & Futuna = WLF
Saint Pierre & Miquelon = SPM
Svalbard & Jan Mayen = SJM
St. Lucia = LCA
St Lucia = LCA
ST. LUCIA = LCA
St. Helena = SHN
St. Pierre and Miquelon = SPM
St. Kitts and Nevis = KNA
Guinea Bissau = GNB
Guinea-bissau = GNB
GUINEA-BISSAU = GNB
Timor Leste = TLS
Timor-leste = TLS
Papua-New Guinea = PNG
Bosnia-Herzegovina = BIH
Bosnia Herzegovina = BIH
Viet-Nam = VNM
Viet nam = VNM
VIET NAM = VNM
korea, republic of = KOR
Korea, Rep. of = KOR
Congo (Dem. Rep.) = COD
Congo, Democratic Republic = COD
Congo DR = COD
Micronesia (Fed. States of) = FSM
Fed. States of Micronesia = FSM
saint lucia = LCA
SAINT KITTS AND NEVIS = KNA
NAURU = NRU
palau = PLW
andorra = AND
eSwatini = SWZ
LESOTHO = LSO
bhutan = BTN
Timor-Leste (East Timor) = TLS
KIRIBATI = KIR
vanuatu = VUT
tuvalu = TUV
SAN MARINO = SMR
liechtenstein = LIE
COMOROS = COM
maldives = MDV
brunei darussalam = BRN
saint vincent and the grenadines = VCT
SAMOA = WSM
american samoa = ASM
DOMINICA = DMA
dominican republic = DOM
NIGER = NER
nigeria = NGA
south sudan = SSD
HOLY SEE = VAT
state of palestine = PSE
IRAN (ISLAMIC REPUBLIC OF) = IRN
iran (islamic republic of) = IRN
Iran (Islamic Rep. of) = IRN
Venezuela (Bolivarian Rep. of) = VEN
Bolivia (Plurinational State Of) = BOL
Netherlands (Kingdom Of The) = NLD
Micronesia (Federated States Of) = FSM
UNITED REPUBLIC OF TANZANIA = TZA
Russian federation = RUS
SYRIAN ARAB REPUBLIC = SYR
Lao P.D.R. = LAO
Hong Kong (China) = HKG
Hong Kong S.A.R. = HKG
Macao (China) = MAC
Taiwan (China) = TWN # WHO/UN-style label, still Taiwan = TWN
cabo verde = CPV
""")
NBSP = "\u00a0"
for inp, exp in [
    ("  Japan  ", "JPN"), ("Brazil\t", "BRA"), ("New  Zealand", "NZL"), (f"United{NBSP}Kingdom", "GBR"),
    (f"South{NBSP}Africa", "ZAF"), (f"Sri{NBSP}Lanka", "LKA"), (f"{NBSP}Chile{NBSP}", "CHL"),
    (f"Saint{NBSP}Lucia", "LCA"), (f"Marshall{NBSP}Islands", "MHL"), (" Tuvalu", "TUV"),
    ("Liechtenstein ", "LIE"), ("Comoros  ", "COM"), (f"Maldives{NBSP}", "MDV"), ("Brunei  Darussalam", "BRN"),
    ("Bolivia (Plurinational State of) ", "BOL"), ("\tNauru", "NRU"), ("San  Marino", "SMR"),
    (f"Côte{NBSP}d'Ivoire", "CIV"), ("Niger ", "NER"), (" Nigeria", "NGA"), ("Korea,  Republic of", "KOR"),
    (f"Timor-Leste{NBSP}", "TLS"), ("Papua New Guinea\n", "PNG"), (f"Holy{NBSP}See", "VAT"),
    ("United Kingdom\u2003", "GBR"), ("Dominican\u2009Republic", "DOM"), ("Iceland\u200b", "ISL"),
    ("Cote d\u2019Ivoire", "CIV"), ("C\u006f\u0302te d'Ivoire", "CIV"),  # decomposed (NFD) ô
    ("Tu\u0308rkiye", "TUR"),  # decomposed ü
]:
    add(inp, exp, "noise", "en", "whitespace/unicode variant")
block("noise", "fr", """
cote d'ivoire = CIV
Cote d’Ivoire = CIV
COTE D’IVOIRE = CIV
Etats-Unis = USA
ETATS-UNIS D'AMERIQUE = USA
Federation de Russie = RUS
Republique de Coree = KOR
Republique democratique du Congo = COD
Republique dominicaine = DOM
Saint-Siege = VAT
Etat de Palestine = PSE
Turquie  = TUR
les Pays-Bas = NLD
la France = FRA
l'Allemagne = DEU
Emirats arabes unis = ARE
Egypte = EGY
Senegal = SEN
Guinee equatoriale = GNQ
Nigeria (Republique federale du) = NGA
""")
block("noise", "es", """
Espana = ESP
ESPAÑA = ESP
Mexico = MEX
Peru = PER
Japon = JPN
Republica Dominicana = DOM
Panama = PAN
Haiti = HTI
Republica de Corea = KOR
Turquia = TUR
Belgica = BEL
Sudafrica = ZAF
los Estados Unidos = USA
el Reino Unido = GBR
""")
block("noise", "de", """
Oesterreich = AUT
Daenemark = DNK
Tuerkei = TUR
Suedafrika = ZAF
Groenland = GRL
Rumaenien = ROU
Aegypten = EGY
die Schweiz = CHE
die Niederlande = NLD
die USA = USA
""")
block("noise", "pt", """
Franca = FRA
Japao = JPN
Polonia = POL
Tailandia = THA
Africa do Sul = ZAF
Estados Unidos da America = USA
Coreia do sul = KOR
""")
block("noise", "vi", """
Trung Quoc = CHN
Hoa Ky = USA
Nhat Ban = JPN
Han Quoc = KOR
Lien minh chau Au = EUU
TRUNG QUỐC = CHN
trung quốc = CHN
Thai Lan = THA
""")
block("noise", "id", """
TIONGKOK = CHN
uni eropa = EUU
Korea selatan = KOR
amerika serikat = USA
""")
block("noise", "ru", """
россия = RUS
РОССИЯ = RUS
Кот-д’Ивуар = CIV
Кот д'Ивуар = CIV
""")

# ---------------------------------------------------------------- typos (checked below)
TYPOS = """Ecudor=ECU|Venzuela=VEN|Tanzanai=TZA|Bangladseh=BGD|Argentia=ARG|Phillipines=PHL|Kazakstan=KAZ|Kyrgystan=KGZ|Azerbajan=AZE|Afganistan=AFG|Pakistn=PAK|Uzbekstan=UZB|Switzerlnad=CHE|Liechtenstien=LIE|Portugual=PRT|Madagascr=MDG|Mozambque=MOZ|Zimbawe=ZWE|Camroon=CMR|Seychells=SYC|Mauritus=MUS|Maldievs=MDV|Guatamala=GTM|Nicaragau=NIC|Hondruas=HND|Jamacia=JAM|Barbdos=BRB|Trinidad and Tobgo=TTO|Indonseia=IDN|Malaysai=MYS|Singapor=SGP|Cambodai=KHM|Thailnad=THA|Mongloia=MNG|Turkmenstan=TKM|Tajikstan=TJK|Ethopia=ETH|Somlia=SOM|Eritea=ERI|Djibouit=DJI|Botswna=BWA|Lithuana=LTU|Estnoia=EST|Belgum=BEL|Denmrak=DNK|Norwya=NOR|Hungray=HUN|Bulgaira=BGR|Romaina=ROU|Croatai=HRV|Isreal=ISR|Lebanan=LBN|Jordon=JOR|Saudi Arbia=SAU|Kuwiat=KWT|Morroco=MAR|Tunsia=TUN|Algeira=DZA|Egytp=EGY|Venezeula=VEN|Urugay=URY|Paragauy=PRY|Brazl=BRA|Luxembrug=LUX|Philipines=PHL|Lichtenstein=LIE|Kyrgyzstn=KGZ|Burkino Faso=BFA|Sierra Leon=SLE|Cameroun=CMR|Mozambiqe=MOZ|Azerbaidjan=AZE|Uzbekisatn=UZB|Columbia=COL|Bosnia and Herzegovnia=BIH|Tuvula=TUV|Naurru=NRU|Palua=PLW|San Marion=SMR|Liechenstein=LIE|Andora=AND|Comorros=COM|Eswatni=SWZ|Lesothu=LSO|Bhuttan=BTN|Maldivess=MDV|Bruneii=BRN|Kirbati=KIR|Vanuatuu=VUT|Saint Vincent and the Grenadins=VCT|Austrlia=AUS|Nigera=NER|Slovania=SVN|Gambis=GMB|Maly=MLI"""
TYPO_NOTES = {"Columbia": "common misspelling (also a US district/university name)", "Cameroun": "also the French name",
              "Lichtenstein": "common misspelling"}

# ---------------------------------------------------------------- ambiguous
block("ambiguous", "en", """
Korea = ?KOR PRK
korea = ?KOR PRK
KOREA = ?KOR PRK
Virgin Islands = ?VGB VIR
Virgin Is. = ?VGB VIR
virgin islands = ?VGB VIR
the Virgin Islands = ?VGB VIR
""")
block("ambiguous", "fr", """
Corée = ?KOR PRK
Îles Vierges = ?VGB VIR
Iles Vierges = ?VGB VIR
""")
block("ambiguous", "es", """
Corea = ?KOR PRK
Islas Vírgenes = ?VGB VIR
""")
block("ambiguous", "pt", """
Coreia = ?KOR PRK
Ilhas Virgens = ?VGB VIR
""")
block("ambiguous", "de", """
Jungferninseln = ?VGB VIR
""")
block("ambiguous", "ru", """
Корея = ?KOR PRK
Виргинские Острова = ?VGB VIR
""")
block("ambiguous", "ar", """
كوريا = ?KOR PRK
""")
block("ambiguous", "zh", """
维尔京群岛 = ?VGB VIR
""")
block("ambiguous", "ja", """
バージン諸島 = ?VGB VIR
""")
block("ambiguous", "id", """
Kepulauan Virgin = ?VGB VIR
""")
block("ambiguous", "vi", """
Quần đảo Virgin = ?VGB VIR
""")

# ---------------------------------------------------------------- negatives
block("negative", "en", """
Africa = -
Europe = -
Asia = -
Oceania = -
Latin America = -
Latin America and the Caribbean = -
Sub-Saharan Africa = -
Western Europe = -
Eastern Europe = -
Middle East = -
MENA = -
South Asia = -
Southeast Asia = -
South-East Asia = -
Central Asia = -
North America = -
South America = -
Central America = -
Caribbean = -
Pacific Islands = -
Balkans = -
Scandinavia = -
Nordic countries = -
West Africa = -
East Africa = -
Horn of Africa = -
Sahel = -
Maghreb = -
Gulf States = -
Levant = -
Eurasia = -
Arab World = -
Rest of the world = -
World = -
Global = -
Euro area = -
Eurozone = -
OECD = -
OECD members = -
G7 = -
G20 = -
BRICS = -
Commonwealth of Independent States = -
European Commission = -
European Parliament = -
Council of the European Union = -
European Council = -
European Central Bank = -
Court of Justice of the European Union = -
European External Action Service = -
European Investment Bank = -
Council of Europe = -
European Free Trade Association = -
European Economic Area = -
Schengen Area = -
Europol = -
Eurostat = -
Interpol = -
INTERPOL = -
UNODC = -
UNESCO = -
UNICEF = -
WHO = -
World Health Organization = -
United Nations = -
UN = -
ASEAN = -
African Union = -
NATO = -
OSCE = -
OPEC = -
Arab League = -
League of Arab States = -
Gulf Cooperation Council = -
ECOWAS = -
Economic Community of West African States = -
SADC = -
Mercosur = -
Organization of American States = -
CARICOM = -
Pacific Islands Forum = -
IMF = -
World Bank = -
WTO = -
Commonwealth of Nations = -
International Committee of the Red Cross = -
Sovereign Order of Malta = - # sovereign entity but not Malta and not in ISO 3166-1
Order of Malta = -
Bank of England = -
Central Bank of Nigeria = -
East African Community = -
Andean Community = -
Asian Development Bank = -
Organisation of Islamic Cooperation = -
Guatemala City = -
Mexico City = -
Panama City = -
Kuwait City = -
Luxembourg City = -
Andorra la Vella = -
Brasília = -
Buenos Aires = -
Washington, D.C. = -
New York = -
Geneva = -
Vienna = -
Brussels = -
Strasbourg = -
Hanoi = -
Jakarta = -
Beijing = -
Tokyo = -
Moscow = -
Paris = -
London = -
Berlin = -
Cairo = -
Nairobi = -
Lagos = -
Niamey = -
Kinshasa = -
Brazzaville = -
Conakry = -
Bissau = -
Malabo = -
Abuja = -
Dakar = -
Bamako = -
Lilongwe = -
Lusaka = -
Banjul = -
Canberra = -
Wellington = -
Ottawa = -
Reykjavík = -
Dublin = -
Bratislava = -
Ljubljana = -
Apia = -
Pago Pago = -
Pyongyang = -
Seoul = -
Khartoum = -
Juba = -
Santo Domingo = -
Roseau = -
Funafuti = -
Vaduz = -
Moroni = -
Mbabane = -
Maseru = -
Thimphu = -
Malé = -
Bandar Seri Begawan = -
Dili = -
Tarawa = -
Port Vila = -
Kingstown = -
Port Moresby = -
Honiara = -
Majuro = -
Suva = -
Nuku'alofa = -
Port Louis = -
São Paulo = -
Istanbul = -
Saint Petersburg = -
Lake Chad = -
Lake Malawi = -
Lake Victoria = -
Lake Geneva = -
Lake Titicaca = -
Gulf of Guinea = -
Gulf of Mexico = -
Gulf of Oman = -
Sea of Japan = -
South China Sea = -
Red Sea = -
Dead Sea = -
Persian Gulf = -
Irish Sea = -
English Channel = -
North Sea = -
Baltic Sea = -
Black Sea = -
Caspian Sea = -
Mediterranean = -
Panama Canal = -
Suez Canal = -
Strait of Hormuz = -
Bay of Bengal = -
Niger Delta = -
Niger River = -
River Niger = -
Congo River = -
Congo Basin = -
Amazon River = -
Mekong River = -
Nile = -
Danube = -
Sahara = -
Andes = -
Alps = -
Himalayas = -
Mount Kilimanjaro = -
Victoria Falls = -
Borneo = -
New Guinea = - # island shared by Indonesia and PNG
Hispaniola = -
Tierra del Fuego = -
Sumatra = -
Java = -
Bali = -
Sicily = -
Sardinia = -
Corsica = -
Crete = -
Tasmania = -
Hawaii = -
Alaska = -
Canary Islands = -
Galápagos Islands = -
Azores = -
Madeira = -
Tenerife = -
Okinawa = -
Hokkaido = -
Jeju = -
Hainan = -
Siberia = -
Patagonia = -
Bavaria = -
Flanders = -
Quebec = -
Texas = -
California = -
Lapland = -
Iberian Peninsula = -
Korean Peninsula = -
Arabian Peninsula = -
Indochina = -
Isle of Wight = -
USSR = -
U.S.S.R. = -
Soviet Union = -
Union of Soviet Socialist Republics = -
Yugoslavia = -
Socialist Federal Republic of Yugoslavia = -
Federal Republic of Yugoslavia = -
Czechoslovakia = -
East Germany = -
German Democratic Republic = -
Serbia and Montenegro = -
Netherlands Antilles = - # dissolved 2010 (ISO code ANT withdrawn)
South Vietnam = -
People's Democratic Republic of Yemen = -
Ottoman Empire = -
Austria-Hungary = -
N/A = -
n/a = -
None = -
none = -
unknown = -
Unknown = -
UNKNOWN = -
- = -
-- = -
? = -
Total = -
TOTAL = -
Grand total = -
Subtotal = -
All countries = -
Other = -
Others = -
Not specified = -
Not applicable = -
Various = -
Multiple = -
Stateless = -
TBD = -
null = -
NULL = -
NaN = -
0 = -
International = -
Worldwide = -
Country = -
country = -
#N/A = -
#REF! = -
""")
for inp in ["", " ", NBSP, "\t"]:
    add(inp, "-", "negative", "und", "empty / blank")
block("negative", "fr", """
Afrique = -
Europe de l'Ouest = -
Afrique de l'Ouest = -
Afrique subsaharienne = -
Moyen-Orient = -
Asie du Sud-Est = -
Amérique latine = -
Union africaine = -
Commission européenne = -
Parlement européen = -
Conseil de l'Europe = -
OTAN = -
ONU = -
Organisation des Nations Unies = -
Lac Tchad = -
Golfe de Guinée = -
Bruxelles = -
Genève = -
URSS = -
Union soviétique = -
Yougoslavie = -
Tchécoslovaquie = -
RDA = -
Serbie-et-Monténégro = -
Corse = -
""")
block("negative", "es", """
África = -
Europa occidental = -
América Latina = -
Oriente Medio = -
Sudeste Asiático = -
Unión Africana = -
Comisión Europea = -
Parlamento Europeo = -
OEA = -
Ciudad de Guatemala = -
Ciudad de México = -
Ciudad de Panamá = -
Islas Canarias = -
Unión Soviética = -
Checoslovaquia = -
Total general = -
Desconocido = -
""")
block("negative", "pt", """
Europa Ocidental = -
América do Sul = -
Oriente Médio = -
União Africana = -
Comissão Europeia = -
Mercosul = -
União Soviética = -
Tchecoslováquia = -
Iugoslávia = -
Rio de Janeiro = -
Amazônia = -
""")
block("negative", "de", """
Afrika = -
Westeuropa = -
Naher Osten = -
Südostasien = -
Lateinamerika = -
Afrikanische Union = -
Europäische Kommission = -
Europäisches Parlament = -
Sowjetunion = -
DDR = -
Jugoslawien = -
Tschechoslowakei = -
Serbien und Montenegro = -
Bodensee = -
Rhein = -
Mallorca = -
Ostsee = -
Vereinte Nationen = -
Sonstige = -
Insgesamt = -
""")
block("negative", "ru", """
Африка = -
Западная Европа = -
Ближний Восток = -
Юго-Восточная Азия = -
Латинская Америка = -
Европейская комиссия = -
Африканский союз = -
НАТО = -
ООН = -
СНГ = -
СССР = -
Советский Союз = -
Югославия = -
Чехословакия = -
ГДР = -
Москва = -
озеро Байкал = -
Сибирь = -
Итого = -
""")
block("negative", "ar", """
أفريقيا = -
أوروبا الغربية = -
الشرق الأوسط = -
جنوب شرق آسيا = -
أمريكا اللاتينية = -
الاتحاد الأفريقي = -
جامعة الدول العربية = -
الأمم المتحدة = -
حلف شمال الأطلسي = -
المفوضية الأوروبية = -
الاتحاد السوفيتي = -
يوغوسلافيا = -
القاهرة = -
نهر النيل = -
البحر الأحمر = -
""")
block("negative", "zh", """
非洲 = -
西欧 = -
中东 = -
东南亚 = -
拉丁美洲 = -
非洲联盟 = -
欧盟委员会 = - # European Commission (contains 欧盟)
欧洲议会 = -
东盟 = -
北约 = -
联合国 = -
苏联 = -
南斯拉夫 = -
捷克斯洛伐克 = -
东德 = -
北京 = -
长江 = -
乍得湖 = -
几内亚湾 = - # Gulf of Guinea (contains 几内亚)
台湾海峡 = - # Taiwan Strait
朝鲜半岛 = - # Korean Peninsula
""")
block("negative", "ja", """
アジア = -
東南アジア = -
中東 = -
アフリカ = -
西ヨーロッパ = -
欧州委員会 = -
国連 = -
北大西洋条約機構 = -
ソ連 = -
ユーゴスラビア = -
東ドイツ = -
東京 = -
ナイル川 = -
""")
block("negative", "id", """
Eropa Barat = -
Timur Tengah = -
Asia Tenggara = -
Amerika Latin = -
Uni Afrika = -
Komisi Eropa = -
Parlemen Eropa = -
PBB = -
Uni Soviet = -
Kalimantan = -
Laut Cina Selatan = -
""")
block("negative", "vi", """
Châu Phi = -
Tây Âu = -
Trung Đông = -
Đông Nam Á = -
Mỹ Latinh = - # Latin America (contains Mỹ)
Liên minh châu Phi = - # African Union
Ủy ban châu Âu = -
Nghị viện châu Âu = -
Liên Hợp Quốc = -
Liên Xô = -
Nam Tư = -
Tiệp Khắc = -
Đông Đức = - # East Germany (contains Đức)
Hà Nội = -
Biển Đông = -
sông Mê Kông = -
Bắc Kinh = -
""")


# ---------------------------------------------------------------- typo checker
def osa(a, b):
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            c = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + c)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(ch for ch in s if not unicodedata.combining(ch))


# reference names: every Latin-script positive row written above + ISO names
ref = {}
for inp, exp, kind, lang, note in rows:
    if len(exp) == 3 and exp.isupper() and not exp.isdigit() and fold(inp).isascii() and len(inp) > 3:
        ref.setdefault(exp, set()).add(fold(inp).strip())
dropped = []
for item in TYPOS.split("|"):
    t, code = item.split("=")
    ft = fold(t)
    best = {c: min(osa(ft, n) for n in names) for c, names in ref.items()}
    d_target = best[code]
    others = sorted((d, c) for c, d in best.items() if c != code)
    if ft in ref.get(code, ()) or d_target > 2 or others[0][0] <= d_target + 1:
        dropped.append((t, code, d_target, others[:2]))
        continue
    add(t, code, "typo", "en", TYPO_NOTES.get(t, f"edit distance {d_target}; next country {others[0][1]} at {others[0][0]}"))
for d in dropped:
    print("typo dropped:", d)

# ---------------------------------------------------------------- stratified subsample to ~1,500
SMALL = set("TUV NRU PLW SMR LIE AND COM SWZ LSO BTN MDV BRN TLS KIR VUT VCT KNA LCA MHL SLB FSM FJI TON WSM CPV STP MCO VAT".split())
MUST_NEG = {"Africa", "Western Europe", "European Commission", "European Parliament", "Court of Justice of the European Union",
            "Interpol", "UNODC", "ASEAN", "African Union", "NATO", "Guatemala City", "Lake Chad", "Gulf of Guinea",
            "N/A", "Total", "None", "unknown", "USSR", "Yugoslavia", "Czechoslovakia", "East Germany",
            "Serbia and Montenegro", "Niger River", "Congo River", "Lake Malawi", "New Guinea", "Andorra la Vella",
            "Brazzaville", "Kinshasa", "Korean Peninsula", "Order of Malta", "Bank of England", "", " "}
QUOTA = {"untc_en": 160, "untc_fr": 85, "inverted": 95, "code": 100, "iso_name": 200, "noise": 100}
MUST = {"Pays-Bas (Royaume des)", "Fédération de Russie", "France 1", "Belgium*", "Korea, Republic of", "Congo, Dem. Rep.",
        "Sudan (the)", "Tiongkok", "Korsel", "Trung Quốc", "Hoa Kỳ", "Republic of Korea", "Hong Kong", "Türkiye 10",
        "Iran (Islamic Republic of) 11", "Netherlands (Kingdom of the) 5, 6", "State of Palestine 9", "Holy See (signed)"}
LANG_QUOTA = {"multilingual": 25, "negative": 9}   # per language (English negatives: 100)
keep = set()


def take(idx, q, is_pri):
    pri = [i for i in idx if is_pri(i)]
    rest = [i for i in idx if i not in set(pri)]
    return set(pri) | set(rng.sample(rest, max(0, min(len(rest), q - len(pri)))))


for kind, q in QUOTA.items():
    idx = [i for i, r in enumerate(rows) if r[2] == kind]
    keep |= take(idx, q, lambda i: i in PRIORITY or bool(rows[i][4]) or rows[i][0] in MUST)
for kind, q in LANG_QUOTA.items():
    for lang in sorted({r[3] for r in rows if r[2] == kind}):
        idx = [i for i, r in enumerate(rows) if r[2] == kind and r[3] == lang]
        qq = 100 if (kind, lang) == ("negative", "en") else q
        keep |= take(idx, qq, lambda i: bool(rows[i][4]) or rows[i][0] in MUST or (kind == "multilingual" and rows[i][1] in SMALL and rng.random() < 0.6)
                     or (kind == "negative" and rows[i][0] in MUST_NEG))
keep |= {i for i, r in enumerate(rows) if r[2] not in QUOTA and r[2] not in LANG_QUOTA}
rows = [r for i, r in enumerate(rows) if i in keep]

# ---------------------------------------------------------------- write
out = HERE / "holdout.csv"
with out.open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["input", "expected", "kind", "lang", "note"])
    w.writerows(rows)
from collections import Counter
print(len(rows), "rows")
print(Counter(r[2] for r in rows))
print(Counter(r[3] for r in rows))
