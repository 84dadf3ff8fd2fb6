"""The parties' measures and their progress reports for 2011, retold from seed 001.

okconf's own words: the measures, figures, dates and names of organisations are the seed's,
the sentences are not. (party, number, short title, commitment, {year: progress}).
"""

from __future__ import annotations

from okconf.steering.models import AgreementParty as P

UNCHANGED = "Åtgärden gäller som tidigare; inget nytt att rapportera för året."

GOVERNMENT = [
    (
        1,
        "Enklare ansökningar om projektbidrag",
        "Regeringen arbetar med bl.a. Migrationsverket och ESF-rådet för att det ska bli "
        "lättare för ideella organisationer att söka bidrag till integrationsprojekt.",
        "Integrationsfondens handledning för ansökningar skrevs om och kom i två delar, i juni "
        "och i augusti 2011; den gäller från årsprogrammet 2011. Projekten kan dessutom få "
        "processtöd utan kostnad, bl.a. om tillgänglighet, jämställdhet och lärande.",
    ),
    (
        2,
        "Organisationerna i de lokala utvecklingsavtalen",
        "Regeringen har lokala utvecklingsavtal med 21 kommuner (2008–2010) och följer särskilt "
        "hur ideella organisationer får plats i de lokala partnerskapen.",
        "Civilsamhällets plats i avtalen har sett olika ut: på en del håll deltar "
        "organisationerna både i planeringen och i partnerskapet. De kommunala bostadsbolagen "
        "har varit med nästan överallt; i Halmstad samordnade bostadsbolaget arbetet och i "
        "Luleå samverkade myndigheter och organisationer.",
    ),
    (
        3,
        "Yrkesinriktat mentorskap för nyanlända",
        "Ett treårigt projekt ger nyanlända en mentor utifrån yrke, utbildning eller erfarenhet, "
        "bl.a. genom organisationer i det civila samhället; Ungdomsstyrelsen fördelar 5 "
        "miljoner kronor 2010.",
        "Ungdomsstyrelsen stöder nio mentorsprojekt som pågår i tre år, drivna av bl.a. "
        "företagarföreningar, fackliga organisationer, studieförbund, etniska och humanitära "
        "organisationer. En delrapport kommer våren 2012 och slutrapporten hösten 2014.",
    ),
    (
        4,
        "Etableringslotsar",
        "Nyanlända får välja en etableringslots, och idéburna organisationer kan erbjuda "
        "lotstjänster på samma villkor som andra.",
        "Arbetsförmedlingen har ett valfrihetssystem för lotsar sedan lagen trädde i kraft den "
        "1 maj 2010. Vid årsskiftet 2011/12 fanns 191 etableringslotsar med verksamhet på 941 "
        "adresser, och i december fanns lotsar i 193 kommuner.",
    ),
    (
        5,
        "De nationella minoriteternas inflytande",
        "Kommunerna ger de nationella minoriteterna inflytande i frågor som rör dem och samråder "
        "med deras organisationer.",
        "Arbetet med regeringens tredje strategi för de mänskliga rättigheterna började våren "
        "2011. Samråden, där minoriteternas organisationer ofta var inbjudna, pågick till slutet "
        "av mars 2012.",
    ),
    (
        6,
        "Romers livsvillkor",
        "Delegationen för romska frågor lämnar förslag, och Länsstyrelsen i Stockholms län stöder "
        "kommuner i arbetet för den romska minoriteten.",
        "En tjugoårig strategi för romsk inkludering antogs i februari 2012, med "
        "pilotverksamhet 2012–2015 i fem kommuner: Göteborg, Helsingborg, Linköping, Luleå och "
        "Malmö. Länsstyrelsen får 1,5 miljoner kronor 2012 för uppföljning och samordning.",
    ),
    (
        7,
        "Information om arbetet på integrationsområdet",
        "Regeringen berättar för den ideella sektorn om relevant arbete i Regeringskansliet och "
        "hos myndigheterna.",
        "En arbetsgrupp för politiken för det civila samhället, med flera departement, började "
        "2011. Samråden ska bli fler och räknas i en årlig enkät, och en handledning för "
        "samråd har skrivits.",
    ),
    (
        8,
        "Den ideella sektorn hörs i utredningar",
        "Regeringen hör den ideella sektorn, bl.a. i utredningar om integrationsfrågor.",
        "Se åtgärd 7.",
    ),
    (
        9,
        "Erfarenheter och metoder sprids",
        "Regeringen tar vara på organisationernas erfarenheter och verkar för att deras "
        "metodutveckling blir känd.",
        "2011 var Europaåret för frivilligt arbete, i Sverige samordnat av Ungdomsstyrelsen. "
        "En utställning i Europahuset i augusti samlade drygt 60 organisationer, flera av dem "
        "på integrationsområdet.",
    ),
    (
        10,
        "Mentorer i föreningslivet",
        "Malmö Ideella föreningars Paraplyorganisation (MIP) arbetar på Regeringskansliets "
        "uppdrag med seminarier och nätverk om mentorer för nyanlända i föreningslivet.",
        "MIP har kartlagt metoder, hållit ett seminarium och undersökt intresset för ett "
        "nationellt nätverk; resultatet finns i rapporten Mer välkommen.",
    ),
    (
        11,
        "Engagemangsguider",
        "Ungdomsstyrelsen fördelar 13 miljoner kronor 2010 till organisationer som arbetar "
        "uppsökande med engagemangsguider i områden där få är med i föreningar.",
        "Uppdraget har förnyats med 10 miljoner kronor för 2011 och lika mycket för 2012.",
    ),
    (
        12,
        "Mångfald och likabehandling i organisationerna",
        "Ungdomsstyrelsen för samtal med ett tiotal organisationer om mångfald och fördelar 5 "
        "miljoner kronor 2010 till arbete mot diskriminering i den egna verksamheten.",
        "Uppdraget redovisades i rapporten Även vi kan diskriminera (2010); 2011 års arbete "
        "finns i Även vi kan diskriminera II.",
    ),
    (
        13,
        "Forskning om det civila samhället",
        "Ett tioårigt forskningsprogram om det civila samhället, med ca 22 miljoner kronor om "
        "året, inrättas 2010.",
        "Femton ansökningar fick rambidrag i fem år, sammanlagt 73,5 miljoner kronor; runt 60 "
        "forskare vid nio lärosäten är verksamma. 2011 delar fyra projekt tio miljoner kronor "
        "över tre år.",
    ),
    (
        14,
        "Statistik om det civila samhället",
        "SCB tar fram samlad statistik om det civila samhället.",
        "SCB:s första publikation kom i september 2011, med en referensgrupp från "
        "organisationerna; en uppdatering kommer hösten 2012.",
    ),
    (
        15,
        "Arbetsintegrerande sociala företag",
        "Regeringen beslutar om en handlingsplan så att fler arbetsintegrerande sociala företag "
        "kan starta och växa.",
        "Handlingsplanen beslutades den 22 april 2010; den bygger på samverkan mellan "
        "myndigheter, kommuner, företag och ideella organisationer.",
    ),
    (
        16,
        "Anordnargruppen för fas 3",
        "Regeringen följer den anordnargrupp där bl.a. ideella organisationer kan vara med i "
        "arbetet med jobb- och utvecklingsgarantins tredje fas.",
        "Gruppen bidrog när fas 3 startade och är nu avslutad.",
    ),
    (
        17,
        "Sociala företag och organisationer i fas 3",
        "Arbetsförmedlingen har ramavtal med bl.a. Röda Korset, Hela Sverige ska leva och "
        "Svenska kyrkan; regeringen överväger hur fler sociala företag och organisationer kan "
        "delta.",
        "Arbetsförmedlingen köper tjänster av den sociala ekonomin, och RESA-uppdraget har "
        "förlängts till 2014. Socialfonden satsade 80 miljoner kronor, vilket gav tio projekt.",
    ),
    (
        18,
        "Jobbgarantin för ungdomar",
        "Jobbgarantin för ungdomar fortsätter, och praktik kan göras hos idéburna organisationer.",
        UNCHANGED,
    ),
    (
        19,
        "Instegsjobb i ideella organisationer",
        "Regeringen överväger hur myndigheterna kan ge plats för fler instegsjobb hos ideella "
        "organisationer.",
        "Drygt 7 500 personer hade ett instegsjobb under 2011, fler än åren före. Praktisk "
        "kompetensutveckling i upp till tre månader kan också ges hos ideella organisationer.",
    ),
    (
        20,
        "Utrikes födda kvinnor utanför arbetsmarknaden",
        "Arbetsförmedlingen driver 2009–2010 ett pilotprojekt med föreningar för att nå "
        "utrikes födda kvinnor som står utanför arbetsmarknaden.",
        "Projektet redovisades i tid. Uppsökande arbete nådde kvinnor som annars inte hade "
        "kontaktat Arbetsförmedlingen, och föreningarna vill fortsätta samarbetet.",
    ),
    (
        21,
        "Sfi på folkhögskola",
        "Den som antagits till sfi ska kunna läsa det på en folkhögskola med betygsrätt.",
        "Lagen (SFS 2010:252) trädde i kraft den 28 juni 2010; kommunen ersätter folkhögskolan "
        "som för sin egen sfi.",
    ),
    (
        22,
        "Yrkesvux med sfi",
        "Kommunerna får statsbidrag till yrkesutbildning för vuxna, där sfi kan ingå och "
        "ideella organisationer kan medverka.",
        UNCHANGED,
    ),
    (
        23,
        "Europeiska året mot fattigdom 2010",
        "ESF-rådet samordnar Sveriges del i det europeiska året mot fattigdom och social "
        "utestängning 2010.",
        "Temaåret har genomförts.",
    ),
]

SKL = [
    (
        1,
        "Göra överenskommelsen känd",
        "SKL bidrar till att kommuner, landsting och regioner känner till överenskommelsen.",
        "Överenskommelsen finns på förbundets webbplats och skickades till kontaktpersonerna "
        "för integration i alla kommuner. Den är en del av SKL:s arbete med flyktingmottagande "
        "och presenterades på de fyra regionala konferenserna hösten 2011.",
    ),
    (
        2,
        "Sprida goda exempel",
        "SKL sprider goda exempel på lokal samverkan mellan kommuner och idéburna organisationer.",
        "I februari 2011 kom rapporten Samverkan vid mottagande av nyanlända invandrare med tio "
        "exempel på lokal samverkan. SKL följer upp några av dem 2012 och 2013.",
    ),
    (
        3,
        "Myndigheternas roll",
        "SKL påminner andra aktörer, främst statliga myndigheter, om att de också har en roll i "
        "samverkan med idéburna organisationer.",
        "SKL har under 2011 berättat om överenskommelsen i sina nätverk med bl.a. "
        "Arbetsförmedlingen och länsstyrelserna; intresset för samverkan växer.",
    ),
]

CIVIL_SOCIETY = [
    (
        1,
        "Gemensamt arbete med överenskommelsen",
        "De organisationer som undertecknat överenskommelsen samordnar sitt arbete och utser "
        "sina representanter i styrgruppen.",
        "Organisationerna möttes i juni 2011 (ett tiotal kom) och utsåg fyra representanter och "
        "fyra ersättare; i augusti föreslog de orter och arrangörer för de regionala "
        "konferenserna och SIOS som mottagare av uppföljningens medel.",
    ),
    (
        2,
        "Regionala konferenser",
        "Organisationerna arrangerar regionala konferenser som gör överenskommelsen känd.",
        "Konferenserna hölls i Stockholm (SIOS och Afrosvenskarnas Riksförbund), Göteborg "
        "(Nätverket Plattform Göteborg), Boden (Hela Sverige ska leva) och Sundsvall (Röda "
        "Korset och Caritas).",
    ),
]

MEASURES = [
    (party, n, title, text, {2011: report})
    for party, measures in (
        (P.GOVERNMENT, GOVERNMENT),
        (P.CIVIL_SOCIETY, CIVIL_SOCIETY),
        (P.SKL, SKL),
    )
    for n, title, text, report in measures
]
