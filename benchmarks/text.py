"""Deterministic multilingual filler text for the benchmark corpus.

Adapted from shared/bench/gen_corpus.py (vocabulary and paragraph shapes kept,
so bodies have the same size and Markdown mix as the peers' benchmark corpus).
"""
from __future__ import annotations

import json
import random

LANGS = ("nl", "no", "en")
SHARED_FRACTION = 0.70  # share of article indices that exist in all three languages

# --------------------------------------------------------------------------- vocab
WORDS = {
    "en": """the of and to in a is that for it as with was on be by this are from at or an
have not which but all they were their one has been more when there will would can who
cluster innovation region industry network research energy maritime digital health food
companies members partners project funding strategy growth market export knowledge
sustainable development technology university startup ecosystem collaboration policy
offshore hydrogen battery aquaculture fisheries agriculture logistics manufacturing
software platform data security infrastructure transport mobility circular economy
climate transition investment capital program government council report annual
board director chair meeting conference event workshop seminar training skills talent
education students jobs employment workforce productivity competitiveness supply chain
value customers products services solutions pilot testbed laboratory prototype scale
international european nordic national local community public private sector members
agreement memorandum cooperation alliance consortium initiative launch announce expand
""".split(),
    "nl": """de het een van en in is dat op te met voor zijn niet aan er maar om ook als
bij door naar dan nog wel uit worden heeft hebben werd kan zal meer over tot wordt
cluster innovatie regio industrie netwerk onderzoek energie maritiem digitaal zorg voedsel
bedrijven leden partners project financiering strategie groei markt export kennis
duurzaam ontwikkeling technologie universiteit startup ecosysteem samenwerking beleid
offshore waterstof batterij aquacultuur visserij landbouw logistiek maakindustrie
software platform gegevens beveiliging infrastructuur vervoer mobiliteit circulaire economie
klimaat transitie investering kapitaal programma overheid gemeente rapport jaarlijks
bestuur directeur voorzitter vergadering congres evenement werkplaats seminar opleiding
vaardigheden talent onderwijs studenten banen werkgelegenheid productiviteit
waardeketen klanten producten diensten oplossingen proeftuin laboratorium prototype
internationaal europees noords nationaal lokaal gemeenschap publiek privaat sector
overeenkomst samenwerkingsverband alliantie consortium initiatief lancering uitbreiding
coöperatie ideeën één financiële geïnvesteerd efficiënt
""".split(),
    "no": """og i det som en på er for til av med at den ikke de har om et var fra
men kan vil skal også ble blir eller han hun seg så etter over under mellom
klynge innovasjon region industri nettverk forskning energi maritim digital helse mat
bedrifter medlemmer partnere prosjekt finansiering strategi vekst marked eksport kunnskap
bærekraftig utvikling teknologi universitet oppstart økosystem samarbeid politikk
havvind hydrogen batteri havbruk fiskeri landbruk logistikk industri
programvare plattform data sikkerhet infrastruktur transport mobilitet sirkulær økonomi
klima omstilling investering kapital program regjering kommune rapport årlig
styre direktør styreleder møte konferanse arrangement verksted seminar opplæring
ferdigheter talent utdanning studenter jobber sysselsetting produktivitet
verdikjede kunder produkter tjenester løsninger pilot testsenter laboratorium prototyp
internasjonal europeisk nordisk nasjonal lokal fellesskap offentlig privat sektor
avtale intensjonsavtale allianse konsortium initiativ lansering utvidelse
næringsliv første fjær sjømat grønn kraft Tromsø Ålesund Bodø Trondheim Bærum
""".split(),
}

TITLE_WORDS = {
    "en": ["Café", "Résumé", "Fjørd", "Næringsliv", "Ålesund", "Zoë", "Noël", "Tromsø", "Rotterdam",
           "Eindhoven", "Bergen", "Stavanger", "Maritime", "Hydrogen", "Battery", "Offshore",
           "Cluster", "Network", "Innovation", "Summit", "Strategy", "Growth", "Exports", "Talent"],
    "nl": ["Café", "Coöperatie", "Ideeën", "Één", "Financiële", "Geïnvesteerd", "Zoë", "Noël",
           "Tromsø", "Ålesund", "Rotterdam", "Eindhoven", "Groningen", "Maritiem", "Waterstof",
           "Batterij", "Offshore", "Cluster", "Netwerk", "Innovatie", "Groei", "Export", "Talent"],
    "no": ["Ørland", "Bærum", "Ålesund", "Tromsø", "Næringsliv", "Sjømat", "Grønn", "Kraft",
           "Fjæra", "Café", "Zoë", "Bodø", "Trondheim", "Havvind", "Hydrogen", "Batteri",
           "Klynge", "Nettverk", "Innovasjon", "Vekst", "Eksport", "Økosystem", "Omstilling"],
}

TAGS = {
    "en": ["energy", "maritime", "digital", "health", "food", "hydrogen", "offshore wind",
           "funding", "events", "policy", "startups", "research", "export", "talent", "café culture"],
    "nl": ["energie", "maritiem", "digitaal", "zorg", "voedsel", "waterstof", "wind op zee",
           "financiering", "evenementen", "beleid", "startups", "onderzoek", "export", "talent", "ideeën"],
    "no": ["energi", "maritim", "digital", "helse", "sjømat", "hydrogen", "havvind",
           "finansiering", "arrangementer", "politikk", "oppstart", "forskning", "eksport", "talent", "grønn omstilling"],
}

HEADINGS = {
    "en": ["Background", "What happens next", "Key figures", "Partners", "Funding", "Outlook",
           "About the cluster", "Results", "Challenges", "Timeline"],
    "nl": ["Achtergrond", "Wat gebeurt er nu", "Kerncijfers", "Partners", "Financiering",
           "Vooruitblik", "Over het cluster", "Resultaten", "Uitdagingen", "Tijdlijn"],
    "no": ["Bakgrunn", "Hva skjer videre", "Nøkkeltall", "Partnere", "Finansiering",
           "Utsikter", "Om klyngen", "Resultater", "Utfordringer", "Tidslinje"],
}

COUNTRIES = {
    "NL": ["Noord-Holland", "Zuid-Holland", "Noord-Brabant", "Gelderland", "Groningen", "Limburg", "Utrecht"],
    "NO": ["Vestland", "Rogaland", "Trøndelag", "Nordland", "Troms og Finnmark", "Møre og Romsdal", "Viken"],
    "BE": ["Vlaanderen", "Wallonië", "Brussel"],
    "DK": ["Hovedstaden", "Midtjylland", "Syddanmark"],
    "SE": ["Västra Götaland", "Skåne", "Stockholm"],
}
SECTORS = ["energy", "maritime", "ict", "health", "agrifood", "hydrogen", "offshore-wind",
           "aquaculture", "logistics", "manufacturing", "space", "chemistry", "tourism", "creative"]


def q(s: str) -> str:
    """YAML-safe double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


# --------------------------------------------------------------------------- text
class Text:
    def __init__(self, rng: random.Random, lang: str):
        self.r = rng
        self.lang = lang
        self.w = WORDS[lang]

    def sentence(self, lo=8, hi=20, inline=True) -> str:
        r = self.r
        n = r.randint(lo, hi)
        words = [r.choice(self.w) for _ in range(n)]
        if inline:
            roll = r.random()
            i = r.randrange(n)
            if roll < 0.12:
                words[i] = f"*{words[i]}*"
            elif roll < 0.20:
                words[i] = f"**{words[i]}**"
            elif roll < 0.28:
                j = min(n, i + r.randint(1, 3))
                words[i:j] = [f"[{' '.join(words[i:j])}](https://example.org/{self.lang}/{r.randint(1, 99999)})"]
            elif roll < 0.31:
                words[i] = f"`{words[i]}`"
        s = " ".join(words)
        return s[0].upper() + s[1:] + r.choice(".....?!")

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(3, 7)))

    def title(self) -> str:
        r = self.r
        parts = [r.choice(self.w).capitalize() for _ in range(r.randint(2, 4))]
        parts.insert(r.randrange(len(parts) + 1), r.choice(TITLE_WORDS[self.lang]))
        if r.random() < 0.5:
            parts.append(r.choice(TITLE_WORDS[self.lang]))
        return " ".join(parts)

    def body(self, target_words: int, want_table: bool, want_code: bool) -> str:
        r = self.r
        out: list[str] = [self.paragraph()]
        words = len(out[0].split())
        heads = HEADINGS[self.lang][:]
        r.shuffle(heads)
        table_done = code_done = False
        while words < target_words:
            h = heads.pop() if heads else self.sentence(2, 5, inline=False).rstrip(".?!")
            level = "##" if r.random() < 0.75 else "###"
            out.append(f"{level} {h}")
            for _ in range(r.randint(1, 3)):
                p = self.paragraph()
                out.append(p)
                words += len(p.split())
            roll = r.random()
            if roll < 0.30:
                items = [self.sentence(4, 12) for _ in range(r.randint(3, 6))]
                out.append("\n".join(f"- {x}" for x in items))
                words += sum(len(x.split()) for x in items)
            elif roll < 0.45:
                items = [self.sentence(4, 12) for _ in range(r.randint(3, 5))]
                out.append("\n".join(f"{k}. {x}" for k, x in enumerate(items, 1)))
                words += sum(len(x.split()) for x in items)
            elif roll < 0.52:
                out.append("> " + self.sentence(10, 25))
            if want_table and not table_done and r.random() < 0.5:
                table_done = True
                hdr = [r.choice(self.w).capitalize() for _ in range(3)]
                rows = ["| " + " | ".join(hdr) + " |", "|---|---|---:|"]
                for _ in range(r.randint(3, 8)):
                    rows.append(f"| {r.choice(self.w)} | {r.choice(self.w)} {r.choice(self.w)} | {r.randint(1, 99999)} |")
                out.append("\n".join(rows))
            if want_code and not code_done and r.random() < 0.5:
                code_done = True
                out.append("```python\n"
                           f"def members(cluster_id: int) -> list[str]:\n"
                           f"    # {self.sentence(4, 8, inline=False)}\n"
                           f"    rows = db.query('SELECT name FROM members WHERE cluster = ?', cluster_id)\n"
                           f"    return [r.name for r in rows if r.active]\n"
                           "```")
        return "\n\n".join(out) + "\n"


