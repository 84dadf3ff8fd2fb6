"""The seven regional conferences as the seed report's appendices give them.

Places, dates, titles, programmes and organisations come from the report; every PERSON is
invented (speakers, moderators, contacts, inspirers), with addresses under example.org/.se.
Speakers are written "name; role; organisation". Slots: (start, end, kind, title, description,
speakers); kind "s" session, "b" break, "w" workshop block; start "~10:00" hides the time.
"""

from __future__ import annotations

FOLLOW_UP = "Regional konferens för uppföljning av överenskommelsen inom integrationsområdet"
NATIONAL = "Den nationella överenskommelsen inom integrationsområdet"
AUDIENCE = (
    "Alla som är verksamma och engagerade inom integrationsområdet: föreningsaktiva, "
    "politiker, tjänstemän, praktiker, företagare m.fl."
)
FREE = "Dagen är kostnadsfri. Fika och lunch ingår."

SERIES = {
    2011: "Regionala konferenser hösten 2011",
    2012: "Regionala konferenser hösten 2012",
    2013: "Regionala konferenser hösten 2013",
}

CONFERENCES = [
    {
        "key": "stockholm-2011",
        "title": NATIONAL,
        "guiding_question": (
            "Hur kan den användas i integrationsarbetet i Stockholms och Mälardalens regioner?"
        ),
        "date": "2011-11-25",
        "start_time": "08:30",
        "end_time": "15:30",
        "venue_name": "Citykonferensen/Ingenjörshuset",
        "street_address": "Malmskillnadsgatan 46",
        "town": "Stockholm",
        "target_audience": AUDIENCE,
        "programme_highlights": (
            "Vad innehåller överenskommelsen inom integrationsområdet?\n"
            "Vilka insatser behövs?\n"
            "Vad krävs av organisationer och myndigheter för att mer ska hända?\n"
            "Hur gå från ord till handling?"
        ),
        "price_includes": "Fika och lunch ingår.",
        "offers_lost_earnings": True,
        "reimbursement_rules": (
            "Företrädare för ideella organisationer har möjlighet till ersättning för förlorad "
            "arbetsinkomst."
        ),
        "registration_deadline": "2011-11-17",
        "registration_info": "Anmälan via e-post till konferensadressen.",
        "contact_name": "Leila Haddad",
        "contact_email": "konferens.stockholm@example.org",
        "hosts": ["SIOS", "Afrosvenskarnas Riksförbund"],
        "programme": [
            ("08:30", "09:00", "b", "Registrering", "", []),
            (
                "09:00",
                "09:15",
                "s",
                "Välkomstord",
                "",
                [
                    "Aylin Demirtas; vice ordförande; SIOS",
                    "Samuel Okafor; ; Afrosvenskarnas Riksförbund",
                ],
            ),
            (
                "09:15",
                "10:15",
                "s",
                "Överenskommelsen inom integrationsområdet: Parternas utgångspunkter",
                "",
                [
                    "Eva Lindqvist; statssekreterare; Utbildningsdepartementet",
                    "Per Almgren; ; Sveriges Kommuner och Landsting",
                    "Karin Sjöberg; ; Sociala Missionen",
                ],
            ),
            ("10:15", "10:45", "b", "Kaffepaus", "", []),
            (
                "10:45",
                "12:00",
                "s",
                "Överenskommelsen inom integrationsområdet – förutsättningar och villkor "
                "för dialog",
                "Två organisationers syn",
                [
                    "Marco Bellini; doktorand; Malmö högskola",
                    "Diego Ramírez; verksamhetssekreterare; SIOS",
                    "Grace Mwangi; vice ordförande; Afrosvenskarnas Riksförbund i Stockholm",
                ],
            ),
            ("12:00", "13:00", "b", "Lunch", "", []),
            (
                "13:00",
                "14:00",
                "s",
                "Två myndigheters syn",
                "Panelsamtal: Möjligheter till samverkan. Samtalsledare: Diego Ramírez, SIOS.",
                [
                    "Lars Ekman; ; Arbetsförmedlingen",
                    "Helena Lantz; kommunalråd; Botkyrka kommun",
                    "Per Almgren; ; Sveriges Kommuner och Landsting",
                    "Samuel Okafor; ; Afrosvenskarnas Riksförbund",
                ],
            ),
            (
                "14:00",
                "15:25",
                "s",
                "Arbete i grupper och återkoppling: Vad kan varje organisation och myndighet göra "
                "inom ramen för Överenskommelsen inom integrationsområdet?",
                "",
                [],
            ),
            ("15:25", "15:30", "s", "Avslutning", "", []),
        ],
    },
    {
        "key": "goteborg-2011",
        "title": FOLLOW_UP,
        "guiding_question": (
            "Hur kan överenskommelsens intentioner genomföras regionalt och lokalt?"
        ),
        "welcome_text": (
            "En överenskommelse om samarbete med mottagande av asylsökande, nyanländas "
            "etablering samt integration har tecknats mellan regeringen, idéburna organisationer "
            "inom integrationsområdet och Sveriges Kommuner och Landsting. Denna dag kommer vi "
            "att diskutera hur dess intentioner kan genomföras regionalt och lokalt."
        ),
        "date": "2011-12-01",
        "start_time": "09:00",
        "end_time": "16:00",
        "venue_name": "Folkets hus i Hammarkullen",
        "town": "Göteborg",
        "target_audience": (
            "Dig som är verksam och engagerad inom integrationsområdet. Föreningsaktiva, "
            "politiker, tjänstemän och andra intresserade."
        ),
        "price_includes": "Dagen är kostnadsfri, lunch och fika ingår.",
        "registration_deadline": "2011-11-21",
        "contact_name": "Birgitta Sandell",
        "contact_email": "birgitta.sandell@example.se",
        "contact_phone": "070-000 11 21",
        "more_info_url": "http://www.regeringen.se/sb/d/9735/a/122283",
        "moderator": "Maja Forsberg, processledare",
        "hosts": ["Nätverket Plattform Göteborg"],
        "programme": [
            ("09:00", "09:30", "b", "Registrering och kaffemingel", "", []),
            (
                "09:30",
                "10:30",
                "s",
                "Inledning",
                "",
                [
                    "Lars Ekman; ; Arbetsförmedlingen",
                    "Sofia Lundmark; ; Regeringskansliet",
                    "Per Almgren; ; SKL",
                    "Diego Ramírez; ; SIOS",
                ],
            ),
            ("10:30", "11:00", "b", "Kaffemingel", "", []),
            (
                "11:00",
                "11:45",
                "s",
                "Behövs frivilligorganisationer i förorten?",
                "",
                [
                    "Omid Rahimi; ; Röda Korset",
                ],
            ),
            ("11:45", "12:00", "s", "Information om eftermiddagens workshop", "", []),
            ("12:00", "13:00", "b", "Lunch – Caritas i Hjällbo står för en matupplevelse", "", []),
            (
                "13:00",
                "13:30",
                "s",
                "Jag blev integrerad först när jag hade mitt eget kantarellställe.",
                "",
                [
                    "Deniz Aksoy; lärare och stå upp-komiker",
                ],
            ),
            (
                "13:30",
                "14:30",
                "w",
                "Workshops utifrån integrationsöverenskommelsens områden",
                "",
                [],
            ),
            ("14:30", "15:00", "b", "Kaffemingel", "", []),
            ("15:00", "16:00", "s", "Summering från ord till handling", "", []),
        ],
    },
    {
        "key": "boden-2011",
        "title": f"{FOLLOW_UP} – Norrbotten",
        "guiding_question": (
            "Hur kan idéburna organisationer och offentliga aktörer samverka för ökad integration?"
        ),
        "welcome_text": (
            "Regeringen, Sveriges Kommuner och Landsting samt representanter för idéburna "
            "organisationer inom integrationsområdet bjuder under hösten in till fyra regionala "
            "konferenser för uppföljning av överenskommelsen inom integrationsområdet. En av "
            "dessa sker i Norrbotten.\n\nKaffe serveras från 8.30."
        ),
        "date": "2011-12-06",
        "start_time": "09:00",
        "end_time": "17:00",
        "venue_name": "Folkets Hus Boden",
        "street_address": "Färgaregatan 12",
        "town": "Boden",
        "target_audience": (
            "Alla regionala och lokala aktörer som är verksamma eller som har intresse att "
            "utveckla verksamhet inom integrationsområdet: föreningsaktiva, politiker, "
            "tjänstemän, praktiker, företagare m.fl."
        ),
        "programme_highlights": (
            "Vad innebär överenskommelsen inom integrationsområdet\n"
            "Vilka insatser behövs?\n"
            "Hur går vi från ord till handling i Norrbotten?\n"
            "Goda exempel"
        ),
        "offers_travel_reimbursement": True,
        "offers_lost_earnings": True,
        "reimbursement_rules": "Möjlighet till reseersättning/arvode för ideella organisationer.",
        "registration_deadline": "2011-11-28",
        "registration_info": "Anmälan via e-post eller telefon till kansliet.",
        "contact_name": "Hanna Nyström",
        "contact_email": "kansli.norrbotten@example.org",
        "contact_phone": "070-000 28 11",
        "more_info_url": "http://www.overenskommelsen.se",
        "hosts": ["Hela Sverige ska leva Norrbotten"],
        "programme": [
            ("08:30", "09:00", "b", "Kaffe", "", []),
            (
                "09:00",
                "17:00",
                "s",
                "Överenskommelsen, insatserna och goda exempel",
                "Vad innebär överenskommelsen, vilka insatser behövs och hur går vi från ord till "
                "handling i Norrbotten?",
                [
                    "Sofia Lundmark; ; Regeringskansliet",
                    "Lars Ekman; avdelningen för Integration och Etablering; Arbetsförmedlingen",
                    "Ingrid Wallin; ; Röda Korset",
                    "Diego Ramírez; ; SIOS – samarbetsorgan för etniska organisationer i Sverige",
                    "Arne Viklund; ; Uppsala föreningsråd",
                ],
            ),
        ],
    },
    {
        "key": "sundsvall-2011",
        "title": (
            "Tillsammans eller var och en för sig – En dialogdag om bättre samverkan i arbetet "
            "med integration"
        ),
        "guiding_question": "Vad innebär överenskommelsen för oss i Västernorrland?",
        "welcome_text": (
            "En överenskommelse har tecknats mellan den idéburna och den offentliga sektorn. "
            "Syftet med dialogdagen är att göra överenskommelsen känd och diskutera hur dess "
            "intentioner kan genomföras regionalt och lokalt."
        ),
        "date": "2011-12-15",
        "start_time": "09:00",
        "end_time": "16:00",
        "venue_name": "Folkets Hus",
        "street_address": "Esplanaden 29",
        "town": "Sundsvall",
        "target_audience": (
            "Tjänstemän och politiker i länets kommuner, landsting och andra myndigheter, "
            "medlemmar i den ideella sektorn samt näringslivet."
        ),
        "programme_highlights": (
            "Vad innebär överenskommelsen för oss i Västernorrland?\n"
            "Goda exempel på lyckade integrationsarbeten regionalt / lokalt\n"
            "Förslag och idéer\n"
            "Hur gå från ord till handling?"
        ),
        "price_includes": "Ingen kostnad. Fika och lunch ingår.",
        "offers_travel_reimbursement": True,
        "min_round_trip_km": 100,
        "reimbursement_request_deadline": "2011-12-10",
        "reimbursement_rules": (
            "Reseersättning kan sökas av frivilliga inom den ideella sektorn för resor på mer än "
            "10 mil tur och retur. Önskemål skickas via e-post till kontaktpersonen. Vi utgår "
            "från att samåkning sker."
        ),
        "registration_deadline": "2011-12-10",
        "registration_info": (
            "Anmälan via e-post. Ange namn, telefon, organisation/myndighet/företag, e-post och "
            "särskild kost."
        ),
        "cancellation_terms": "Anmälan är bindande. Ersättare kan utses.",
        "contact_name": "Annika Sundberg, Röda Korset",
        "contact_email": "annika.sundberg@example.org",
        "contact_phone": "060-000 16 82",
        "hosts": ["Röda Korset Västernorrland"],
        "programme": [
            ("09:00", "10:00", "b", "Registrering och fikabuffé", "", []),
            ("10:00", None, "s", "Dialogdagen öppnas", "", []),
            (
                "~10:00",
                None,
                "s",
                "Överenskommelsen inriktning integration. Parternas utgångspunkt och åtaganden.",
                "",
                [
                    "Eva Lindqvist; statssekreterare",
                    "Sofia Lundmark; ; Regeringskansliet",
                    "Lars Ekman; ; Arbetsförmedlingen",
                    "Per Almgren; ; SKL",
                ],
            ),
            (
                "~10:00",
                None,
                "s",
                "Goda exempel på samverkan mellan den offentliga och den idéburna sektorn.",
                "",
                [],
            ),
            ("~10:00", None, "s", "Kulturella inslag med koppling till dialogdagen", "", []),
            ("~10:00", None, "b", "Lunch", "", []),
            ("~10:00", None, "s", "Miniseminarium", "", []),
            (
                "~10:00",
                None,
                "w",
                "Workshop kring hur vi kan utveckla integrationsarbetet regionalt / lokalt",
                "",
                [],
            ),
            ("~10:00", None, "s", "Dialog och reflektioner från dagen", "", []),
            ("~10:00", None, "s", "Avslutning", "", []),
        ],
    },
]

MALMO_WORKSHOP_INTRO = (
    "Varje Dialog-Workshop börjar med några korta impulser. Därefter förs dialoger i mindre "
    "grupper kring vilka möjligheter och hinder det finns för idéburna organisationers "
    "engagemang på integrationsområdet samt för deras interaktion med övriga samhällsaktörer. "
    "Frågor från Dialog-Workshop tas upp under panelsamtalet."
)

CONFERENCES += [
    {
        "key": "malmo-2012",
        "title": "Integration genom interaktion",
        "guiding_question": (
            "Vilka möjligheter och hinder finns för idéburna organisationers integrationsarbete "
            "i interaktion med övriga samhällsaktörer?"
        ),
        "welcome_text": (
            "Konferensen vill vara ett forum för sektorsövergripande möten och dialog. "
            "Konferensen vill genom föreläsning, impuls och dialogworkshop samt panelsamtal "
            "synliggöra möjligheter och hinder för idéburna organisationers integrationsarbete i "
            "interaktion med övriga samhällsaktörer.\n\n"
            "Konferensen anordnas på uppdrag av Överenskommelsen om samverkan mellan regeringen, "
            "idéburna organisationer inom integrationsområdet och SKL och Överenskommelsen om "
            "samverkan mellan Region Skåne och den idéburna sektorn i Skåne."
        ),
        "date": "2012-11-19",
        "start_time": "12:00",
        "end_time": "19:00",
        "venue_name": "Kockum Fritid",
        "town": "Malmö",
        "target_audience": (
            "Representanter från idéburna organisationer, politiker och tjänstemän från "
            "Landstinget och kommunerna i Skåne, tjänstemän från Länsstyrelsen i Skåne län och "
            "andra myndigheter i Skåne, representanter från näringslivet och från de skånska "
            "lärosätena Lunds universitet, Malmö högskola och Kristianstads högskola."
        ),
        "programme_highlights": (
            "Föreläsning: Integration och social sammanhållning – möjligheter och hinder\n"
            "Sju dialog-workshoppar: hälsa, språk, boende, arbete, utbildning, mötesplatser, "
            "antidiskriminering\n"
            "Panelsamtal med politiker utifrån workshopparna"
        ),
        "contact_name": "Nadia Karimi, SIOS Syd",
        "contact_email": "konferens.malmo@example.se",
        "more_info_url": "http://www.siossyd.se",
        "moderator": "Ulrika Holm – Malmö stad",
        "hosts": [
            "ABF Malmö",
            "Folksam",
            "Kommunförbundet Skåne",
            "Länsstyrelsen Skåne",
            "Malmö stad",
            "Region Skåne",
            "SIOS Syd",
            "Social Ekonomi Skåne",
        ],
        "programme": [
            ("11:30", None, "b", "Registrering", "", []),
            ("12:00", None, "b", "Lunch", "", []),
            ("12:45", None, "s", "Välkommen", "", ["Bahram Naderi; ordförande; SIOS Syd"]),
            (
                "13:00",
                None,
                "s",
                "Öppningstal",
                "",
                [
                    "Gunilla Thorén; landshövding; Länsstyrelsen i Skåne län",
                    "Mattias Ohlsson; regionråd; Region Skåne",
                    "Rolf Engström; kommunfullmäktiges ordförande; Malmö stad",
                ],
            ),
            (
                "13:35",
                None,
                "s",
                "Intentioner med den nationella överenskommelsen på integrationsområdet",
                "",
                [
                    "Karin Sjöberg; ordförande i styrgruppen för överenskommelsens uppföljning",
                    "Louise Falk; ; Regeringskansliet",
                    "Marianne Öst; ; Sveriges Kommuner och Landsting (SKL)",
                    "Ida Svensson; ; Länsstyrelsen i Skåne län/Partnerskap Skåne",
                ],
            ),
            (
                "14:05",
                None,
                "s",
                "Föreläsning ”Integration och social sammanhållning: Möjligheter och hinder”",
                "",
                [
                    "Arash Farahani; professor; Mittuniversitetet Östersund",
                ],
            ),
            ("14:40", None, "s", "Kortintroduktion till Workshop", "", []),
            ("14:45", None, "b", "Fika och utställning", "", []),
            (
                "15:15",
                "16:40",
                "w",
                "Dialog-Workshop (Hitta din workshop i deltagarlistan!)",
                MALMO_WORKSHOP_INTRO,
                [],
            ),
            ("16:40", None, "b", "Fika och utställning", "", []),
            (
                "17:00",
                None,
                "s",
                "Stå-upp-repertoar ”All you need to know about Sweden”",
                "",
                [
                    "Moa Lindfors",
                    "Tove Berg",
                    "Jesper Ahl",
                ],
            ),
            (
                "17:45",
                None,
                "s",
                "Panelsamtal utifrån workshopen",
                "",
                [
                    "Agneta Hjort; (KD), Hälsa och Boende; Region Skåne",
                    "Ove Rydberg; (MP), Mötesplatser; Region Skåne",
                    "Emil Vestergaard; (V), Antidiskriminering; Region Skåne",
                    "Bertil Sand; (M), Språk och Utbildning; Kommunförbundet Skåne",
                    "Hassan Jama; (S), Arbete; Malmö stad",
                ],
            ),
            ("18:45", None, "s", "Avslutning", "", []),
            ("19:00", None, "b", "Mingel", "", []),
            ("20:00", None, "s", "Konferensslut", "", []),
        ],
        # (title, theme, inspirers) for the workshop block.
        "workshops": [
            (
                "Hälsa",
                "health",
                "Camilla Rydén – Unilabs AB\n"
                "Hodan Warsame – Samhälls- och hälsokommunikatörer i Skåne",
            ),
            (
                "Språk",
                "language",
                "Jonas Bergman och Karim Saleh – Folksam\n"
                "Emma Lundin – Region Skåne, folkbildning och bibliotek",
            ),
            (
                "Boende",
                "housing",
                "Frida Sjögren – AB Helsingborgshem\n"
                "Milena Jovanović – Hyresgästföreningen norra Skåne",
            ),
            (
                "Arbete",
                "work",
                "Pablo Ortega – Stiftelse Uppstart Malmö\nLena Ahlström – Företags-MIX i Eslöv",
            ),
            (
                "Utbildning",
                "education",
                "Sara Nilsdotter – ABF Malmö/Yalla Trappan\n"
                "Rut Molander och Adam Falk – Datautbildning AB",
            ),
            (
                "Mötesplatser",
                "meeting_places",
                "Abdi Farah – Somaliska Kultur- & Fritidsföreningen i Svalöv\n"
                "Agnieszka Nowak – SIOS Syd\nTiina Mäkelä – WinWin Malmö",
            ),
            (
                "Antidiskriminering",
                "anti_discrimination",
                "Thomas Reid – Lunds universitet/Centrum mot rasism\n"
                "Ousman Ceesay – Afrosvenskarnas Forum för Rättvisa",
            ),
        ],
    },
    {
        "key": "koping-2012",
        "title": NATIONAL,
        "guiding_question": "Hur kan den användas i integrationsarbetet i Mellansverige?",
        "welcome_text": (
            "Syftet med konferensen är att vara en mötesplats och forum för alla som "
            "intresserar sig och arbetar med integrationsfrågor. Vad innehåller överenskommelsen "
            "inom integrationsområdet? Vad krävs av organisationer och myndigheter för en "
            "konstruktiv utveckling? Vilka hinder och möjligheter finns?"
        ),
        "date": "2012-12-10",
        "start_time": "09:00",
        "end_time": "16:00",
        "venue_name": "Opalen i Folkets hus",
        "street_address": "Karlagatan 2",
        "town": "Köping",
        "target_audience": (
            "Alla som är verksamma och engagerade inom integrationsområdet såsom "
            "föreningsaktiva, politiker, tjänstemän, praktiker, företagare, m.fl."
        ),
        "programme_highlights": (
            "Vad innehåller överenskommelsen inom integrationsområdet?\n"
            "Vad krävs av organisationer och myndigheter för en konstruktiv utveckling?\n"
            "Vilka hinder och möjligheter finns?"
        ),
        "contact_name": "Paola Ricci, SIOS Mellansverige",
        "contact_email": "konferens.koping@example.org",
        "moderator": "Azad Baran, vice ordförande i SIOS och ordförande i Kurdiska Riksförbundet",
        "hosts": [
            "Bilda",
            "Folkets Hus och Parker",
            "Hela Sverige ska leva",
            "Hyresgästföreningen",
            "SIOS Mellansverige",
            "Svenska kyrkan",
        ],
        "programme": [
            ("09:00", "09:30", "b", "Registrering och kaffe", "", []),
            (
                "09:30",
                "09:45",
                "s",
                "Välkommen",
                "",
                [
                    "Paola Ricci; ordförande; SIOS Mellansverige",
                    "Mats Hedin; kommunalråd; Köpings kommun",
                ],
            ),
            (
                "09:45",
                "10:10",
                "s",
                "Länsstyrelsens syn på Överenskommelsen inom integrationsområdet",
                "",
                [
                    "Lennart Borg; landshövding; Västmanlands län",
                ],
            ),
            (
                "10:10",
                "10:40",
                "s",
                "Överenskommelsen inom integrationsområdet: Parternas utgångspunkter",
                "",
                [
                    "Karin Sjöberg; ordförande i styrgruppen för uppföljningen av Överenskommelsen "
                    "inom integrationsområdet",
                    "Sofia Lundmark; ; Regeringskansliet",
                    "Marianne Öst; ; Sveriges Kommuner och Landsting",
                ],
            ),
            ("10:40", "11:10", "b", "Paus", "", []),
            (
                "11:10",
                "12:00",
                "s",
                "Omförhandling av samhällskontraktet",
                "Föreläsning om det civila samhället och organisationernas roll.",
                [
                    "Erik Dahlgren; docent; Handelshögskolan",
                ],
            ),
            ("12:00", "13:00", "b", "Lunch", "", []),
            (
                "13:00",
                "14:00",
                "s",
                "Konferensens arrangörer ger sin syn på Överenskommelsen inom integrationsområdet",
                "Företrädare för organisationer som arrangerar konferensen och tecknat "
                "Överenskommelsen inom integrationsområdet ger sin syn på den utifrån sina "
                "perspektiv.",
                [
                    "Diego Ramírez; ; SIOS",
                    "Daniel Holt; ; Svenska kyrkan",
                    "Siv Granlund; ; Hela Sverige ska leva",
                    "Kjell Ivarsson; ; Hela Sverige ska leva",
                    "Maj Ekvall; ; Bilda",
                    "Roger Nylén; ; Folkets Hus och Parker",
                    "Ulf Sjödin; ; Hyresgästföreningen",
                ],
            ),
            (
                "14:00",
                "15:25",
                "s",
                "Arbete i grupper: möjligheter och hinder för samverkan inom ramen för "
                "Överenskommelsen inom integrationsområdet",
                "Kaffe serveras under arbetet.",
                [],
            ),
            ("15:25", "16:00", "s", "Samling och diskussion", "", []),
            ("16:00", None, "s", "Avslutning", "", []),
        ],
    },
    {
        "key": "ronneby-2013",
        "title": "Regional konferens för uppföljning av Överenskommelsen inom integrationsområdet",
        "guiding_question": (
            "Hur kan överenskommelsens intentioner bäst genomföras lokalt och regionalt?"
        ),
        "welcome_text": (
            "En överenskommelse om samarbete med mottagande av asylsökande, nyanländas "
            "etablering samt integration har tecknats mellan regeringen, idéburna organisationer "
            "och Sveriges Kommuner och Landsting. På denna konferens diskuterar vi hur "
            "överenskommelsens intentioner bäst kan genomföras lokalt och regionalt.\n\n"
            "Genom konferensen vill vi göra Överenskommelsen känd och inspirera till handling."
        ),
        "date": "2013-10-21",
        "start_time": "09:00",
        "end_time": "16:00",
        "venue_name": "Stora Salen på Ronneby Brunn",
        "town": "Ronneby",
        "target_audience": (
            "Alla som är engagerade och intresserade av frågor inom integrationsområdet såsom "
            "föreningsaktiva, politiker, tjänstemän, praktiker, företagare, m fl."
        ),
        "programme_highlights": (
            "Hur kan länsstyrelser, arbetsförmedlingen, kommuner och landsting öka de ideella "
            "organisationernas delaktighet med överenskommelsen som verktyg?\n"
            "Hur kan organisationerna öka sitt deltagande i integrationsarbetet inom ramen för "
            "överenskommelsen?\n"
            "Intressanta föredrag från ansvariga och goda exempel från föreningar och offentlig "
            "verksamhet"
        ),
        "price_includes": "Konferensen är kostnadsfri, fika och lunch ingår.",
        "registration_deadline": "2013-10-06",
        "registration_info": "Anmälan görs via Länsstyrelsens hemsida.",
        "cancellation_deadline": "2013-10-05",
        "late_cancellation_fee_ore": 40000,
        "cancellation_terms": "Anmälan är bindande men kan överlåtas till kollega.",
        "exhibition_tables_offered": True,
        "exhibition_info": "Ta kontakt med projektledaren.",
        "contact_name": "Tobias Ek, projektledare",
        "contact_email": "tobias.ek@example.se",
        "contact_phone": "0734-00 00 10",
        "more_info_url": "http://www.lansstyrelsen.se",
        "moderator": "Maria Strand, journalist och f.d. ledarskribent på Blekinge läns tidning",
        "hosts": [
            "Länsbygderådet i Blekinge",
            "Länsbygderådet i Kalmar län",
            "Länsstyrelsen Blekinge län",
            "Länsstyrelsen Kalmar län",
            "SIOS",
        ],
        "programme": [
            ("09:00", None, "b", "Kaffe och registrering", "", []),
            (
                "09:30",
                None,
                "s",
                "Välkommen",
                "",
                [
                    "Nils Ekdahl; ordförande; Länsbygderådet i Blekinge",
                    "Åke Sundin; ordförande; Länsbygderådet i Kalmar län",
                    "Ulla Brandt; landshövding; Blekinge län",
                    "Göran Wikner; landshövding; Kalmar län",
                ],
            ),
            (
                "09:45",
                None,
                "s",
                "Intentionen med Överenskommelsen – De tre parter som tecknat Överenskommelsen "
                "berättar om sina utgångspunkter och syfte",
                "",
                [
                    "Cecilia Borg; Enheten för integration och urban utveckling; "
                    "Arbetsmarknadsdepartementet",
                    "Marianne Öst; ordförande i styrgruppen för Överenskommelsen; SKL",
                    "Diego Ramírez; verksamhetssekreterare; SIOS",
                ],
            ),
            ("10:45", None, "b", "Paus", "", []),
            (
                "11:00",
                None,
                "s",
                "Etableringslotsar och praktikplatser – Något för föreningarna?",
                "",
                ["Lina Rosén; avd. Integration och Etablering; Arbetsförmedlingen"],
            ),
            ("12:00", None, "b", "Lunch", "", []),
            (
                "13:00",
                None,
                "s",
                "Integration i Blekinge och Kalmar län",
                "",
                [
                    "Ulla Brandt; landshövding; Blekinge län",
                    "Göran Wikner; landshövding; Kalmar län",
                ],
            ),
            (
                "13:30",
                None,
                "s",
                "Nätverk – Aktivitet – Delaktighet",
                "",
                [
                    "Oskar Lind; projektledare; Nätverk Social Ekonomi Skåne",
                ],
            ),
            (
                "14:00",
                None,
                "s",
                "Mentor till Mentor",
                "",
                [
                    "Naomi Frisk; verksamhetsledare; Röda korset Kalmarkretsen",
                ],
            ),
            ("14:30", None, "b", "Kaffe", "", []),
            ("15:00", None, "s", "Bordtennisskola och idrottslyft för alla", "", ["Lyckeby BTK"]),
            (
                "15:20",
                None,
                "s",
                "Barn i Väntan / Barn i Start",
                "",
                [
                    "Arben Krasniqi; ; Karlshamns kommun",
                    "Parisa Moradi; ; Länsstyrelsen Blekinge",
                ],
            ),
            (
                "15:40",
                None,
                "s",
                "Hur går vi vidare från ord till handling?",
                "Paneldebatt och samtal",
                [],
            ),
            ("16:00", None, "s", "Avslutning", "Mingel för de som vill fortsätta diskussionen", []),
        ],
    },
]
