"""Short field notes as workers write them: about the situation, never naming anyone."""

from ...models.enums import HelpCategory, TalentKind

CONVERSATION_NOTES = (
    "Woont hier al ruim dertig jaar, kent de straat goed.",
    "Net verhuisd, kent nog niemand in de buurt.",
    "Blij met de bloemen; vertelde over de buurt van vroeger.",
    "Positief over de buurt, wel zorgen over het parkeren.",
    "Jong gezin, zoekt contact met andere ouders.",
    "Mantelzorger voor partner, weinig tijd voor zichzelf.",
    "Vindt het fijn dat er iemand langskomt.",
    "Wil graag weten wat er in het buurthuis te doen is.",
    "Werkt in ploegendienst, vaak overdag thuis.",
    "Praatte lang over de tuin en de buren.",
    "Kent de buren niet, wil dat wel graag.",
    "Had vragen over de nieuwe bestrating.",
)
DOOR_OPEN_NOTES = (
    "Had geen tijd, nam de bloemen wel aan.",
    "Kookte net, vriendelijk maar kort.",
    "Verstond weinig Nederlands; folder meegegeven.",
    "Kinderen deden open.",
)
NOT_HOME_NOTES = ("Kaartje in de bus gedaan.", "Bel werkt niet.", "Buren zeggen: op vakantie.")
REFUSED_NOTES = ("Geen interesse.", "Wil niet gestoord worden.", "Dacht aan een verkoper.")
COFFEE_NOTES = (
    "Kwam speciaal voor de koffie na de flyer.",
    "Liep langs met de hond, bleef een half uur.",
    "Vaste bezoeker van het pleintje, kent iedereen.",
    "Kwam met de buurvrouw mee.",
    "Vertelde over de bankjes die weg zijn.",
)
STREET_NOTES = (
    "Aangesproken bij de brievenbus.",
    "Was de stoep aan het vegen, praatje gemaakt.",
    "Op weg naar de supermarkt, kort gesprek.",
)

HELP_NOTES: dict[HelpCategory, tuple[str, ...]] = {
    HelpCategory.eenzaamheid: (
        "Ziet weinig mensen sinds de partner overleed.",
        "Kinderen wonen ver weg; zou graag met buren koffie drinken.",
        "Komt de deur nauwelijks uit, vooral in de winter.",
    ),
    HelpCategory.geld_schulden: (
        "Achterstand met huur en energie; durft de post niet open te maken.",
        "Vraagt waar je hulp krijgt bij schulden.",
        "Rekeningen stapelen zich op sinds het ontslag.",
    ),
    HelpCategory.wonen: (
        "Schimmel in de badkamer, corporatie reageert niet.",
        "Woning te groot sinds de kinderen uit huis zijn.",
        "Trap wordt te zwaar, zoekt gelijkvloers.",
    ),
    HelpCategory.werk: ("Zoekt werk na ontslag, weet niet waar te beginnen.",
                        "Wil na jaren thuis weer aan het werk."),
    HelpCategory.inkomen_regelingen: (
        "Weet niet of er recht is op toeslagen.",
        "Hulp gevraagd bij de aanvraag energietoeslag.",
    ),
    HelpCategory.gezondheid: ("Slecht ter been, boodschappen lukken niet meer.",
                              "Wacht al lang op een afspraak in het ziekenhuis."),
    HelpCategory.psychisch: ("Voelt zich somber en slaapt slecht.",
                             "Veel zorgen, weet niet bij wie terecht te kunnen."),
    HelpCategory.taal: ("Wil beter Nederlands leren; brieven zijn moeilijk.",
                        "Zoekt een taalmaatje."),
    HelpCategory.opvoeding: ("Zorgen over een puber die niet naar school gaat.",
                             "Alleenstaande ouder, zoekt ondersteuning."),
    HelpCategory.juridisch: ("Vraag over huurcontract en opzegging.",),
    HelpCategory.veiligheid: ("Voelt zich 's avonds onveilig bij de steeg; slechte verlichting.",
                              "Inbraak bij de buren, maakt zich zorgen."),
    HelpCategory.leefbaarheid: ("Overlast van afval bij de containers.",
                                "Hangjongeren bij het speelveld, veel lawaai.",
                                "Wil graag meer groen in de straat."),
    HelpCategory.anders: ("Vraag over de parkeervergunning.",),
}

TALENT_NOTES: dict[TalentKind, str] = {
    TalentKind.vrijwilligerswerk: "Heeft tijd over en wil iets voor de buurt doen.",
    TalentKind.koken: "Kookt graag voor grote groepen.",
    TalentKind.taal: "Oud-docent, wil best taalles geven.",
    TalentKind.klussen: "Was timmerman, helpt graag met klussen.",
    TalentKind.creatief: "Schildert, wil een workshop geven.",
    TalentKind.zorg: "Gepensioneerd verpleegkundige, wil wel eens bij iemand langsgaan.",
    TalentKind.anders: "Wil de buurtapp bijhouden.",
}

# Fictional residents for follow-ups with consent `opvolging`.
RESIDENT_NAMES = (
    "Anneke Visser", "Mohamed Bouzid", "Gerda Smit", "Ahmet Kaya", "Wilma de Graaf",
    "Dewi Soekhoe", "Henk Mulder", "Sevda Aydın", "Truus van Dijk", "Kofi Mensah",
    "Marja Willems", "Rachid el Idrissi", "Joke Peters", "Anita Ramcharan", "Piet Schouten",
    "Ewa Nowak", "Bep Kok", "Youssef Amrani", "Ria van Leeuwen", "Tamara Bos",
)
