"""Fill the English catalogue from the glossary below (run by `make translations`).

Dutch is the source language; this keeps the English wording in one reviewable place.
Strings missing here stay untranslated (shown in Dutch) and are listed on stdout.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "outreach/translations/en/LC_MESSAGES/messages.po"

GLOSSARY = {
    "Account aangemaakt.": "Account created.",
    "Wijziging opgeslagen.": "Change saved.",
    "Onbekend e-mailadres of verkeerd wachtwoord.": "Unknown e-mail address or wrong password.",
    "E-mailadres": "E-mail address",
    "Wachtwoord": "Password",
    "Ingelogd blijven op dit apparaat": "Stay logged in on this device",
    "Naam": "Name",
    "Telefoon (werk)": "Phone (work)",
    "Rol": "Role",
    "Actief": "Active",
    "Buurten (CBS, PDOK of eigen bestand)": "Neighbourhoods (CBS, PDOK or own file)",
    "Straten (OpenStreetMap of NWB)": "Streets (OpenStreetMap or NWB)",
    "Adressen (BAG of OpenStreetMap)": "Addresses (BAG or OpenStreetMap)",
    "Soort bestand": "Kind of file",
    "GeoJSON-bestand": "GeoJSON file",
    "Coördinatenstelsel (EPSG-code, alleen als het bestand het niet noemt)":
        "Coordinate system (EPSG code, only if the file does not name it)",
    "Veld met de buurtcode (alleen bij een eigen bestand)":
        "Field holding the neighbourhood code (own file only)",
    "Veld met de buurtnaam (alleen bij een eigen bestand)":
        "Field holding the neighbourhood name (own file only)",
    "Veld-app": "Field app",
    "Deuren en gesprekken loggen, ook offline.": "Log doors and conversations, offline too.",
    "Kaart en planning": "Map and planning",
    "Dekking, hotspots en routes per buurt.": "Coverage, hotspots and routes per neighbourhood.",
    "Rondes": "Rounds",
    "Rondes plannen, toewijzen en looplijsten printen.":
        "Plan and assign rounds, print walk lists.",
    "Opvolging": "Follow-up",
    "Terugbellen, overdrachten en wat te laat is.": "Callbacks, handovers and what is overdue.",
    "Rapportage": "Reports",
    "Wat de rondes opleverden, per buurt.": "What the rounds achieved, per neighbourhood.",
    "Gebruikers": "Users",
    "Accounts en rollen.": "Accounts and roles.",
    "Gegevens importeren": "Import data",
    "Buurten, straten en adressen uit GeoJSON.":
        "Neighbourhoods, streets and addresses from GeoJSON.",
    "Veldwerker": "Outreach worker",
    "Coördinator": "Coordinator",
    "Teamleider": "Team lead",
    "Beheerder": "Administrator",
    "Bloemenronde": "Flower round",
    "Koffie (bakfiets)": "Coffee (cargo bike)",
    "Ronde": "Round",
    "Hoofdmenu": "Main menu",
    "Uitloggen": "Log out",
    "kaartgegevens: CBS, Kadaster, © OpenStreetMap-bijdragers":
        "map data: CBS, Kadaster, © OpenStreetMap contributors",
    "Buurten uit CBS of PDOK (WGS84 of RD New), straten uit OpenStreetMap of NWB, adressen uit "
    "de BAG. Opnieuw importeren werkt bij; er gaat niets dubbel.":
        "Neighbourhoods from CBS or PDOK (WGS84 or RD New), streets from OpenStreetMap or NWB, "
        "addresses from the BAG. Importing again updates; nothing is doubled.",
    "Niet geïmporteerd": "Not imported",
    "Er is niets gewijzigd.": "Nothing was changed.",
    "Import gelukt": "Import done",
    "Meer opties": "More options",
    "Importeren": "Import",
    "Account": "Account",
    "Account bewerken": "Edit account",
    "Nieuw account": "New account",
    "Laat leeg om het wachtwoord te houden.": "Leave empty to keep the password.",
    "Minstens 12 tekens.": "At least 12 characters.",
    "Opslaan": "Save",
    "Annuleren": "Cancel",
    "Status": "Status",
    "Laatst ingelogd": "Last login",
    "actief": "active",
    "gedeactiveerd": "deactivated",
    "Inloggen": "Log in",
    "Voor veldwerkers, coördinatoren, teamleiders en beheerders.":
        "For outreach workers, coordinators, team leads and administrators.",
    "Geen toegang": "No access",
    "Deze pagina is niet voor jouw rol.": "This page is not for your role.",
    "Naar de startpagina": "To the start page",
    "Niet gevonden": "Not found",
    "Deze pagina bestaat niet (meer).": "This page does not exist (any more).",
    "Bestand te groot": "File too large",
    "Het bestand is groter dan de server aanneemt.": "The file is larger than the server accepts.",
    "Even wachten": "Please wait",
    "Te veel pogingen. Probeer het over een minuut opnieuw.":
        "Too many attempts. Try again in a minute.",
    "Geen rondes gepland.": "No rounds planned.",
    "komt in een volgende versie": "coming in a later version",
    "Start": "Start",
    "Beheer": "Administration",
    "Accounts, partners en buurtgegevens.": "Accounts, partners and neighbourhood data.",
    "actieve accounts": "active accounts",
    "buurten": "neighbourhoods",
    "straten": "streets",
    "partners": "partners",
    "Waar je werkt": "Where you work",
    "Planning en dekking": "Planning and coverage",
    "Zie welke straten en buurten bereikt zijn en plan de volgende ronde.":
        "See which streets and neighbourhoods were reached and plan the next round.",
    "open opvolgingen": "open follow-ups",
    "Komende rondes": "Upcoming rounds",
    "Opvolging en rapportage": "Follow-up and reports",
    "Wat na de voordeur gebeurt: terugbellen, warme overdracht, en wat de rondes opleveren.":
        "What happens after the door closes: callbacks, warm handovers, and what the rounds "
        "achieve.",
    "over de termijn": "overdue",
    "Hallo %(name)s": "Hello %(name)s",
    "Jouw rondes en opvolging. In het veld werk je in de veld-app, ook zonder netwerk.":
        "Your rounds and follow-ups. In the field you work in the field app, even without network.",
    "open opvolgingen van jou": "of your follow-ups open",
    "contacten in 30 dagen": "contacts in 30 days",
    "Jouw komende rondes": "Your upcoming rounds",
    "Formulier verlopen": "Form expired",
    "Het formulier was verlopen of kwam niet van deze site. Ga terug, laad de pagina opnieuw en "
    "probeer het nog eens.":
        "The form had expired or did not come from this site. Go back, reload the page and try "
        "again.",
    "Dit veld ontbreekt.": "This field is missing.",
    "Dit veld mag niet leeg zijn.": "This field may not be empty.",
    "Ongeldige waarde.": "Invalid value.",
    "Ongeldige invoer: verwacht een object.": "Invalid input: expected an object.",
    "Onbekend veld.": "Unknown field.",
    "Verwacht tekst.": "Expected text.",
    "Verwacht een geheel getal.": "Expected a whole number.",
    "Verwacht een getal.": "Expected a number.",
    "Verwacht ja of nee (true/false).": "Expected yes or no (true/false).",
    "Geen geldige id (UUID).": "Not a valid id (UUID).",
    "Geen geldig tijdstip (ISO 8601).": "Not a valid time (ISO 8601).",
    "Tijdstip zonder tijdzone: stuur het met een offset.":
        "Time without a time zone: send it with an offset.",
    "Geen geldige datum (JJJJ-MM-DD).": "Not a valid date (YYYY-MM-DD).",
    "Verwacht een lijst.": "Expected a list.",
    "Kies een geldige waarde.": "Choose a valid value.",
    "Lengtegraad moet tussen -180 en 180 liggen.": "Longitude must be between -180 and 180.",
    "Breedtegraad moet tussen -90 en 90 liggen.": "Latitude must be between -90 and 90.",
    "Onmogelijke nauwkeurigheid.": "Impossible accuracy.",
    "Een huisnummer is 1 tot 99999.": "A house number is 1 to 99999.",
    "Hoogstens 13 hulpvragen.": "At most 13 help questions.",
    "Hoogstens 20 talenten.": "At most 20 talents.",
    "Alleen bij uitkomst 'gesprek'.": "Only with outcome 'gesprek' (conversation).",
    "Opvolging kan alleen met toestemming (anoniem of opvolging).":
        "A follow-up needs consent (anoniem or opvolging).",
    "Naam en telefoon alleen met toestemming 'opvolging'.":
        "Name and phone only with consent 'opvolging'.",
    "Kies de straat bij dit huisnummer, of zet locatie aan.":
        "Choose the street of this house number, or turn on location.",
    "Deze ronde bestaat niet of je bent er niet voor ingedeeld.":
        "This round does not exist or you are not assigned to it.",
    "Deze opvolging hoort al bij een ander contact.":
        "This follow-up already belongs to another contact.",
    "We weten niet waar dit contact was: kies een straat of zet locatie aan.":
        "We do not know where this contact was: choose a street or turn on location.",
}


def main() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        english = GLOSSARY.get(message.id if isinstance(message.id, str) else message.id[0])
        if english:
            message.string = english
            message.flags.discard("fuzzy")
        elif not message.string:
            missing.append(message.id)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")


if __name__ == "__main__":
    main()
